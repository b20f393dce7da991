package funnel

import (
	"context"
	"math"
	"math/rand/v2"
	"testing"

	"funnellab/sim/rng"

	"github.com/stretchr/testify/require"
)

// lindley is a single-purpose simulation of the reference funnel under the
// FIFO direct policy with always-open reps, written without the event
// engine: with identical reps and FIFO, each inquiry, in arrival order,
// takes the rep that frees first, at max(arrival, that rep's free time).
// It draws from the same named streams as the model, so both must agree to
// the last bit on every count and to rounding on sums. It is both an
// independent check of the engine and the hand-written baseline of the
// benchmarks.
func lindley(m *Model, rep int) (Metrics, int64) {
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
		start := math.Max(t, free[k])
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
		if lo, hi := math.Max(start, m.warmup), math.Min(end, m.horizon); hi > lo {
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

// lindleyMetrics are the metrics the recursion computes.
var lindleyMetrics = []Metric{Inquiries, Contacted, Handoffs, SALs, SQLs, Opportunities, WaitedShare,
	WaitMeanH, ContactedWithin1hShare, HotContactShare, QualifiedShare, DealsWon, Revenue, RepUtilization}

func TestMatchesLindleyRecursion(t *testing.T) {
	for _, lambda := range []float64{5, 9, 9.9} {
		s := referenceScenario(0.25)
		s.Marketing.Channels[0].RatePerHour = lambda
		m, err := Compile(s)
		require.NoError(t, err)
		sm := m.NewSim()
		for rep := 0; rep < 3; rep++ {
			got, err := sm.Run(context.Background(), rep, 0)
			require.NoError(t, err)
			want, _ := lindley(m, rep)
			for _, k := range lindleyMetrics {
				switch k {
				case WaitMeanH, Revenue, MarketingRevenue, RepUtilization, LeakedRevenue, LeakedRevenueLostInCompetition:
					// Sums accumulated in a different order: equal to rounding.
					require.InEpsilon(t, want[k], got.Metrics[k], 1e-9, "%s λ=%g rep %d", k, lambda, rep)
				default:
					require.Equal(t, want[k], got.Metrics[k], "%s λ=%g rep %d", k, lambda, rep)
				}
			}
		}
	}
}

// BenchmarkLindleyBaseline is the hand-written loop above over 10 simulated
// years: the floor the event engine is measured against.
func BenchmarkLindleyBaseline(b *testing.B) {
	m, err := Compile(referenceScenario(10))
	if err != nil {
		b.Fatal(err)
	}
	var inquiries int64
	for i := 0; i < b.N; i++ {
		_, n := lindley(m, i)
		inquiries += n
	}
	b.ReportMetric(float64(inquiries)/b.Elapsed().Seconds(), "inquiries/s")
}
