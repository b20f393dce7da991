package decompose

import (
	"fmt"
	"math"
	"slices"

	"funnellab/results"
)

// An Effect is a term of the decomposition with its mean over the
// replications and the 95% confidence interval of that mean (Student's t
// over the per-replication values: the replications are paired, every
// combination running on the same prospects).
type Effect struct {
	Part   string        `json:"part,omitempty"`
	Parts  []string      `json:"parts,omitempty"`
	Family string        `json:"family,omitempty"`
	Effect float64       `json:"effect"`
	Low    results.Float `json:"ci95_low"`
	High   results.Float `json:"ci95_high"`
	// Alone is, in a full factorial, the part's effect taken alone into
	// A (the anchored main effect f({i}) - f(∅)), with its interval.
	Alone     *float64       `json:"alone,omitempty"`
	AloneLow  *results.Float `json:"alone_ci95_low,omitempty"`
	AloneHigh *results.Float `json:"alone_ci95_high,omitempty"`
	// Aliases are, in a fraction, the other pairs of parts whose
	// interaction the design cannot tell from this one's.
	Aliases [][]string `json:"aliases,omitempty"`
	perRep  []float64
}

// Significant reports whether the interval excludes 0.
func (e Effect) Significant() bool { return float64(e.Low) > 0 || float64(e.High) < 0 }

// Result is the decomposition of B - A on one metric.
type Result struct {
	Metric       string   `json:"metric"`
	A            string   `json:"a"`
	B            string   `json:"b"`
	Replications int      `json:"replications"`
	Design       string   `json:"design"`
	Runs         int      `json:"runs"`
	Generators   []string `json:"generators,omitempty"`
	Resolution   int      `json:"resolution,omitempty"`
	// Total is the paired difference B - A.
	Total Effect `json:"total"`
	// Parts are the parts' effects: in a full factorial their Shapley
	// values (the average, over every order of switching the parts from A
	// to B, of what the part adds), which add up to Total exactly; in a
	// fraction their factorial main effects (the average difference
	// between the runs with the part from B and those with it from A).
	Parts []Effect `json:"parts"`
	// Interactions are the two-factor interactions, largest |effect|
	// first: in a full factorial the anchored ones, f({i,j}) - f({i}) -
	// f({j}) + f(∅), what two parts bring together beyond each alone; in a
	// fraction the factorial estimate (four times the coefficient of the
	// product of their ±1 columns), aliased with the pairs listed.
	Interactions []Effect `json:"interactions"`
	// HigherOrder is, in a full factorial, the sum of the anchored
	// interactions of three parts or more, so that Total = Σ alone + Σ
	// interactions + HigherOrder exactly; in a fraction, Total - Σ parts
	// (the odd-order interactions of three parts or more, which the
	// fraction does not separate).
	HigherOrder Effect `json:"higher_order"`
	// Identity is the check of the exact identities: the largest
	// |Σ parts - total| and |Σ alone + Σ interactions + higher - total|
	// over the replications, relative to max(1, |total|).
	Identity Identity `json:"identity"`
}

// Identity is the check that the terms add up to the total.
type Identity struct {
	SumParts    float64 `json:"sum_parts"`
	SumTerms    float64 `json:"sum_terms,omitempty"`
	MaxRelError float64 `json:"max_rel_error"`
	Exact       bool    `json:"exact"`
}

// Tolerance is the relative error below which the identities hold.
const Tolerance = 1e-9

