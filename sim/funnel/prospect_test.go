package funnel

import (
	"go/ast"
	"go/parser"
	"go/token"
	"math"
	"math/rand/v2"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestStatusHasOneWriter: every change of a prospect's status goes through
// prospect.become, so the life cycle documented in prospect.go is the
// whole of it.
func TestStatusHasOneWriter(t *testing.T) {
	files, err := filepath.Glob("*.go")
	require.NoError(t, err)
	fset := token.NewFileSet()
	var writers []string
	for _, name := range files {
		if filepath.Ext(name) != ".go" || len(name) > 8 && name[len(name)-8:] == "_test.go" {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, 0)
		require.NoError(t, err)
		for _, d := range f.Decls {
			fn, ok := d.(*ast.FuncDecl)
			if ok && fn.Name.Name == "become" {
				continue
			}
			ast.Inspect(d, func(n ast.Node) bool {
				as, ok := n.(*ast.AssignStmt)
				if !ok {
					return true
				}
				for _, l := range as.Lhs {
					if sel, ok := l.(*ast.SelectorExpr); ok && sel.Sel.Name == "status" {
						writers = append(writers, fset.Position(as.Pos()).String())
					}
				}
				return true
			})
		}
	}
	require.Empty(t, writers, "write the status with prospect.become")
}

// TestUniformIsFloat64: uniform draws what math/rand/v2's Float64 draws
// from the same PCG, to the last bit, so that the signal loop may use it.
func TestUniformIsFloat64(t *testing.T) {
	a, b := rand.NewPCG(7, 11), rand.NewPCG(7, 11)
	r := rand.New(b)
	for i := 0; i < 100000; i++ {
		require.Equal(t, math.Float64bits(r.Float64()), math.Float64bits(uniform(a)), "draw %d", i)
	}
}
