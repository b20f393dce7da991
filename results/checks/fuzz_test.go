package checks

import (
	"errors"
	"strings"
	"testing"
)

// maxFuzzExpr bounds the check expressions fuzzed, in bytes: a check is one
// line, and a small bound keeps each execution and the minimisation of new
// inputs cheap.
const maxFuzzExpr = 512

// FuzzParseCheck checks that Parse and Resolve never panic, that their
// errors are *Error with a position inside the expression (and a caret line
// that can be drawn), that the positions of an accepted check point at its
// parts, and that the check written in canonical form (single spaces around
// the operator) parses back to the same references, operator and number.
func FuzzParseCheck(f *testing.F) {
	for _, s := range []string{
		"waterfall.handoff_waste_share.mean < 0.9",
		"objective.leaked_revenue.ci95_high < 2e6",
		"objective.revenue>=60_000_000",
		"  objective.revenue.sd   <=   -3  ",
		"objective.deals_won.p05 > .5",
		"objective.deals_won.p95 > +1.5E-3",
		"objective.revenue > waterfall.revenue",
		"objective.revenue.mean < waterfall.revenue.mean",
		"v1.2.revenue.p50 > 1",
		"v1.revenue > v1.2.revenue",
		"objective.revenue == 3",
		"objective.revenue < 1 < 2",
		"3 < objective.revenue",
		"objective.revenue < 1e999",
		"objective.revenue < 0x10",
		"objective revenue < 1",
		"objective.revenue.p99 < 1",
		"objective.revenue.sd > waterfall.revenue.sd",
		"objective.revenue > objective.revenue",
		"\tobjective.revenue\t<\té",
		"",
		"objective.revenue",
	} {
		f.Add(s)
	}
	pols := []string{"waterfall", "objective", "v1.2", "v1"}
	metrics := []string{"revenue", "handoff_waste_share", "leaked_revenue", "deals_won"}
	f.Fuzz(func(t *testing.T, expr string) {
		if len(expr) > maxFuzzExpr {
			t.Skip("expression beyond the fuzz bound")
		}
		c, err := Parse(expr)
		if err != nil {
			checkError(t, expr, err)
			return
		}
		checkPositions(t, c)
		again, err := Parse(canonical(c))
		if err != nil {
			t.Fatalf("canonical form %q of %q does not parse: %v", canonical(c), expr, err)
		}
		if !sameCheck(c, again) {
			t.Fatalf("canonical form %q of %q parses to %+v, not %+v", canonical(c), expr, again, c)
		}
		for _, m := range [][]string{metrics, nil} {
			c, _ := Parse(expr)
			if err := c.Resolve(pols, m); err != nil {
				checkError(t, expr, err)
			}
		}
	})
}

// checkError fails t unless err is an *Error about expr whose span starts
// inside it (or just past its end) and does not end before it starts.
func checkError(t *testing.T, expr string, err error) {
	t.Helper()
	var e *Error
	if !errors.As(err, &e) {
		t.Fatalf("error is not *Error: %T %v", err, err)
	}
	if e.Expr != expr || e.Msg == "" {
		t.Fatalf("malformed error %#v for %q", e, expr)
	}
	if e.Pos < 0 || e.Pos > len(expr)+1 || e.End < e.Pos || e.End > len(expr)+1 {
		t.Fatalf("error span [%d, %d) outside %q (%d bytes): %v", e.Pos, e.End, expr, len(expr), e)
	}
	_ = e.Caret("  ")
}

// checkPositions fails t unless the offsets of c point at its parts in
// c.Expr.
func checkPositions(t *testing.T, c *Check) {
	t.Helper()
	at := func(pos int, text, what string) {
		if pos < 0 || pos+len(text) > len(c.Expr) || c.Expr[pos:pos+len(text)] != text {
			t.Fatalf("%s %q is not at offset %d of %q", what, text, pos, c.Expr)
		}
	}
	at(c.Left.Pos, c.Left.Text, "left reference")
	at(c.OpPos, c.Op, "operator")
	if c.Right != nil {
		at(c.Right.Pos, c.Right.Text, "right reference")
	} else {
		at(c.NumberPos, c.NumberText, "number")
	}
}

// canonical writes c with single spaces around the operator.
func canonical(c *Check) string {
	right := c.NumberText
	if c.Right != nil {
		right = c.Right.Text
	}
	return strings.Join([]string{c.Left.Text, c.Op, right}, " ")
}

// sameCheck reports whether a and b have the same references, operator and
// number (as text and value).
func sameCheck(a, b *Check) bool {
	if a.Left.Text != b.Left.Text || a.Op != b.Op || (a.Right == nil) != (b.Right == nil) {
		return false
	}
	if a.Right != nil {
		return a.Right.Text == b.Right.Text
	}
	return a.NumberText == b.NumberText && a.Number == b.Number
}
