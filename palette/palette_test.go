package palette

import (
	"image/color"
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
)

func rgba(c color.Color) color.RGBA { return color.RGBAModel.Convert(c).(color.RGBA) }

// TestPresetColorsStable: a preset keeps its colour whatever its position
// and whatever the other policies of the run (issue 11: waterfall and
// direct were the same blue with 9 policies, objective orange in one
// report and green in another).
func TestPresetColorsStable(t *testing.T) {
	nine := []string{"waterfall", "waterfall_no_veto", "objective", "bant", "matrix", "telequal", "sla_1h", "feedback", "direct"}
	three := []string{"waterfall", "objective", "direct"}
	other := []string{"direct", "objective"}
	c9, c3, c2 := Colors(nine), Colors(three), Colors(other)
	assert.Equal(t, c9[0], c3[0], "waterfall")
	assert.Equal(t, c9[2], c3[1], "objective")
	assert.Equal(t, c3[1], c2[1], "objective")
	assert.Equal(t, c9[8], c3[2], "direct")
	assert.Equal(t, c3[2], c2[0], "direct")
	assert.Equal(t, policyColors[0], rgba(c3[0]), "waterfall is Okabe–Ito blue")
	assert.Equal(t, policyColors[1], rgba(c3[1]), "objective is Okabe–Ito orange")
	seen := map[color.RGBA]string{}
	for i, c := range c9 {
		if n, ok := seen[rgba(c)]; ok {
			t.Errorf("policies %s and %s have the same colour %v", n, nine[i], c)
		}
		seen[rgba(c)] = nine[i]
	}
}

// TestCustomColors: a custom name keeps its colour across runs that leave
// its colour free, never takes a colour of the run's other policies while
// one is free, and a name given twice has one colour.
func TestCustomColors(t *testing.T) {
	a := Colors([]string{"my_policy"})[0]
	b := Colors([]string{"waterfall", "my_policy", "direct"})[1]
	assert.Equal(t, a, b)
	var names []string
	for i := range NumPolicyColors {
		names = append(names, string(rune('a'+i))+"_custom")
	}
	cs := Colors(names)
	seen := map[color.RGBA]bool{}
	for i, c := range cs {
		assert.False(t, seen[rgba(c)], "%s reuses a colour among %d policies", names[i], NumPolicyColors)
		seen[rgba(c)] = true
	}
	assert.Equal(t, NumPolicyColors, len(seen))
	twice := Colors([]string{"x", "waterfall", "x"})
	assert.Equal(t, twice[0], twice[2])
	assert.Equal(t, Colors(names)[3], PolicyColor(names, 3))
}

func TestColorsOpaque(t *testing.T) {
	assert.GreaterOrEqual(t, NumPolicyColors, 12)
	for i, c := range policyColors {
		assert.Equal(t, uint8(0xFF), c.A, "colour %d: opaque", i)
		// black marks (means, intervals) must stand out: not black.
		assert.Greater(t, deltaE(lab(c, identity), lab(color.RGBA{A: 0xFF}, identity)), 20.0, "colour %d is too close to black", i)
		assert.Greater(t, deltaE(lab(c, identity), lab(color.RGBA{R: 0xFF, G: 0xFF, B: 0xFF, A: 0xFF}, identity)), 10.0, "colour %d is too close to white", i)
	}
}

// TestColorBlindSafe simulates protanopia, deuteranopia and tritanopia
// (Machado, Oliveira and Fernandes 2009, severity 1) and requires every
// two of the first eight colours to stay at least 15 CIELAB units apart,
// and all twelve at least 20 apart in normal vision.
func TestColorBlindSafe(t *testing.T) {
	sims := map[string][3][3]float64{
		"protanopia":   {{0.152286, 1.052583, -0.204868}, {0.114503, 0.786281, 0.099216}, {-0.003882, -0.048116, 1.051998}},
		"deuteranopia": {{0.367322, 0.860646, -0.227968}, {0.280085, 0.672501, 0.047413}, {-0.011820, 0.042940, 0.968881}},
		"tritanopia":   {{1.255528, -0.076749, -0.178779}, {-0.078411, 0.930809, 0.147602}, {0.004733, 0.691367, 0.303900}},
		"normal":       identity,
	}
	for name, m := range sims {
		n, minD := 8, 15.0
		if name == "normal" {
			n, minD = NumPolicyColors, 20.0
		}
		for i := range n {
			for j := i + 1; j < n; j++ {
				d := deltaE(lab(policyColors[i], m), lab(policyColors[j], m))
				assert.GreaterOrEqual(t, d, minD, "%s: colours %d %v and %d %v are %.1f apart", name, i, policyColors[i], j, policyColors[j], d)
			}
		}
	}
}

var identity = [3][3]float64{{1, 0, 0}, {0, 1, 0}, {0, 0, 1}}

// lab returns the CIELAB coordinates (D65) of c seen through the linear
// RGB transform m.
func lab(c color.RGBA, m [3][3]float64) [3]float64 {
	lin := func(v uint8) float64 {
		x := float64(v) / 255
		if x <= 0.04045 {
			return x / 12.92
		}
		return math.Pow((x+0.055)/1.055, 2.4)
	}
	in := [3]float64{lin(c.R), lin(c.G), lin(c.B)}
	var s [3]float64
	for i := range 3 {
		for j := range 3 {
			s[i] += m[i][j] * in[j]
		}
		s[i] = min(1, max(0, s[i]))
	}
	x := (0.4124*s[0] + 0.3576*s[1] + 0.1805*s[2]) / 0.95047
	y := 0.2126*s[0] + 0.7152*s[1] + 0.0722*s[2]
	z := (0.0193*s[0] + 0.1192*s[1] + 0.9505*s[2]) / 1.08883
	f := func(t float64) float64 {
		if t > 0.008856 {
			return math.Cbrt(t)
		}
		return 7.787*t + 16.0/116
	}
	return [3]float64{116*f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z))}
}

func deltaE(a, b [3]float64) float64 {
	return math.Sqrt((a[0]-b[0])*(a[0]-b[0]) + (a[1]-b[1])*(a[1]-b[1]) + (a[2]-b[2])*(a[2]-b[2]))
}
