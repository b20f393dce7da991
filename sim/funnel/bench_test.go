package funnel

import (
	"context"
	"testing"

	"funnellab/scenarios"
	"funnellab/sim/runner"
)

// referenceScenario is the reference scenario's numbers (scenarios/reference.yaml),
// built in Go so the benchmark does not depend on the loader.
func referenceScenario(years float64) scenarios.Scenario {
	s := mmc(9, 20, 0.5, 0.5)
	s.HorizonDays = 365 * years
	s.Policies = s.Policies[:1]
	return s
}

// BenchmarkReference runs one replication of the reference scenario (FIFO
// policy) over 1 and 10 simulated years and reports simulated inquiries per
// second and events per inquiry. One op is one replication.
func BenchmarkReference(b *testing.B) {
	for _, years := range []float64{1, 10} {
		name := "1y"
		if years == 10 {
			name = "10y"
		}
		b.Run(name, func(b *testing.B) {
			m, err := Compile(referenceScenario(years))
			if err != nil {
				b.Fatal(err)
			}
			sm := m.NewSim()
			ctx := context.Background()
			if _, err := sm.Run(ctx, 0, 0); err != nil { // grow buffers once
				b.Fatal(err)
			}
			b.ReportAllocs()
			b.ResetTimer()
			var inquiries, events int64
			for i := 0; i < b.N; i++ {
				r, err := sm.Run(ctx, i, 0)
				if err != nil {
					b.Fatal(err)
				}
				inquiries += r.Arrivals
				events += r.Events
			}
			b.ReportMetric(float64(inquiries)/b.Elapsed().Seconds(), "inquiries/s")
			b.ReportMetric(float64(events)/float64(inquiries), "events/inquiry")
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(events), "ns/event")
		})
	}
}

// BenchmarkReplications runs 8 one-year replications of the reference
// scenario through the runner with 1 and 2 workers; compare the
// replications/s figures for the parallel speed-up.
func BenchmarkReplications(b *testing.B) {
	m, err := Compile(referenceScenario(1))
	if err != nil {
		b.Fatal(err)
	}
	for _, w := range []int{1, 2} {
		b.Run("workers="+string(rune('0'+w)), func(b *testing.B) {
			const reps = 8
			for i := 0; i < b.N; i++ {
				_, err := runner.Run(context.Background(), runner.Options{Replications: reps, Policies: 1, Workers: w},
					func() runner.Job[Result] { return m.NewSim().Run })
				if err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(reps*b.N)/b.Elapsed().Seconds(), "replications/s")
		})
	}
}
