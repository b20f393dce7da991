package crmfit

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/diff/fd"
	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/optimize"

	"funnellab/crm"
)

// CycleFit is one outcome's fitted lognormal cycle.
type CycleFit struct {
	Outcome    string   `json:"outcome"`
	N          int      `json:"n"` // opportunities closed with it
	Share      Interval `json:"share"`
	MedianDays Interval `json:"median_days"`
	CV         Interval `json:"cv"`
	// KS is the largest distance between the fitted cumulative incidence
	// and the Aalen–Johansen one; KSRef is 1.36/sqrt(N), the 5% critical
	// value of a one-sample test of N uncensored times, as a yardstick.
	KS    float64 `json:"ks"`
	KSRef float64 `json:"ks_ref"`
	// Quantiles of the closed times (days): 10, 25, 50, 75, 90%.
	Quantiles []float64 `json:"quantiles_days"`
}

// Cycles are the outcomes' fitted cycles.
type Cycles struct {
	From     string     `json:"from"`
	N        int        `json:"n"`
	Open     int        `json:"open"`
	Outcomes []CycleFit `json:"outcomes"` // the outcomes seen, won first
	Note     string     `json:"note,omitempty"`
	// Unrecorded: the export records only wins; the fit has a share of
	// opportunities whose outcome is never recorded (they stay open).
	Unrecorded bool `json:"unrecorded_outcomes"`
	inc        Incidence
	mu, sig    map[crm.Outcome]float64
	share      map[crm.Outcome]float64
}

// Fitted returns outcome k's fitted incidence π_k G_k(t).
func (c *Cycles) Fitted(k crm.Outcome, t float64) float64 {
	s, ok := c.sig[k]
	if !ok || t <= 0 {
		return 0
	}
	return c.share[k] * normCDF((math.Log(t)-c.mu[k])/s)
}

// Incidence returns the Aalen–Johansen incidence of the fit's records.
func (c *Cycles) Incidence() Incidence { return c.inc }

// Get returns outcome k's fit, if the data has it.
func (c *Cycles) Get(k crm.Outcome) (CycleFit, bool) {
	for _, f := range c.Outcomes {
		if f.Outcome == k.String() {
			return f, true
		}
	}
	return CycleFit{}, false
}

func normCDF(z float64) float64 { return 0.5 * math.Erfc(-z/math.Sqrt2) }

// lnSurv is log P(Z > z), accurate in the tail.
func lnSurv(z float64) float64 {
	if z < 5 {
		return math.Log(0.5 * math.Erfc(z/math.Sqrt2))
	}
	// Mills' ratio: P(Z>z) ≈ φ(z)/z (1 − 1/z² + 3/z⁴)
	return -z*z/2 - math.Log(z*math.Sqrt(2*math.Pi)) + math.Log(1-1/(z*z)+3/(z*z*z*z))
}