// Analyze decomposes the metric's values y[run][rep] over the design's
// runs (all runs share the replications' seeds).
func Analyze(d *Design, y [][]float64, metric, a, b string) (*Result, error) {
	if len(y) != len(d.Runs) {
		return nil, fmt.Errorf("decompose: %d runs of values for a design of %d", len(y), len(d.Runs))
	}
	n := len(y[0])
	k := len(d.Parts)
	res := &Result{Metric: metric, A: a, B: b, Replications: n, Runs: len(d.Runs), Generators: d.Generators, Resolution: d.Resolution,
		Parts: []Effect{}, Interactions: []Effect{}}
	if d.Full {
		res.Design = fmt.Sprintf("full factorial 2^%d", k)
	} else {
		res.Design = fmt.Sprintf("fractional factorial 2^(%d-%d), resolution %d", k, len(d.Generators), d.Resolution)
	}
	total := make([]float64, n)
	for r := range total {
		total[r] = y[d.IndexB][r] - y[d.IndexA][r]
	}
	res.Total = summarize(Effect{}, total)
	parts := make([][]float64, k)
	for i := range parts {
		parts[i] = make([]float64, n)
	}
	higher := make([]float64, n)
	maxErr := 0.0
	type pair struct {
		i, j    int
		aliases [][2]int
		per     []float64
	}
	var pairs []pair
	if d.Full {
		alone := make([][]float64, k)
		for i := range alone {
			alone[i] = make([]float64, n)
		}
		for i := 0; i < k; i++ {
			for j := i + 1; j < k; j++ {
				pairs = append(pairs, pair{i: i, j: j, per: make([]float64, n)})
			}
		}
		m := make([]float64, 1<<k)
		for r := 0; r < n; r++ {
			// Möbius transform: m[T] = Σ_{U⊆T} (-1)^{|T|-|U|} f(U).
			for t := range m {
				m[t] = y[t][r]
			}
			for i := 0; i < k; i++ {
				for t := range m {
					if t&(1<<i) != 0 {
						m[t] -= m[t^(1<<i)]
					}
				}
			}
			// Shapley value: φ_i = Σ_{T∋i} m[T]/|T|.
			sumTerms := 0.0
			for t := 1; t < len(m); t++ {
				c := popcount(uint(t))
				for i := 0; i < k; i++ {
					if t&(1<<i) != 0 {
						parts[i][r] += m[t] / float64(c)
					}
				}
				if c >= 3 {
					higher[r] += m[t]
				}
				sumTerms += m[t]
			}
			for i := 0; i < k; i++ {
				alone[i][r] = m[1<<i]
			}
			for _, p := range pairs {
				p.per[r] = m[1<<p.i|1<<p.j]
			}
			sumParts := 0.0
			for i := 0; i < k; i++ {
				sumParts += parts[i][r]
			}
			scale := math.Max(1, math.Abs(total[r]))
			maxErr = math.Max(maxErr, math.Abs(sumParts-total[r])/scale)
			maxErr = math.Max(maxErr, math.Abs(sumTerms-total[r])/scale)
		}
		for i, p := range d.Parts {
			e := summarize(Effect{Part: p.Name, Family: p.Family}, parts[i])
			al := summarize(Effect{}, alone[i])
			e.Alone, e.AloneLow, e.AloneHigh = &al.Effect, &al.Low, &al.High
			res.Parts = append(res.Parts, e)
		}
	} else {
		nf := d.Fraction
		x := func(run, i int) float64 {
			if d.Runs[run][i] {
				return 1
			}
			return -1
		}
		for _, chain := range aliasChains(d.Generators, k) {
			pairs = append(pairs, pair{i: chain[0][0], j: chain[0][1], aliases: chain[1:], per: make([]float64, n)})
		}
		for r := 0; r < n; r++ {
			sum := 0.0
			for i := 0; i < k; i++ {
				for run := 0; run < nf; run++ {
					parts[i][r] += 2 * x(run, i) * y[run][r] / float64(nf)
				}
				sum += parts[i][r]
			}
			for _, p := range pairs {
				for run := 0; run < nf; run++ {
					p.per[r] += 4 * x(run, p.i) * x(run, p.j) * y[run][r] / float64(nf)
				}
			}
			higher[r] = total[r] - sum
		}
		for i, p := range d.Parts {
			res.Parts = append(res.Parts, summarize(Effect{Part: p.Name, Family: p.Family}, parts[i]))
		}
	}
	for _, p := range pairs {
		e := summarize(Effect{Parts: []string{d.Parts[p.i].Name, d.Parts[p.j].Name}}, p.per)
		for _, a := range p.aliases {
			e.Aliases = append(e.Aliases, []string{d.Parts[a[0]].Name, d.Parts[a[1]].Name})
		}
		res.Interactions = append(res.Interactions, e)
	}
	slices.SortStableFunc(res.Interactions, func(a, b Effect) int {
		return cmpAbs(b.Effect, a.Effect)
	})
	res.HigherOrder = summarize(Effect{}, higher)
	res.Identity = identity(res, maxErr)
	return res, nil
}

// identity sums the means of the terms and checks them against the total.
func identity(res *Result, maxErr float64) Identity {
	var id Identity
	for _, p := range res.Parts {
		id.SumParts += p.Effect
		if p.Alone != nil {
			id.SumTerms += *p.Alone
		}
	}
	scale := math.Max(1, math.Abs(res.Total.Effect))
	if len(res.Parts) > 0 && res.Parts[0].Alone != nil {
		for _, e := range res.Interactions {
			id.SumTerms += e.Effect
		}
		id.SumTerms += res.HigherOrder.Effect
		maxErr = math.Max(maxErr, math.Abs(id.SumTerms-res.Total.Effect)/scale)
	} else {
		id.SumTerms = 0
	}
	maxErr = math.Max(maxErr, math.Abs(id.SumParts+boolf(len(res.Parts) > 0 && res.Parts[0].Alone == nil)*res.HigherOrder.Effect-res.Total.Effect)/scale)
	if len(res.Parts) == 0 {
		maxErr = math.Abs(res.Total.Effect) / scale
	}
	id.MaxRelError = maxErr
	id.Exact = maxErr <= Tolerance
	return id
}

func boolf(b bool) float64 {
	if b {
		return 1
	}
	return 0
}

func cmpAbs(a, b float64) int {
	switch {
	case math.Abs(a) < math.Abs(b):
		return -1
	case math.Abs(a) > math.Abs(b):
		return 1
	}
	return 0
}

// summarize fills e's mean and interval from the per-replication values.
func summarize(e Effect, per []float64) Effect {
	var m results.Moments
	for _, v := range per {
		m.Add(v)
	}
	e.Effect = m.Mean
	lo, hi := results.CI(m, 0.95)
	if len(per) >= 2 && m.SD() == 0 {
		lo, hi = m.Mean, m.Mean
	}
	e.Low, e.High = results.Float(lo), results.Float(hi)
	e.perRep = per
	return e
}
