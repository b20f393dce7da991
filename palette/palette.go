package palette

import "image/color"

// policyColors is the Okabe–Ito palette (Okabe and Ito, "Color Universal
// Design", 2008), which stays distinguishable under the common forms of
// colour-blindness, ordered so that the first colours are also the most
// distinct in greyscale. Yellow, hard to see on white, comes last but one.
var policyColors = [...]color.RGBA{
	{R: 0x00, G: 0x72, B: 0xB2, A: 0xFF}, // blue
	{R: 0xE6, G: 0x9F, B: 0x00, A: 0xFF}, // orange
	{R: 0x00, G: 0x9E, B: 0x73, A: 0xFF}, // bluish green
	{R: 0xD5, G: 0x5E, B: 0x00, A: 0xFF}, // vermillion
	{R: 0xCC, G: 0x79, B: 0xA7, A: 0xFF}, // reddish purple
	{R: 0x56, G: 0xB4, B: 0xE9, A: 0xFF}, // sky blue
	{R: 0xF0, G: 0xE4, B: 0x42, A: 0xFF}, // yellow
	{R: 0x00, G: 0x00, B: 0x00, A: 0xFF}, // black
}

// NumPolicyColors is the number of distinct policy colours; PolicyColor
// repeats them after that.
const NumPolicyColors = len(policyColors)

// PolicyColor returns the colour of the policy at position i in the policy
// order (0 for the first policy). Every figure and the report use it, so a
// policy has the same colour everywhere. The first NumPolicyColors colours
// are distinct and colour-blind safe; after that they repeat (i modulo
// NumPolicyColors). A negative i is treated like its absolute value.
func PolicyColor(i int) color.Color {
	if i < 0 {
		i = -i
	}
	return policyColors[i%NumPolicyColors]
}
