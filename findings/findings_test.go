package findings

import (
	"math"
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"funnellab/results"
	"funnellab/scenarios"
	"funnellab/sim/funnel"
)

// testRun builds a run of two policies and two replications whose detail
// has hand-written counts.
func testRun(t *testing.T) *Run {
	pols := []string{"fast", "slow"}
	tab := results.NewTable(pols, funnel.Names(), 2)
	det := results.NewTable(pols, funnel.DetailNames(0), 2)
	for p := range pols {
		for r := range 2 {
			for m := range tab.Metrics {
				tab.Set(r, p, m, 0)
			}
			for m := range det.Metrics {
				det.Set(r, p, m, 0)
			}
		}
	}
	set := func(t *results.Table, p, r int, name string, v float64) {
		t.Set(r, p, t.MetricIndex(name), v)
	}
	for r := range 2 {
		// fast: 100 touches under 5 min (60 reached, 40 qualified) and 10
		// in 1-2 h (1 qualified); slow: 50 touches over 24 h (1 qualified).
		set(det, 0, r, funnel.TouchesMetric(0), 100)
		set(det, 0, r, funnel.ReachedMetric(0), 60)
		set(det, 0, r, funnel.QualifiedMetric(0), 40)
		set(det, 0, r, funnel.TouchesMetric(3), 10)
		set(det, 0, r, funnel.QualifiedMetric(3), 1)
		set(det, 1, r, funnel.TouchesMetric(5), 50)
		set(det, 1, r, funnel.QualifiedMetric(5), 1)
		set(tab, 0, r, "handoffs", 120)
		set(tab, 0, r, "contacted", 110)
		set(tab, 1, r, "handoffs", 100)
		set(tab, 1, r, "contacted", 50)
		set(tab, 0, r, "inquiries", 400)
		set(tab, 1, r, "inquiries", 400)
		set(tab, 0, r, "top5_deals_from_marketing", float64(2+2*r)) // 2, then 4
	}
	return &Run{Table: tab, Detail: det}
}

func TestQuantities(t *testing.T) {
	run := testRun(t)
	for _, tc := range []struct {
		name     string
		policies []string
		want     float64
	}{
		{"qual_ratio_1h_vs_2h", nil, (40.0 / 100) / (1.0 / 10)},
		{"qual_ratio_1h_vs_24h", nil, (40.0 / 100) / (1.0 / 50)},
		{"never_responded_share", nil, (220.0 - 160) / 220},
		{"never_responded_share", []string{"slow"}, 0.5},
		{"followed_up_share", nil, 160.0 / 800},
		{"handoffs", nil, 220},
		{"handoffs", []string{"fast"}, 120},
		{"top5_at_least_3_share", []string{"fast"}, 0.5},
	} {
		s, err := Measure(run, tc.name, tc.policies)
		require.NoError(t, err, tc.name)
		require.InDelta(t, tc.want, s.Mean, 1e-12, "%s %v", tc.name, tc.policies)
	}
	// Undefined: no first touch in the 30-60 minute bucket at all.
	s, err := Measure(run, "contact_ratio_5m_vs_30m", nil)
	require.NoError(t, err)
	require.True(t, math.IsNaN(s.Mean))
	// Pooled over replications, with a bootstrap interval: the same counts
	// in both replications give a zero-width interval at the estimate.
	s, err = Measure(run, "qual_ratio_1h_vs_2h", nil)
	require.NoError(t, err)
	require.InDelta(t, 4.0, s.CI95Low, 1e-12)
	require.InDelta(t, 4.0, s.CI95High, 1e-12)

	for _, tc := range []struct{ name, pol, want string }{
		{"no_such_thing", "", `unknown quantity "no_such_thing"`},
		{"handoffs", "nobody", `unknown policy "nobody"`},
		{"top5_at_least_3_share", "", "for one policy"},
		{"hot_contact_share", "", "not a sum: name one policy"},
	} {
		var pols []string
		if tc.pol != "" {
			pols = []string{tc.pol}
		}
		_, err := Measure(run, tc.name, pols)
		require.ErrorContains(t, err, tc.want)
	}
}

func TestBoundsAndVerdict(t *testing.T) {
	f := scenarios.Finding{ID: "x", Quantity: "handoffs", Published: 200, Compare: "within", Tolerance: 0.1}
	lo, hi := Bounds(f)
	require.Equal(t, [2]float64{180, 220}, [2]float64{lo, hi})
	r, err := Evaluate(testRun(t), f)
	require.NoError(t, err)
	require.True(t, r.Reproduced, "220 is at the edge of 200 ± 10%%")
	f.Published = 100
	r, err = Evaluate(testRun(t), f)
	require.NoError(t, err)
	require.False(t, r.Reproduced)
	f.Compare, f.Tolerance = "at_least", 0
	lo, hi = Bounds(f)
	require.Equal(t, 100.0, lo)
	require.True(t, math.IsInf(hi, 1))
	r, _ = Evaluate(testRun(t), f)
	require.True(t, r.Reproduced)
	f.Compare = "at_most"
	r, _ = Evaluate(testRun(t), f)
	require.False(t, r.Reproduced)
	_, err = Evaluate(testRun(t), scenarios.Finding{ID: "y", Quantity: "nope"})
	require.ErrorContains(t, err, "finding y")
}

// TestEveryQuantityRuns: every named quantity computes on a real run.
func TestEveryQuantityRuns(t *testing.T) {
	res, err := scenarios.LoadEmbedded("findings/hbr_speed", []string{"replications=2", "horizon_days=30", "observe_days=60"})
	require.NoError(t, err)
	m, err := funnel.Compile(res.Scenario)
	require.NoError(t, err)
	var out []funnel.Result
	for rep := range 2 {
		for p := range m.Policies {
			r, err := m.NewSim().Run(t.Context(), rep, p)
			require.NoError(t, err)
			out = append(out, r)
		}
	}
	tab := results.NewTable(m.PolicyNames(), funnel.Names(), 2)
	for i, r := range out {
		for k, v := range r.Metrics {
			tab.Set(i/len(m.Policies), i%len(m.Policies), k, v)
		}
	}
	run := &Run{Table: tab, Detail: funnel.DetailTable(m.PolicyNames(), 2, out)}
	for name := range Quantities {
		pols := []string(nil)
		switch {
		case name == "top5_at_least_3_share":
			pols = []string{"firm_minutes"}
		case strings.HasSuffix(name, "_first_vs_second"):
			pols = []string{"firm_minutes", "firm_own_first"}
		}
		_, err := Measure(run, name, pols)
		require.NoError(t, err, name)
	}
}

// TestDocsListQuantities: docs/findings.md documents every quantity.
func TestDocsListQuantities(t *testing.T) {
	data, err := os.ReadFile("../docs/findings.md")
	require.NoError(t, err)
	for name, q := range Quantities {
		require.Contains(t, string(data), "| `"+name+"` | "+q.Unit+" |", "docs/findings.md does not list %s", name)
	}
}
