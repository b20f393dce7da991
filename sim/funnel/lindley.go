package funnel

import (
	"math"
	"math/rand/v2"

	"funnellab/sim/rng"
)

// Lindley is a single-purpose simulation of the reference funnel under the
// FIFO direct policy with always-open reps, written without the event
// engine: with identical reps and FIFO, each inquiry, in arrival order,
// takes the rep that frees first, at max(arrival, that rep's free time).
// It draws from the same named streams as the model, so both must agree to
// the last bit on every count and to rounding on sums
// (TestMatchesLindleyRecursion). It is both an independent check of the
// engine and a hand-written baseline of the benchmarks
// (BenchmarkLindleyBaseline, and whole-process with its command,
// sim/funnel/lindley): with no event queue at all, a stricter floor than
// HeapLoop, the event loop issue 18's target is measured against. It returns the metrics it computes and the number
// of inquiries; m must be a model of the reference funnel (one channel,
// no journeys, always-open reps, FIFO, every call reaching its prospect).
func Lindley(m *Model, rep int) (Metrics, int64) {
	r := uint64(rep)
	arr := rng.New(m.seed, m.channels[0].stream, r)
	pros := rng.New(m.seed, streamProspect, r)
	k1, k2 := rng.Seeds(m.seed, streamSales, r)
	j1, j2 := rng.Seeds(m.seed, streamJourney, r)
	var pcg, jpcg rand.PCG
	sal, jrn := rand.New(&pcg), rand.New(&jpcg)
	free := make([]float64, m.reps) // time each rep is next free
	var out Metrics
	var waitSum, busy, revenue float64
	var waited, within1h, hot, qualified, won, n int64
	rate := m.channels[0].rate
	for t := arr.ExpFloat64() / rate; t < m.horizon; t += arr.ExpFloat64() / rate {
		pcg.Seed(rng.SubSeed(k1, k2, uint64(n)))
		jpcg.Seed(rng.SubSeed(j1, j2, uint64(n)))
		n++
		hotUntil := t + m.hot.mean*pros.ExpFloat64()
		z, uw := jrn.NormFloat64(), jrn.Float64() // the decision draws (and the unused no-decision one)
		_ = sal.Float64()                         // contact draw: always reached here
		uq := sal.Float64()
		dur := m.call.mean * sal.ExpFloat64()
		k := 0
		for i := 1; i < len(free); i++ {
			if free[i] < free[k] {
				k = i
			}
		}
		start := max(t, free[k])
		end := start + dur
		free[k] = end
		w := start - t
		waitSum += w
		if w > 0 {
			waited++
		}
		if w <= 1 {
			within1h++
		}
		isHot := start < hotUntil
		if isHot {
			hot++
		}
		if lo, hi := max(start, m.warmup), min(end, m.horizon); hi > lo {
			busy += hi - lo
		}
		pq := m.qualifyCld
		if isHot {
			pq = m.qualifyHot
		}
		if uq < pq {
			qualified++
			if uw < m.segments[0].winRate {
				won++
				revenue += math.Exp(m.segments[0].dealMu + m.segments[0].dealSigma*z)
			}
		}
	}
	c := float64(n)
	out[Inquiries], out[Contacted], out[Handoffs], out[SALs] = c, c, c, c
	out[WaitedShare] = float64(waited) / c
	out[WaitMeanH] = waitSum / c
	out[ContactedWithin1hShare] = float64(within1h) / c
	out[HotContactShare] = float64(hot) / c
	out[QualifiedShare] = float64(qualified) / c
	out[SQLs], out[Opportunities] = float64(qualified), float64(qualified)
	out[DealsWon] = float64(won)
	out[Revenue] = revenue
	out[RepUtilization] = busy / (float64(m.reps) * m.horizon)
	return out, n
}
