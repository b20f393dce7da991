package palette

import (
	"hash/fnv"
	"image/color"
	"slices"
)

// policyColors are the policy colours. The first eight are the Okabe–Ito
// palette (Okabe and Ito, "Color Universal Design", 2008), which stays
// distinguishable under the common forms of colour-blindness, with its
// black replaced by a dark grey so that black marks (means, intervals)
// stay visible on every fill; simulated protanopia, deuteranopia and
// tritanopia keep them apart (TestColorBlindSafe). The last four come from
// Paul Tol's "muted" scheme and are distinct from the first eight in
// normal vision. Every colour is opaque.
var policyColors = [...]color.RGBA{
	{R: 0x00, G: 0x72, B: 0xB2, A: 0xFF}, // blue
	{R: 0xE6, G: 0x9F, B: 0x00, A: 0xFF}, // orange
	{R: 0x00, G: 0x9E, B: 0x73, A: 0xFF}, // bluish green
	{R: 0xD5, G: 0x5E, B: 0x00, A: 0xFF}, // vermillion
	{R: 0xCC, G: 0x79, B: 0xA7, A: 0xFF}, // reddish purple
	{R: 0x56, G: 0xB4, B: 0xE9, A: 0xFF}, // sky blue
	{R: 0x50, G: 0x50, B: 0x50, A: 0xFF}, // dark grey
	{R: 0xF0, G: 0xE4, B: 0x42, A: 0xFF}, // yellow
	{R: 0x33, G: 0x22, B: 0x88, A: 0xFF}, // indigo
	{R: 0x11, G: 0x77, B: 0x33, A: 0xFF}, // green
	{R: 0x99, G: 0x99, B: 0x33, A: 0xFF}, // olive
	{R: 0xAA, G: 0x44, B: 0x99, A: 0xFF}, // purple
}

// NumPolicyColors is the number of distinct policy colours. A run with
// more policies repeats them.
const NumPolicyColors = len(policyColors)

// presetColors gives each preset's name (docs/policies.md) its colour, the
// index of one of the first eight colours, so that a policy named after a
// preset has the same colour in every run.
var presetColors = map[string]int{
	"waterfall": 0, // blue
	"objective": 1, // orange
	"direct":    2, // bluish green
	"bant":      3, // vermillion
	"matrix":    4, // reddish purple
	"telequal":  5, // sky blue
	"feedback":  6, // dark grey
	"sla":       7, // yellow
}

// Colors returns the colour of each of the policies names, in their
// order. A policy named after a preset (waterfall, objective, direct,
// bant, matrix, telequal, feedback, sla) always has that preset's colour.
// Another name takes the colour a hash of the name points to, or the next
// one not used by the run's other policies (presets first, then the other
// names in alphabetical order), so that it keeps its colour across runs
// that do not crowd it out. Two policies of a run share a colour only when
// there are more than NumPolicyColors of them; a name given twice gets the
// same colour.
func Colors(names []string) []color.Color {
	idx := make(map[string]int, len(names))
	used := make([]bool, NumPolicyColors)
	var others []string
	for _, n := range names {
		if _, done := idx[n]; done {
			continue
		}
		if k, ok := presetColors[n]; ok {
			idx[n] = k
			used[k] = true
			continue
		}
		idx[n] = -1
		others = append(others, n)
	}
	slices.Sort(others)
	for _, n := range others {
		k := hashIndex(n)
		for step := 0; step < NumPolicyColors; step++ {
			if j := (k + step) % NumPolicyColors; !used[j] {
				k = j
				break
			}
		}
		idx[n] = k
		used[k] = true
	}
	out := make([]color.Color, len(names))
	for i, n := range names {
		out[i] = policyColors[idx[n]]
	}
	return out
}

// PolicyColor returns the colour of names[i] among the policies names
// (Colors(names)[i]). Every figure and the report use it, so a policy has
// the same colour everywhere.
func PolicyColor(names []string, i int) color.Color {
	return Colors(names)[i]
}

// hashIndex is the colour a name not of a preset points to: its FNV-1a hash
// modulo NumPolicyColors.
func hashIndex(name string) int {
	h := fnv.New32a()
	h.Write([]byte(name))
	return int(h.Sum32() % uint32(NumPolicyColors))
}
