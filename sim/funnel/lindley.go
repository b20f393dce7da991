package funnel

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
	st := newRefStreams(m, rep)
	var a refTally
	free := make([]float64, m.reps) // time each rep is next free
	for t := st.next(m, 0); t < m.horizon; t = st.next(m, t) {
		q := st.inquiry(m, a.n, t)
		a.n++
		k := 0
		for i := 1; i < len(free); i++ {
			if free[i] < free[k] {
				k = i
			}
		}
		start := max(t, free[k])
		end := start + q.dur
		free[k] = end
		a.revenue += a.start(m, &q, start)
		a.busyIn(m, start, end)
	}
	return a.metrics(m), a.n
}
