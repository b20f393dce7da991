package funnel

import (
	"math"
	"runtime"
	"strings"
	"testing"

	"funnellab/scenarios"
)

// issue12 loads a scenario of testdata/issue12 (valid scenarios that
// crashed with out of memory).
func issue12(t *testing.T, file string) *Model {
	t.Helper()
	r, err := scenarios.LoadFile("../../testdata/issue12/"+file, nil)
	if err != nil {
		t.Fatal(err)
	}
	m, err := Compile(r.Scenario)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// TestNewSimReservationCapped: NewSim for a million inquiries an hour
// reserved 71.5 GB at once (issue 12); its reservations are now capped.
func TestNewSimReservationCapped(t *testing.T) {
	m := issue12(t, "rate_1e6.yaml")
	var a, b runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&a)
	s := m.NewSim()
	runtime.ReadMemStats(&b)
	runtime.KeepAlive(s)
	if got := b.TotalAlloc - a.TotalAlloc; got > 200<<20 {
		t.Fatalf("NewSim allocated %d bytes, want at most 200 MiB", got)
	}
}

// TestEstimateIssue12: the scenarios that crashed are estimated huge, and
// the driver named is the one that makes them so.
func TestEstimateIssue12(t *testing.T) {
	e := issue12(t, "rate_1e6.yaml").Estimate()
	if e.SimBytes < 100<<30 {
		t.Errorf("rate_1e6: SimBytes %d, want over 100 GiB (8.8e9 inquiries)", e.SimBytes)
	}
	if len(e.Drivers) == 0 || e.Drivers[0].Key != "marketing.channels.0.rate_per_hour" || e.Drivers[0].Value != "1e+06" || e.Drivers[0].Share < 0.9 {
		t.Errorf("rate_1e6: drivers %+v, want the channel's rate first with most of the bytes", e.Drivers)
	}
	e = issue12(t, "rate_1e4.yaml").Estimate()
	if e.SimBytes < 10<<30 {
		t.Errorf("rate_1e4: SimBytes %d, want over 10 GiB (a backlog of 8.8e7 leads)", e.SimBytes)
	}
	e = issue12(t, "reps_1e5.yaml").Estimate()
	if e.SimBytes > 200<<20 || e.Events < 5e10 {
		t.Errorf("reps_1e5: SimBytes %d (want under 200 MiB: a backlog of own tasks is not stored), Events %g (want over 5e10)", e.SimBytes, e.Events)
	}
	if e.Weeks < 1000 {
		t.Errorf("reps_1e5: Weeks %d, want the years the own backlog takes to work off", e.Weeks)
	}
	for _, d := range e.Drivers {
		if d.Share < 0 || d.Share > 1 || strings.TrimSpace(d.Key) == "" {
			t.Errorf("reps_1e5: bad driver %+v", d)
		}
	}
}

// TestEstimateFollowsJourneySpeed: a slower economy (journey_speed_by_month
// below 1) stretches the journeys, so the day buckets of parked events span
// more days; a faster one fewer. The estimate's memory follows, and the
// neutral factors change nothing.
func TestEstimateFollowsJourneySpeed(t *testing.T) {
	base := defaultEstimate(t)
	same := defaultEstimate(t, "journey_speed_by_month=[1,1,1]")
	slow := defaultEstimate(t, "journey_speed_by_month=[0.2]")
	fast := defaultEstimate(t, "journey_speed_by_month=[3]")
	if same.SimBytes != base.SimBytes {
		t.Fatalf("neutral factors moved the estimate: %d against %d bytes", same.SimBytes, base.SimBytes)
	}
	if !(slow.SimBytes > base.SimBytes) || !(fast.SimBytes <= base.SimBytes) {
		t.Fatalf("simulation bytes: slow %d, neutral %d, fast %d; want slow > neutral >= fast", slow.SimBytes, base.SimBytes, fast.SimBytes)
	}
}

// TestEstimateCountsOutbound: the reps' own prospects (sales.prospecting)
// are prospects of the run like marketing's: the estimate adds reps ×
// hours_per_week / 168 × inquiries_per_hour × the horizon.
func TestEstimateCountsOutbound(t *testing.T) {
	base := defaultEstimate(t)
	on := defaultEstimate(t, "sales.prospecting.hours_per_week=4", "sales.prospecting.inquiries_per_hour=0.5")
	r, _ := scenarios.LoadEmbedded(scenarios.DefaultName, nil)
	want := float64(r.Scenario.Sales.Reps) * 4 / 168 * 0.5 * r.Scenario.HorizonDays * 24
	if got := on.Prospects - base.Prospects; math.Abs(got-want) > 1+1e-9*want {
		t.Fatalf("outbound prospects in the estimate: %v, want %v", got, want)
	}
}

// defaultEstimate is the estimate of the default company with set applied.
func defaultEstimate(t *testing.T, set ...string) Estimate {
	t.Helper()
	r, err := scenarios.LoadEmbedded(scenarios.DefaultName, set)
	if err != nil {
		t.Fatal(err)
	}
	m, err := Compile(r.Scenario)
	if err != nil {
		t.Fatal(err)
	}
	return m.Estimate()
}
