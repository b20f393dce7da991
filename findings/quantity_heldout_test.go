package findings

import (
	"math"
	"testing"

	"github.com/stretchr/testify/require"

	"funnellab/results"
)

// TestHeldOutQuantities: mql_per_inquiry, sal_per_handoff and
// never_followed_up_share on hand-made counts, for one policy and pooled
// over two (counts summed before the ratio), NaN without a denominator.
func TestHeldOutQuantities(t *testing.T) {
	tab := results.NewTable([]string{"a", "b"}, []string{"inquiries", "mqls", "handoffs", "sals", "contacted"}, 2)
	set := func(p, m string, v ...float64) {
		for r, x := range v {
			tab.Set(r, tab.PolicyIndex(p), tab.MetricIndex(m), x)
		}
	}
	set("a", "inquiries", 1000, 0)
	set("a", "mqls", 200, 0)
	set("a", "handoffs", 300, 0)
	set("a", "sals", 120, 0)
	set("a", "contacted", 350, 0)
	set("b", "inquiries", 3000, 10)
	set("b", "mqls", 300, 5)
	set("b", "handoffs", 100, 4)
	set("b", "sals", 80, 1)
	set("b", "contacted", 1650, 2)
	r := &Run{Table: tab}
	for _, tc := range []struct {
		name    string
		one     [2]float64 // policy a
		pooled0 float64    // both policies, replication 0
	}{
		{"mql_per_inquiry", [2]float64{0.2, math.NaN()}, 500.0 / 4000},
		{"sal_per_handoff", [2]float64{0.4, math.NaN()}, 200.0 / 400},
		{"never_followed_up_share", [2]float64{0.65, math.NaN()}, 2000.0 / 4000},
	} {
		q, err := Lookup(tc.name)
		require.NoError(t, err)
		v, err := q.Compute(r, []int{0})
		require.NoError(t, err)
		require.InDelta(t, tc.one[0], v[0], 1e-12, tc.name)
		require.True(t, math.IsNaN(v[1]), tc.name)
		v, err = q.Compute(r, []int{0, 1})
		require.NoError(t, err)
		require.InDelta(t, tc.pooled0, v[0], 1e-12, tc.name)
	}
}
