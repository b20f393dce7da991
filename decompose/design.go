package decompose

import (
	"fmt"
	"strings"
)

// MaxFull is the largest number of parts decomposed by a full 2^k
// factorial (2^7 = 128 combinations); from MaxFull+1 to MaxParts parts
// the design is a regular 64-run fraction of resolution IV or better.
const (
	MaxFull  = 7
	MaxParts = 11
)

// factor letters, as in the tables of fractional designs (I is skipped).
const letters = "ABCDEFGHJKLM"

// generators are the generators of the 64-run fractional factorials
// 2^(k-p) of maximum resolution (Montgomery, Design and Analysis of
// Experiments, table of selected 2^(k-p) designs): the columns of the
// factors after the sixth are products of the first six.
var generators = map[int][]string{
	8:  {"G=ABCD", "H=ABEF"},                             // resolution V
	9:  {"G=ABCD", "H=ACEF", "J=CDEF"},                   // resolution IV
	10: {"G=BCDF", "H=ACDF", "J=ABDE", "K=ABCE"},         // resolution IV
	11: {"G=CDE", "H=ABCD", "J=ABF", "K=BDEF", "L=ADEF"}, // resolution IV
}

// A Design is the set of combinations run: Runs[r][i] says whether run r
// takes part i from B.
type Design struct {
	Parts []Part
	Runs  [][]bool
	// Full is set for the full factorial, whose runs are every subset in
	// binary order (run r takes part i iff bit i of r is set): run 0 is A,
	// the last is B.
	Full bool
	// Generators are the fraction's generators (empty for the full
	// factorial); Resolution its resolution (0 for the full factorial).
	Generators []string
	Resolution int
	// Anchors, for a fraction, are the indexes in Runs of A (all parts
	// from A) and B (all from B); a fraction holds B (the principal
	// fraction) but not always A, which is then appended after the
	// design's runs and used for the total only.
	IndexA, IndexB int
	// Fraction is the number of runs of the fraction (without an appended A).
	Fraction int
}

// Plan returns the design for the parts: the full factorial up to MaxFull
// parts, a 64-run fraction up to MaxParts, an error beyond.
func Plan(parts []Part) (*Design, error) {
	k := len(parts)
	d := &Design{Parts: parts}
	switch {
	case k <= MaxFull:
		d.Full = true
		for r := 0; r < 1<<k; r++ {
			d.Runs = append(d.Runs, bits(r, k))
		}
		d.IndexA, d.IndexB, d.Fraction = 0, len(d.Runs)-1, len(d.Runs)
		return d, nil
	case k <= MaxParts:
	default:
		return nil, fmt.Errorf("the policies differ in %d parts (%s), more than the %d a decomposition can take; compare the families (gate, veto, effort) instead, or policies closer to each other", k, strings.Join(names(parts, nil), ", "), MaxParts)
	}
	gens := generators[k]
	d.Generators = gens
	d.Resolution = resolution(gens)
	for r := 0; r < 64; r++ {
		base := bits(r, 6)
		run := append(make([]bool, 0, k), base...)
		for _, g := range gens {
			// A factor is +1 (from B) when the product of its
			// generator's ±1 columns is +1: an even number of
			// factors at -1 (from A).
			_, word, _ := strings.Cut(g, "=")
			minus := 0
			for _, c := range word {
				if !base[strings.IndexRune(letters, c)] {
					minus++
				}
			}
			run = append(run, minus%2 == 0)
		}
		d.Runs = append(d.Runs, run)
	}
	d.Fraction = 64
	d.IndexA, d.IndexB = -1, -1
	for r, run := range d.Runs {
		if allEqual(run, false) {
			d.IndexA = r
		}
		if allEqual(run, true) {
			d.IndexB = r
		}
	}
	if d.IndexA < 0 {
		d.Runs = append(d.Runs, make([]bool, k))
		d.IndexA = len(d.Runs) - 1
	}
	return d, nil
}

func bits(r, k int) []bool {
	out := make([]bool, k)
	for i := range out {
		out[i] = r&(1<<i) != 0
	}
	return out
}

func allEqual(v []bool, x bool) bool {
	for _, b := range v {
		if b != x {
			return false
		}
	}
	return true
}

// wordMask returns the factors of a generator "G=ABCD" as a bit mask of
// the whole word (G included).
func wordMask(g string) uint {
	var m uint
	for _, c := range strings.ReplaceAll(g, "=", "") {
		m |= 1 << strings.IndexRune(letters, c)
	}
	return m
}

// definingWords returns the words of the defining relation of a fraction
// (every product of its generators' words), as bit masks of the factors.
func definingWords(gens []string) []uint {
	var out []uint
	for s := 1; s < 1<<len(gens); s++ {
		var w uint
		for j, g := range gens {
			if s&(1<<j) != 0 {
				w ^= wordMask(g)
			}
		}
		out = append(out, w)
	}
	return out
}

// resolution is the length of the shortest word of the defining relation.
func resolution(gens []string) int {
	best := 0
	for _, w := range definingWords(gens) {
		n := popcount(w)
		if best == 0 || n < best {
			best = n
		}
	}
	return best
}

func popcount(w uint) int {
	n := 0
	for ; w != 0; w &= w - 1 {
		n++
	}
	return n
}

// aliasChains returns, for a fraction, the two-factor interactions in
// groups that the design cannot tell apart (their ±1 columns are equal),
// each group as pairs of part indexes, in order of their first pair; a
// resolution IV design aliases two-factor interactions only with each
// other (and with interactions of three factors or more).
func aliasChains(gens []string, k int) [][][2]int {
	words := definingWords(gens)
	seen := map[[2]int]bool{}
	var out [][][2]int
	for i := 0; i < k; i++ {
		for j := i + 1; j < k; j++ {
			if seen[[2]int{i, j}] {
				continue
			}
			m := uint(1)<<i | uint(1)<<j
			chain := [][2]int{{i, j}}
			seen[[2]int{i, j}] = true
			for _, w := range words {
				a := m ^ w
				if popcount(a) == 2 {
					var p [2]int
					n := 0
					for f := 0; f < k; f++ {
						if a&(1<<f) != 0 {
							p[n] = f
							n++
						}
					}
					if !seen[p] {
						seen[p] = true
						chain = append(chain, p)
					}
				}
			}
			out = append(out, chain)
		}
	}
	return out
}
