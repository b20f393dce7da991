package funnel

import (
	"math"
	"math/rand/v2"

	"funnellab/sim/rng"
)

// What the two hand-written baselines of the reference funnel (Lindley,
// HeapLoop) share: the model's streams, drawn in the model's order, and
// the tally of the calls. They differ only in how they find the rep and
// the time of each call.

// refStreams are the reference funnel's random streams of replication
// rep, as the model names them.
type refStreams struct {
	arr, pros      *rng.Stream // the channel's arrivals; the prospects' shared stream
	k1, k2, j1, j2 uint64      // keys of the sales and journey streams
	pcg, jpcg      rand.PCG
	sal, jrn       *rand.Rand // the current inquiry's sales and journey streams
}

func newRefStreams(m *Model, rep int) *refStreams {
	r := uint64(rep)
	s := &refStreams{arr: rng.New(m.seed, m.channels[0].stream, r), pros: rng.New(m.seed, streamProspect, r)}
	s.k1, s.k2 = rng.Seeds(m.seed, streamSales, r)
	s.j1, s.j2 = rng.Seeds(m.seed, streamJourney, r)
	s.sal, s.jrn = rand.New(&s.pcg), rand.New(&s.jpcg)
	return s
}

// next returns the time of the next inquiry after t.
func (s *refStreams) next(m *Model, t float64) float64 {
	return t + s.arr.ExpFloat64()/m.channels[0].rate
}

// refInquiry is an inquiry of the reference funnel with the draws the
// model makes for it at its arrival.
type refInquiry struct {
	t, hotUntil float64 // arrival, end of the hot window
	dur         float64 // call duration
	uq, uw, z   float64 // qualify, win and deal-size draws
}

// inquiry draws the n-th inquiry, arriving at t: its hot window from the
// prospect stream, then, from its own sales and journey streams, the
// decision draws, the contact draw (always reached here), the qualify
// draw and the call's duration.
func (s *refStreams) inquiry(m *Model, n int64, t float64) refInquiry {
	s.pcg.Seed(rng.SubSeed(s.k1, s.k2, uint64(n)))
	s.jpcg.Seed(rng.SubSeed(s.j1, s.j2, uint64(n)))
	q := refInquiry{t: t, hotUntil: t + m.hot.mean*s.pros.ExpFloat64()}
	q.z, q.uw = s.jrn.NormFloat64(), s.jrn.Float64() // and the unused no-decision one
	_ = s.sal.Float64()                              // contact draw
	q.uq = s.sal.Float64()
	q.dur = m.call.mean * s.sal.ExpFloat64()
	return q
}

// refTally counts the reference funnel's calls into its metrics.
type refTally struct {
	n                                     int64 // inquiries
	waited, within1h, hot, qualified, won int64
	waitSum, busy, revenue                float64
}

// start counts the call of inquiry q starting at t, and returns the value
// of the deal it wins (0 if none); the caller adds it to revenue, and the
// call's working time to busy.
func (a *refTally) start(m *Model, q *refInquiry, t float64) float64 {
	w := t - q.t
	a.waitSum += w
	if w > 0 {
		a.waited++
	}
	if w <= 1 {
		a.within1h++
	}
	isHot := t < q.hotUntil
	if isHot {
		a.hot++
	}
	pq := m.qualifyCld
	if isHot {
		pq = m.qualifyHot
	}
	if q.uq >= pq {
		return 0
	}
	a.qualified++
	if q.uw >= m.segments[0].winRate {
		return 0
	}
	a.won++
	return math.Exp(m.segments[0].dealMu + m.segments[0].dealSigma*q.z)
}

// busyIn adds the working time of a call from start to end inside the
// measured window.
func (a *refTally) busyIn(m *Model, start, end float64) {
	if lo, hi := max(start, m.warmup), min(end, m.horizon); hi > lo {
		a.busy += hi - lo
	}
}

// metrics returns the metrics the baselines compute.
func (a *refTally) metrics(m *Model) Metrics {
	var out Metrics
	c := float64(a.n)
	out[Inquiries], out[Contacted], out[Handoffs], out[SALs] = c, c, c, c
	out[WaitedShare] = float64(a.waited) / c
	out[WaitMeanH] = a.waitSum / c
	out[ContactedWithin1hShare] = float64(a.within1h) / c
	out[HotContactShare] = float64(a.hot) / c
	out[QualifiedShare] = float64(a.qualified) / c
	out[SQLs], out[Opportunities] = float64(a.qualified), float64(a.qualified)
	out[DealsWon] = float64(a.won)
	out[Revenue] = a.revenue
	out[RepUtilization] = a.busy / (float64(m.reps) * m.horizon)
	return out
}
