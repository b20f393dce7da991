package crmfit

import (
	"math"
	"math/rand/v2"
	"sort"

	"funnellab/crm"
)

// Rep is one owner's record.
type Rep struct {
	Owner         string  `json:"owner"`
	Opportunities int     `json:"opportunities"`
	Closed        int     `json:"closed"`
	Decided       int     `json:"decided"` // won or lost (not no decision)
	Won           int     `json:"won"`
	WinRate       float64 `json:"win_rate_decided"`        // won among won and lost, raw
	Shrunk        float64 `json:"win_rate_decided_shrunk"` // toward the mean
}

// Reps are the owners of the opportunities.
type Reps struct {
	From     string   `json:"from"`
	Count    int      `json:"count"`
	Reps     []Rep    `json:"reps"`
	Mean     float64  `json:"win_rate_decided_mean"`
	Tau      float64  `json:"tau"`      // sd of the reps' log-odds of winning, net of sampling noise
	SkillCV  Interval `json:"skill_cv"` // sqrt(exp(τ²)−1), bootstrap interval over reps
	VolumeCV float64  `json:"volume_cv"`
	Unowned  int      `json:"unowned"` // opportunities without an owner
}

// EstimateReps counts the reps and their volumes and win rates, and
// shrinks the win rates toward the mean (docs in doc.go).
func EstimateReps(d *crm.Dataset) Reps {
	r := Reps{From: d.Columns["opportunities.owner"]}
	if r.From == "" {
		return r
	}
	by := map[string]*Rep{}
	for _, o := range d.Opportunities {
		if o.Owner == "" {
			r.Unowned++
			continue
		}
		p := by[o.Owner]
		if p == nil {
			p = &Rep{Owner: o.Owner}
			by[o.Owner] = p
		}
		p.Opportunities++
		if o.Outcome.Closed() {
			p.Closed++
		}
		if o.Outcome == crm.Won || o.Outcome == crm.Lost {
			p.Decided++
		}
		if o.Outcome == crm.Won {
			p.Won++
		}
	}
	for _, p := range by {
		r.Reps = append(r.Reps, *p)
	}
	sort.Slice(r.Reps, func(i, j int) bool { return r.Reps[i].Owner < r.Reps[j].Owner })
	r.Count = len(r.Reps)
	var vs []float64
	for _, p := range r.Reps {
		vs = append(vs, float64(p.Opportunities))
	}
	r.VolumeCV = cv(vs)
	lost := 0
	for _, p := range r.Reps {
		lost += p.Decided - p.Won
	}
	if lost == 0 {
		// Only wins recorded: no rep's win rate can be read.
		r.Tau, r.Mean = math.NaN(), math.NaN()
		r.SkillCV = Interval{math.NaN(), math.NaN(), math.NaN()}
		for i := range r.Reps {
			r.Reps[i].WinRate, r.Reps[i].Shrunk = math.NaN(), math.NaN()
		}
		return r
	}
	tau, mean := shrinkage(r.Reps)
	r.Tau, r.Mean = tau, mean
	for i := range r.Reps {
		p := &r.Reps[i]
		if p.Decided == 0 {
			p.WinRate, p.Shrunk = math.NaN(), mean
			continue
		}
		p.WinRate = float64(p.Won) / float64(p.Decided)
		p.Shrunk = shrunk(*p, tau, mean)
		if math.IsNaN(tau) {
			p.Shrunk = shrunk(*p, 0, mean) // too few reps to tell a spread: the mean
		}
	}
	// A bootstrap over reps for the interval of skill_cv (a fixed seed:
	// the same records give the same interval).
	rng := rand.New(rand.NewPCG(17, 1))
	var boot []float64
	if !math.IsNaN(tau) {
		sample := make([]Rep, len(r.Reps))
		for b := 0; b < 400; b++ {
			for i := range sample {
				sample[i] = r.Reps[rng.IntN(len(r.Reps))]
			}
			t, _ := shrinkage(sample)
			if !math.IsNaN(t) {
				boot = append(boot, skillCV(t))
			}
		}
		q := quantiles(boot, []float64{0.025, 0.975}) // NaN if no resample had enough reps
		r.SkillCV = Interval{skillCV(tau), q[0], q[1]}
	} else {
		r.SkillCV = Interval{skillCV(tau), math.NaN(), math.NaN()}
	}
	return r
}

func skillCV(tau float64) float64 { return math.Sqrt(math.Expm1(tau * tau)) }

// minReps is how many reps with 5 decisions or more the spread of win
// rates needs.
const minReps = 5

// shrinkage estimates τ², the reps' variance of log-odds net of sampling
// variance, by moments, and the pooled win rate.
func shrinkage(reps []Rep) (tau, mean float64) {
	var won, closed int
	for _, p := range reps {
		won += p.Won
		closed += p.Decided
	}
	if closed == 0 {
		return 0, math.NaN()
	}
	mean = float64(won) / float64(closed)
	if mean <= 0 || mean >= 1 {
		return 0, mean
	}
	var ls, vs []float64
	for _, p := range reps {
		if p.Decided < 5 {
			continue // too few decisions to say anything
		}
		// Empirical logit with a half-count correction.
		w, n := float64(p.Won)+0.5, float64(p.Decided)+1
		ls = append(ls, math.Log(w/(n-w)))
		vs = append(vs, 1/(n*mean*(1-mean)))
	}
	if len(ls) < minReps {
		return math.NaN(), mean
	}
	var m, v, sv float64
	for i := range ls {
		m += ls[i]
		sv += vs[i]
	}
	m /= float64(len(ls))
	for _, l := range ls {
		v += (l - m) * (l - m)
	}
	v /= float64(len(ls) - 1)
	t2 := v - sv/float64(len(ls))
	if t2 < 0 {
		t2 = 0
	}
	return math.Sqrt(t2), mean
}

// shrunk is rep p's win rate shrunk toward mean on the logit scale.
func shrunk(p Rep, tau, mean float64) float64 {
	if mean <= 0 || mean >= 1 {
		return mean
	}
	w, n := float64(p.Won)+0.5, float64(p.Decided)+1
	l := math.Log(w / (n - w))
	lm := math.Log(mean / (1 - mean))
	v := 1 / (n * mean * (1 - mean))
	b := 0.0
	if tau > 0 {
		b = tau * tau / (tau*tau + v)
	}
	x := lm + b*(l-lm)
	return 1 / (1 + math.Exp(-x))
}

func cv(xs []float64) float64 {
	if len(xs) < 2 {
		return math.NaN()
	}
	var m, v float64
	for _, x := range xs {
		m += x
	}
	m /= float64(len(xs))
	for _, x := range xs {
		v += (x - m) * (x - m)
	}
	return math.Sqrt(v/float64(len(xs))) / m
}
