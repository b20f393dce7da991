package funnel

import (
	"context"
	"testing"

	"github.com/stretchr/testify/require"
)

// lindleyMetrics are the metrics the recursion computes.
var lindleyMetrics = []Metric{Inquiries, Contacted, Handoffs, SALs, SQLs, Opportunities, WaitedShare,
	WaitMeanH, ContactedWithin1hShare, HotContactShare, QualifiedShare, DealsWon, Revenue, RepUtilization}

// TestMatchesLindleyRecursion: the recursion (lindley.go) on the model's
// streams gives every count of the model to the last bit.
func TestMatchesLindleyRecursion(t *testing.T) { requireMatchesModel(t, Lindley) }

// requireMatchesModel requires a hand-written baseline of the reference
// funnel to give every count of the model to the last bit and its sums
// (accumulated in another order) to rounding, from light load to near
// saturation (ρ = λ/10 with 20 reps of mean call 2 h), in 3 replications.
func requireMatchesModel(t *testing.T, loop func(*Model, int) (Metrics, int64)) {
	for _, lambda := range []float64{5, 9, 9.9} {
		s := referenceScenario(0.25)
		s.Marketing.Channels[0].RatePerHour = lambda
		m, err := Compile(s)
		require.NoError(t, err)
		sm := m.NewSim()
		for rep := 0; rep < 3; rep++ {
			got, err := sm.Run(context.Background(), rep, 0)
			require.NoError(t, err)
			want, n := loop(m, rep)
			require.Equal(t, got.Arrivals, n, "inquiries λ=%g rep %d", lambda, rep)
			for _, k := range lindleyMetrics {
				switch k {
				case WaitMeanH, Revenue, RepUtilization:
					// Sums accumulated in a different order: equal to rounding.
					require.InEpsilon(t, want[k], got.Metrics[k], 1e-9, "%s λ=%g rep %d", k, lambda, rep)
				default:
					require.Equal(t, want[k], got.Metrics[k], "%s λ=%g rep %d", k, lambda, rep)
				}
			}
		}
	}
}

// BenchmarkLindleyBaseline is the hand-written loop (lindley.go) over 10 simulated
// years: the floor the event engine is measured against.
func BenchmarkLindleyBaseline(b *testing.B) {
	m, err := Compile(referenceScenario(10))
	if err != nil {
		b.Fatal(err)
	}
	var inquiries int64
	for i := 0; i < b.N; i++ {
		_, n := Lindley(m, i)
		inquiries += n
	}
	b.ReportMetric(float64(inquiries)/b.Elapsed().Seconds(), "inquiries/s")
}
