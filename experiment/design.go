package experiment

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/stat/distmv"
	"gonum.org/v1/gonum/stat/samplemv"

	"funnellab/scenarios"
)

// MaxPoints is the largest number of design points a design may have.
const MaxPoints = 100000

// Design kinds.
const (
	DesignGrid   = "grid"   // the cartesian product of listed values
	DesignLHS    = "lhs"    // a Latin hypercube sample (gonum stat/samplemv)
	DesignSobol  = "sobol"  // the Sobol sequence (Joe–Kuo direction numbers)
	DesignHalton = "halton" // the Owen-scrambled Halton sequence (gonum stat/samplemv)
)

// Kinds lists the design kinds.
var Kinds = []string{DesignGrid, DesignLHS, DesignSobol, DesignHalton}

// Vary is one --vary argument: a key with a list of values, or with a
// numeric range LO..HI.
type Vary struct {
	Key string
	// Values are the listed values (as --set values), nil for a range.
	Values []string
	// Lo and Hi bound a range (Values nil).
	Lo, Hi float64
}

// IsRange reports whether v is a range LO..HI rather than a list.
func (v Vary) IsRange() bool { return v.Values == nil }

// ParseVary parses KEY=V1,V2,... or KEY=LO..HI.
func ParseVary(arg string) (Vary, error) {
	key, val, ok := strings.Cut(arg, "=")
	key, val = strings.TrimSpace(key), strings.TrimSpace(val)
	if !ok || key == "" || val == "" {
		return Vary{}, fmt.Errorf("--vary %q: expected KEY=V1,V2,... or KEY=LO..HI, e.g. sales.reps=10,12,14 or policies.objective.sla_hours=1..48", arg)
	}
	if lo, hi, ok := strings.Cut(val, ".."); ok {
		l, e1 := strconv.ParseFloat(strings.TrimSpace(lo), 64)
		h, e2 := strconv.ParseFloat(strings.TrimSpace(hi), 64)
		switch {
		case e1 != nil || e2 != nil || math.IsInf(l, 0) || math.IsInf(h, 0) || math.IsNaN(l) || math.IsNaN(h):
			return Vary{}, fmt.Errorf("--vary %q: range %q: expected two finite numbers LO..HI", arg, val)
		case !(l < h):
			return Vary{}, fmt.Errorf("--vary %q: range %q: expected LO < HI", arg, val)
		}
		return Vary{Key: key, Lo: l, Hi: h}, nil
	}
	var vals []string
	for _, f := range strings.Split(val, ",") {
		f = strings.TrimSpace(f)
		if f == "" {
			return Vary{}, fmt.Errorf("--vary %q: empty value in the list %q; expected V1,V2,...", arg, val)
		}
		if slices.Contains(vals, f) {
			return Vary{}, fmt.Errorf("--vary %q: value %q listed twice", arg, f)
		}
		vals = append(vals, f)
	}
	return Vary{Key: key, Values: vals}, nil
}

// Design is a set of design points: Points[i][k] is the value of Keys[k]
// at point i, written as a --set value. Keys are as the user gave them
// (policies may be named); Run resolves them (ResolveKey).
type Design struct {
	Kind   string
	Keys   []string
	Points [][]string
	// Unit holds each point's coordinates in the unit cube [0,1)^k for a
	// space-filling design, nil for a grid.
	Unit [][]float64
	// Integer tells, per key, whether its values are integers (rounded
	// from the unit cube as described in NewDesign).
	Integer []bool
}

// Number returns the value of key k at point i as a number, and whether
// it is one.
func (d Design) Number(i, k int) (float64, bool) {
	x, err := strconv.ParseFloat(d.Points[i][k], 64)
	return x, err == nil
}

// Numeric reports whether every value of key k is a number.
func (d Design) Numeric(k int) bool {
	for i := range d.Points {
		if _, ok := d.Number(i, k); !ok {
			return false
		}
	}
	return true
}