// EstimateCycles fits the mixture of outcome-specific lognormal cycles,
// with open opportunities censored at as_of.
func EstimateCycles(d *crm.Dataset) (Cycles, error) {
	c := Cycles{From: d.Columns["opportunities.created"] + ", " + d.Columns["opportunities.closed"] + ", " + d.Columns["opportunities.outcome"]}
	sp := spells(d.Opportunities, d)
	c.N = len(sp)
	var outs []crm.Outcome
	count := map[crm.Outcome]int{}
	for _, s := range sp {
		count[s.out]++
	}
	c.Open = count[crm.Open]
	for _, k := range []crm.Outcome{crm.Won, crm.Lost, crm.NoDecision} {
		if count[k] >= 2 {
			outs = append(outs, k)
		}
	}
	if len(outs) == 0 {
		return c, fmt.Errorf("fewer than 2 opportunities closed with any outcome: no cycle to fit")
	}
	c.inc = aalenJohansen(sp)
	// Parameters: per outcome μ (log days), log σ; then the log-weights of
	// the components after the first (softmax, the first's fixed at 0).
	// An export that records only wins (no lost or no-decision outcome)
	// gets one more component, the opportunities whose outcome the export
	// never records: they stay open (survival 1), and its share is 1 − the
	// won share.
	nk := len(outs)
	comps := nk
	if count[crm.Lost]+count[crm.NoDecision] == 0 {
		comps++
		c.Unrecorded = true
	}
	x0 := make([]float64, 2*nk+comps-1)
	for i, k := range outs {
		var m, v float64
		n := 0
		for _, s := range sp {
			if s.out == k {
				m += math.Log(s.days)
				n++
			}
		}
		m /= float64(n)
		for _, s := range sp {
			if s.out == k {
				v += (math.Log(s.days) - m) * (math.Log(s.days) - m)
			}
		}
		sd := math.Sqrt(v/float64(n)) + 0.05
		x0[2*i], x0[2*i+1] = m, math.Log(sd)
		if i > 0 {
			x0[2*nk+i-1] = math.Log(float64(count[k]) / float64(count[outs[0]]))
		}
	}
	if comps > nk {
		x0[2*nk+nk-1] = math.Log(math.Max(float64(count[crm.Open]), 1) / float64(count[outs[0]]))
	}
	// Group the records: closed by outcome, and the open ones' ages.
	closed := make([][]float64, nk)
	var open []float64
	for _, s := range sp {
		if s.out == crm.Open {
			open = append(open, math.Log(s.days))
			continue
		}
		for i, k := range outs {
			if s.out == k {
				closed[i] = append(closed[i], math.Log(s.days))
			}
		}
	}
	// Outcomes with fewer than 2 closes are left out of the fit: their
	// records count as open at their close (censored).
	for _, s := range sp {
		if s.out.Closed() && count[s.out] < 2 {
			open = append(open, math.Log(s.days))
		}
	}
	nll := func(x []float64) float64 {
		w := weights(x, nk, comps)
		var wsum float64
		for _, v := range w {
			wsum += v
		}
		var ll float64
		for i := range outs {
			mu, ls := x[2*i], x[2*i+1]
			s := math.Exp(ls)
			lp := math.Log(w[i] / wsum)
			for _, lt := range closed[i] {
				z := (lt - mu) / s
				ll += lp - ls - lt - 0.5*z*z - 0.5*math.Log(2*math.Pi)
			}
		}
		for _, lt := range open {
			// log Σ π_k S_k: log-sum-exp.
			mx := math.Inf(-1)
			terms := make([]float64, comps)
			for i := range terms {
				if i < nk {
					terms[i] = math.Log(w[i]/wsum) + lnSurv((lt-x[2*i])/math.Exp(x[2*i+1]))
				} else {
					terms[i] = math.Log(w[i] / wsum) // never recorded: still open
				}
				mx = math.Max(mx, terms[i])
			}
			var sum float64
			for _, tm := range terms {
				sum += math.Exp(tm - mx)
			}
			ll += mx + math.Log(sum)
		}
		if math.IsNaN(ll) {
			return math.Inf(1)
		}
		return -ll
	}
	p := optimize.Problem{Func: nll}
	res, err := optimize.Minimize(p, x0, &optimize.Settings{MajorIterations: 20000, FuncEvaluations: 40000}, &optimize.NelderMead{})
	x := x0
	if err == nil || res != nil {
		x = res.X
	}
	// Polish with a second Nelder–Mead started at the first's end.
	if res2, err2 := optimize.Minimize(p, x, &optimize.Settings{MajorIterations: 20000, FuncEvaluations: 40000}, &optimize.NelderMead{}); err2 == nil || res2 != nil {
		if res2.F <= nll(x) {
			x = res2.X
		}
	}
	// Wald intervals from the Hessian of the negative log-likelihood.
	h := mat.NewSymDense(len(x), nil)
	fd.Hessian(h, nll, x, nil)
	var cov mat.Dense
	se := make([]float64, len(x))
	if err := cov.Inverse(h); err == nil {
		for i := range se {
			se[i] = math.Sqrt(math.Max(0, cov.At(i, i)))
		}
	} else {
		for i := range se {
			se[i] = math.NaN()
		}
		c.Note = "the likelihood's curvature could not be inverted: no intervals for the cycles"
	}
	c.mu, c.sig, c.share = map[crm.Outcome]float64{}, map[crm.Outcome]float64{}, map[crm.Outcome]float64{}
	w := weights(x, nk, comps)
	var wsum float64
	for _, v := range w {
		wsum += v
	}
	for i, k := range outs {
		mu, ls := x[2*i], x[2*i+1]
		s := math.Exp(ls)
		c.mu[k], c.sig[k], c.share[k] = mu, s, w[i]/wsum
		med := math.Exp(mu)
		cv := func(s float64) float64 { return math.Sqrt(math.Expm1(s * s)) }
		f := CycleFit{Outcome: k.String(), N: count[k],
			MedianDays: Interval{med, math.Exp(mu - z95*se[2*i]), math.Exp(mu + z95*se[2*i])},
			CV:         Interval{cv(s), cv(math.Exp(ls - z95*se[2*i+1])), cv(math.Exp(ls + z95*se[2*i+1]))},
			KSRef:      1.36 / math.Sqrt(float64(count[k])),
		}
		f.Share = shareInterval(x, cov, se, nk, comps, i)
		for j, t := range c.inc.T {
			f.KS = math.Max(f.KS, math.Abs(c.inc.F[k][j]-c.Fitted(k, t)))
			if j > 0 {
				f.KS = math.Max(f.KS, math.Abs(c.inc.F[k][j-1]-c.Fitted(k, t)))
			}
		}
		ts := make([]float64, len(closed[i]))
		for j, lt := range closed[i] {
			ts[j] = math.Exp(lt)
		}
		f.Quantiles = quantiles(ts, []float64{0.1, 0.25, 0.5, 0.75, 0.9})
		c.Outcomes = append(c.Outcomes, f)
	}
	return c, nil
}

// weights are the components' unnormalised weights: 1 for the first,
// exp of the log-weights after it.
func weights(x []float64, nk, comps int) []float64 {
	w := make([]float64, comps)
	for j := range w {
		w[j] = 1
		if j > 0 {
			w[j] = math.Exp(x[2*nk+j-1])
		}
	}
	return w
}

// shareInterval is the interval of component i's share π_i, by the delta
// method on the softmax of the log-weights.
func shareInterval(x []float64, cov mat.Dense, se []float64, nk, comps, i int) Interval {
	w := weights(x, nk, comps)
	var sum float64
	for _, v := range w {
		sum += v
	}
	p := w[i] / sum
	if comps == 1 {
		return Interval{1, 1, 1}
	}
	g := make([]float64, comps-1)
	for j := 1; j < comps; j++ {
		pj := w[j] / sum
		if j == i {
			g[j-1] = p * (1 - p)
		} else {
			g[j-1] = -p * pj
		}
	}
	r, _ := cov.Dims()
	if r == 0 || math.IsNaN(se[0]) {
		return Interval{p, math.NaN(), math.NaN()}
	}
	var v float64
	for a := range g {
		for b := range g {
			v += g[a] * g[b] * cov.At(2*nk+a, 2*nk+b)
		}
	}
	sd := math.Sqrt(math.Max(0, v))
	return Interval{p, math.Max(0, p-z95*sd), math.Min(1, p+z95*sd)}
}
