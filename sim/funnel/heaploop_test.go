package funnel

import (
	"testing"
)

// TestMatchesHeapLoop: the hand-written event loop (heaploop.go) on the
// model's streams gives every count of the model to the last bit, and its
// sums (accumulated in another order) to rounding, from light load to
// near saturation (ρ = λ/10 with 20 reps of mean call 2 h).
// HeapLoopApart, its next arrival apart from the heap, too.
func TestMatchesHeapLoop(t *testing.T) {
	t.Run("heap", func(t *testing.T) { requireMatchesModel(t, HeapLoop) })
	t.Run("apart", func(t *testing.T) { requireMatchesModel(t, HeapLoopApart) })
}

// BenchmarkHeapLoopBaseline is the hand-written event loop (heaploop.go)
// over 10 simulated years: the baseline of issue 18's target (a binary
// heap, no allocation per event). It processes two events per inquiry.
// BenchmarkHeapLoopBaseline/apart is HeapLoopApart.
func BenchmarkHeapLoopBaseline(b *testing.B) {
	m, err := Compile(referenceScenario(10))
	if err != nil {
		b.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		loop func(*Model, int) (Metrics, int64)
	}{{"heap", HeapLoop}, {"apart", HeapLoopApart}} {
		b.Run(tc.name, func(b *testing.B) {
			b.ReportAllocs()
			var inquiries int64
			for i := 0; i < b.N; i++ {
				_, n := tc.loop(m, i)
				inquiries += n
			}
			b.ReportMetric(float64(inquiries)/b.Elapsed().Seconds(), "inquiries/s")
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(2*inquiries), "ns/event")
		})
	}
}
