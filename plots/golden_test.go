package plots

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gonum.org/v1/plot/cmpimg"
)

var update = flag.Bool("update", false, "rewrite the golden images in testdata from the current rendering")

// goldenDelta is the tolerance of the image comparison (cmpimg's
// normalized per-pixel colour distance): rendering is deterministic, the
// tolerance only absorbs rasterizer rounding across platforms.
const goldenDelta = 0.01

// TestGolden renders every figure of the fixed test run to PNG and compares
// it with testdata/<name>.golden.png. Run with -update to regenerate them
// after a deliberate change, and look at the new images before committing.
func TestGolden(t *testing.T) {
	figs, err := Figures(testTable(), testOptions())
	require.NoError(t, err)
	var names []string
	for _, f := range figs {
		names = append(names, f.Name)
	}
	require.Equal(t, []string{"revenue", "funnel", "waste", "effort", "leakage", "speed_to_lead",
		"qualification_by_delay", "weekly_handoffs"}, names)

	for _, f := range figs {
		t.Run(f.Name, func(t *testing.T) {
			var buf bytes.Buffer
			require.NoError(t, Render(&buf, "png", DefaultWidth, DefaultHeight, f.Panels...))
			golden := filepath.Join("testdata", f.Name+".golden.png")
			if *update {
				require.NoError(t, os.WriteFile(golden, buf.Bytes(), 0o644))
				return
			}
			want, err := os.ReadFile(golden)
			require.NoError(t, err, "missing golden image: run go test ./plots -update")
			ok, err := cmpimg.EqualApprox("png", buf.Bytes(), want, goldenDelta)
			require.NoError(t, err)
			if !ok {
				got := filepath.Join(t.TempDir(), f.Name+".png")
				require.NoError(t, os.WriteFile(got, buf.Bytes(), 0o644))
				t.Errorf("%s differs from %s (got written to %s); if the change is intended, run go test ./plots -update",
					f.Name, golden, got)
			}
		})
	}
}

// TestRenderDeterministic checks that rendering the same input twice gives
// the same bytes, in every format WriteAll writes.
func TestRenderDeterministic(t *testing.T) {
	for _, format := range Formats {
		t.Run(format, func(t *testing.T) {
			render := func() []byte {
				p, err := Funnel(testTable())
				require.NoError(t, err)
				var buf bytes.Buffer
				require.NoError(t, Render(&buf, format, DefaultWidth, DefaultHeight, p))
				return buf.Bytes()
			}
			a, b := render(), render()
			assert.NotEmpty(t, a)
			assert.True(t, bytes.Equal(a, b), "two renderings differ")
		})
	}
}
