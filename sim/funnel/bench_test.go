package funnel

import (
	"context"
	"slices"
	"testing"

	"funnellab/policies"
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

// BenchmarkDefault runs one replication of the embedded default scenario
// (19,000 inquiries a year, observed 3 years) under each policy. One op is
// one replication on a warm Sim.
func BenchmarkDefault(b *testing.B) {
	s := loadDefault(b, 365, 1095, 1)
	m, err := Compile(s)
	if err != nil {
		b.Fatal(err)
	}
	for pi, p := range m.Policies {
		b.Run(p.Name(), func(b *testing.B) { benchWarm(b, m, pi) })
	}
}

// benchWarm times replications of policy pi on one warm Sim of m (one op
// is one replication, after a first one off the clock), reporting
// prospects per second and events per prospect.
func benchWarm(b *testing.B, m *Model, pi int) {
	sm := m.NewSim()
	ctx := context.Background()
	if _, err := sm.Run(ctx, 0, pi); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.ResetTimer()
	var prospects, events int64
	for i := 0; i < b.N; i++ {
		r, err := sm.Run(ctx, i, pi)
		if err != nil {
			b.Fatal(err)
		}
		prospects += r.Arrivals
		events += r.Events
	}
	b.ReportMetric(float64(prospects)/b.Elapsed().Seconds(), "prospects/s")
	b.ReportMetric(float64(events)/float64(prospects), "events/prospect")
}

// BenchmarkMillion runs 1,000,000 prospects through 24 months under one
// policy: the default company scaled up 52.6 times (channels, reps, and
// the agents of a tele-qualification cell), under each of its three
// policies and each other preset (docs/policies.md). Two readings of
// "through 24 months": inquiries over the first year, observed until month
// 24 ("year1"), or inquiries spread over the 24 months ("spread", channel
// rates halved again). Each op builds a fresh Sim, so B/op over prospects
// is the memory the run needed per prospect.
func BenchmarkMillion(b *testing.B) {
	for _, layout := range []string{"year1", "spread"} {
		m := millionModel(b, layout, 1e6)
		for pi, p := range m.Policies {
			b.Run(layout+"/"+p.Name(), func(b *testing.B) {
				_, events := runProspects(b, m, pi)
				b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(events), "ns/event")
			})
		}
	}
}

// BenchmarkMillionScaled is BenchmarkMillion's year-1 layout at a
// twentieth of its size (50,000 prospects, the team and the cell scaled
// alike). Its cost per prospect against the million's tells what the
// million pays for memory (records and slots that no longer fit a cache)
// and what it pays for the length of the path of a prospect, which does
// not depend on the size.
func BenchmarkMillionScaled(b *testing.B) {
	m := millionModel(b, "year1", 5e4)
	for pi, p := range m.Policies {
		b.Run("50k/"+p.Name(), func(b *testing.B) {
			prospects, _ := runProspects(b, m, pi)
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(prospects), "ns/prospect")
		})
	}
}

// millionModel is the default company scaled to about n prospects in
// the layout ("year1" or "spread"; BenchmarkMillion), with every preset
// among its policies.
func millionModel(b *testing.B, layout string, n float64) *Model {
	s := loadDefault(b, 365, 730, 1)
	scale := n / 19000.0
	if layout == "spread" {
		s.HorizonDays = 730
		scale /= 2 // the same prospects over twice the time
	}
	for i := range s.Marketing.Channels {
		s.Marketing.Channels[i].RatePerHour *= scale
	}
	team := n / 19000.0 / (s.HorizonDays / 365)
	s.Sales.Reps = int(float64(s.Sales.Reps) * team)
	for _, name := range scenarios.PresetNames() {
		if !slices.ContainsFunc(s.Policies, func(p scenarios.Policy) bool { return p.Base == name }) {
			s.Policies = append(s.Policies, policies.Entry(name, name))
		}
	}
	for i := range s.Policies {
		if c := &s.Policies[i].Cell; c.Agents > 0 {
			c.Agents = int(float64(c.Agents) * team)
		}
	}
	m, err := Compile(s)
	if err != nil {
		b.Fatal(err)
	}
	return m
}

// runProspects runs b.N replications of policy pi of m, reporting
// allocations, prospects per replication, events per prospect and
// marketing signals per prospect (most of them applied without events),
// and returns the prospects and events of all of them.
func runProspects(b *testing.B, m *Model, pi int) (prospects, events int64) {
	b.ReportAllocs()
	var signals int64
	for i := 0; i < b.N; i++ {
		r, err := m.NewSim().Run(context.Background(), i, pi)
		if err != nil {
			b.Fatal(err)
		}
		prospects += r.Arrivals
		events += r.Events
		signals += r.Signals
	}
	b.ReportMetric(float64(prospects)/float64(b.N), "prospects/op")
	b.ReportMetric(float64(events)/float64(prospects), "events/prospect")
	b.ReportMetric(float64(signals)/float64(prospects), "signals/prospect")
	return prospects, events
}
