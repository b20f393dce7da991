package plots

import "image/color"

// lighten returns c mixed with white: f = 0 gives c, f = 1 white.
func lighten(c color.Color, f float64) color.RGBA {
	r, g, b, _ := c.RGBA()
	mix := func(v uint32) uint8 { return uint8(float64(v>>8)*(1-f) + 255*f + 0.5) }
	return color.RGBA{R: mix(r), G: mix(g), B: mix(b), A: 0xFF}
}

// causeColors colour the leakage causes, in the order of leakageCauses.
// They come from Paul Tol's colour-blind safe "light" scheme, paler than
// the policy colours so that a cause is not mistaken for a policy.
var causeColors = [...]color.RGBA{
	{R: 0xDD, G: 0xDD, B: 0xDD, A: 0xFF}, // pale grey: never handed over
	{R: 0xEE, G: 0x88, B: 0x66, A: 0xFF}, // orange: rejected
	{R: 0xEE, G: 0xDD, B: 0x88, A: 0xFF}, // light yellow: ignored
	{R: 0x77, G: 0xAA, B: 0xDD, A: 0xFF}, // light blue: too late
	{R: 0xFF, G: 0xAA, B: 0xBB, A: 0xFF}, // pink: lost in competition
	{R: 0x44, G: 0xBB, B: 0x99, A: 0xFF}, // mint: recycled
}

// gridColor is the colour of grid lines.
var gridColor = color.Gray{Y: 0xE0}
