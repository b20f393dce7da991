package palette

import (
	"image/color"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestPolicyColor(t *testing.T) {
	seen := map[color.RGBA]int{}
	for i := range NumPolicyColors {
		c := color.RGBAModel.Convert(PolicyColor(i)).(color.RGBA)
		if j, ok := seen[c]; ok {
			t.Errorf("policies %d and %d have the same colour %v", j, i, c)
		}
		seen[c] = i
		assert.Equal(t, uint8(0xFF), c.A, "policy %d: opaque", i)
		assert.NotEqual(t, color.RGBA{R: 0xFF, G: 0xFF, B: 0xFF, A: 0xFF}, c, "policy %d: not white", i)
	}
	tests := []struct {
		i, same int
	}{
		{0, 0}, {1, 1}, {NumPolicyColors, 0}, {NumPolicyColors + 2, 2}, {-3, 3},
	}
	for _, tc := range tests {
		assert.Equal(t, PolicyColor(tc.same), PolicyColor(tc.i), "PolicyColor(%d)", tc.i)
	}
	// The order is fixed: the first policy is Okabe–Ito blue, the second orange.
	assert.Equal(t, color.RGBA{R: 0x00, G: 0x72, B: 0xB2, A: 0xFF}, PolicyColor(0))
	assert.Equal(t, color.RGBA{R: 0xE6, G: 0x9F, B: 0x00, A: 0xFF}, PolicyColor(1))
}