// NewDesign builds the design of the --vary arguments on scenario sc.
//
// With kind DesignGrid (or ""), every argument must list its values, and the
// points are their cartesian product, the first key varying slowest.
//
// With kind DesignLHS, DesignSobol or DesignHalton, every argument must be a range LO..HI
// of a numeric key, within the key's allowed range; the design has n
// points u in the unit cube, mapped to LO + u·(HI−LO) per key. An integer
// key (sales.reps) takes ⌊LO + u·(HI−LO+1)⌋, capped at HI, so each
// integer of [LO, HI] gets an equal share of the cube (LO and HI must then
// be integers). LHS and Halton draw from a PCG generator seeded by seed;
// Sobol is deterministic and starts at the origin (point 0 is every key
// at LO).
func NewDesign(sc scenarios.Scenario, varies []Vary, kind string, n int, seed uint64) (Design, error) {
	if len(varies) == 0 {
		return Design{}, fmt.Errorf("--vary: at least one is required")
	}
	d := Design{Kind: kind, Integer: make([]bool, len(varies))}
	resolved := make([]string, len(varies))
	for k, v := range varies {
		r, err := ResolveKey(sc, v.Key)
		if err != nil {
			return Design{}, fmt.Errorf("--vary %s: %w", v.Key, err)
		}
		if i := slices.Index(resolved[:k], r); i >= 0 {
			return Design{}, fmt.Errorf("--vary %s: the same key as --vary %s (%s); vary each key once", v.Key, varies[i].Key, r)
		}
		resolved[k] = r
		d.Keys = append(d.Keys, v.Key)
	}
	switch kind {
	case "", DesignGrid:
		d.Kind = DesignGrid
		total := 1
		for _, v := range varies {
			if v.IsRange() {
				return Design{}, fmt.Errorf("--vary %s=%g..%g: a range needs a space-filling --design (lhs, sobol or halton) with --points N; a grid lists its values, %s=V1,V2,...", v.Key, v.Lo, v.Hi, v.Key)
			}
			total *= len(v.Values)
			if total > MaxPoints {
				return Design{}, fmt.Errorf("--vary: the grid has more than %d points; list fewer values", MaxPoints)
			}
		}
		if n > 0 && n != total {
			return Design{}, fmt.Errorf("--points %d: a grid has the product of its lists' lengths, %d points; leave --points out or choose a space-filling --design", n, total)
		}
		for i := range total {
			p := make([]string, len(varies))
			rest := i
			for k := len(varies) - 1; k >= 0; k-- {
				m := len(varies[k].Values)
				p[k] = varies[k].Values[rest%m]
				rest /= m
			}
			d.Points = append(d.Points, p)
		}
		for k := range varies {
			d.Integer[k] = d.Numeric(k) && allIntegers(d, k)
		}
		return d, nil
	case DesignLHS, DesignSobol, DesignHalton:
	default:
		return Design{}, fmt.Errorf("--design %q: expected one of %s", kind, strings.Join(Kinds, ", "))
	}
	if n < 1 || n > MaxPoints {
		return Design{}, fmt.Errorf("--points %d: a %s design needs --points N with N in [1,%d]", n, kind, MaxPoints)
	}
	for k, v := range varies {
		if !v.IsRange() {
			return Design{}, fmt.Errorf("--vary %s=%s: a %s design needs a range, %s=LO..HI", v.Key, strings.Join(v.Values, ","), kind, v.Key)
		}
		_, integer, lo, hi, err := scenarios.NumberAt(sc, resolved[k])
		if err != nil {
			return Design{}, fmt.Errorf("--vary %s: %w", v.Key, err)
		}
		if v.Lo < lo || v.Hi > hi {
			return Design{}, fmt.Errorf("--vary %s=%g..%g: outside the key's allowed range [%g, %g]", v.Key, v.Lo, v.Hi, lo, hi)
		}
		if integer && (v.Lo != math.Trunc(v.Lo) || v.Hi != math.Trunc(v.Hi)) {
			return Design{}, fmt.Errorf("--vary %s=%g..%g: %s is an integer key; expected integer bounds", v.Key, v.Lo, v.Hi, v.Key)
		}
		d.Integer[k] = integer
	}
	u, err := UnitPoints(kind, n, len(varies), seed)
	if err != nil {
		return Design{}, err
	}
	d.Unit = u
	for _, x := range u {
		p := make([]string, len(varies))
		for k, v := range varies {
			p[k] = strconv.FormatFloat(Scale(x[k], v.Lo, v.Hi, d.Integer[k]), 'g', -1, 64)
		}
		d.Points = append(d.Points, p)
	}
	return d, nil
}

// Scale maps a unit coordinate u in [0,1) to [lo, hi]: lo + u·(hi−lo), or
// for an integer key ⌊lo + u·(hi−lo+1)⌋ capped at hi.
func Scale(u, lo, hi float64, integer bool) float64 {
	if integer {
		return math.Min(hi, math.Floor(lo+u*(hi-lo+1)))
	}
	return lo + u*(hi-lo)
}

// UnitPoints returns n points of a space-filling design (LHS, DesignSobol or
// Halton) in the unit cube of dim dimensions; LHS and Halton are drawn
// with a PCG generator seeded by seed.
func UnitPoints(kind string, n, dim int, seed uint64) ([][]float64, error) {
	var m *mat.Dense
	src := rand.NewPCG(seed, seed^0x9e3779b97f4a7c15)
	switch kind {
	case DesignSobol:
		return SobolPoints(n, dim)
	case DesignLHS:
		m = mat.NewDense(n, dim, nil)
		samplemv.LatinHypercube{Q: distmv.NewUnitUniform(dim, nil), Src: src}.Sample(m)
	case DesignHalton:
		m = mat.NewDense(n, dim, nil)
		samplemv.Halton{Kind: samplemv.Owen, Q: distmv.NewUnitUniform(dim, nil), Src: src}.Sample(m)
	default:
		return nil, fmt.Errorf("--design %q: expected one of %s", kind, strings.Join(Kinds[1:], ", "))
	}
	out := make([][]float64, n)
	for i := range out {
		out[i] = mat.Row(nil, i, m)
	}
	return out, nil
}

func allIntegers(d Design, k int) bool {
	for i := range d.Points {
		if x, _ := d.Number(i, k); x != math.Trunc(x) {
			return false
		}
	}
	return true
}
