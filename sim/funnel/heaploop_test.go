package funnel

import (
	"context"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestMatchesHeapLoop: the hand-written event loop (heaploop.go) on the
// model's streams gives every count of the model to the last bit, and its
// sums (accumulated in another order) to rounding, from light load to
// near saturation (ρ = λ/10 with 20 reps of mean call 2 h).
func TestMatchesHeapLoop(t *testing.T) {
	for _, lambda := range []float64{5, 9, 9.9} {
		s := referenceScenario(0.25)
		s.Marketing.Channels[0].RatePerHour = lambda
		m, err := Compile(s)
		require.NoError(t, err)
		sm := m.NewSim()
		for rep := 0; rep < 3; rep++ {
			got, err := sm.Run(context.Background(), rep, 0)
			require.NoError(t, err)
			want, n := HeapLoop(m, rep)
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

// BenchmarkHeapLoopBaseline is the hand-written event loop (heaploop.go)
// over 10 simulated years: the baseline of issue 18's target (a binary
// heap, no allocation per event). It processes two events per inquiry.
func BenchmarkHeapLoopBaseline(b *testing.B) {
	m, err := Compile(referenceScenario(10))
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.ResetTimer()
	var inquiries int64
	for i := 0; i < b.N; i++ {
		_, n := HeapLoop(m, i)
		inquiries += n
	}
	b.ReportMetric(float64(inquiries)/b.Elapsed().Seconds(), "inquiries/s")
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(2*inquiries), "ns/event")
}
