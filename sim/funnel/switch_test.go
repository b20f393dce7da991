package funnel

import (
	"fmt"
	"math"
	"testing"

	"github.com/stretchr/testify/require"

	"funnellab/scenarios"
)

// switchRuns runs the default company's waterfall, objective, and
// objective switched from waterfall at day d, in replication 0.
func switchRuns(t *testing.T, d float64) (from, to, switched Result) {
	t.Helper()
	s := loadDefault(t, 120, 400, 1)
	w, o := scenarios.Presets["waterfall"], scenarios.Presets["objective"]
	w.Name, o.Name = "waterfall", "objective"
	sw := o
	sw.Name, sw.SwitchFrom, sw.SwitchAtDays = "switched", "waterfall", d
	s.Policies = []scenarios.Policy{w, o, sw}
	m, err := Compile(s)
	require.NoError(t, err)
	sm := m.NewSim()
	var rs [3]Result
	for pol := range rs {
		rs[pol], err = sm.Run(t.Context(), 0, pol)
		require.NoError(t, err)
	}
	return rs[0], rs[1], rs[2]
}

// sameResult reports whether two results are equal bit for bit, NaNs
// included (events aside: the switch is one).
func sameResult(a, b Result) bool {
	for k := range a.Metrics {
		if math.Float64bits(a.Metrics[k]) != math.Float64bits(b.Metrics[k]) {
			return false
		}
	}
	return a.Outcomes == b.Outcomes && a.Arrivals == b.Arrivals && fmt.Sprint(a.Detail) == fmt.Sprint(b.Detail)
}

// TestPolicySwitch: a switch at the very start is the new policy bit for
// bit, one after the end of the observation is the old policy bit for
// bit; a switch in between leaves every week before it as the old
// policy's (the same prospects, common random numbers) and moves the
// results after it, every counted prospect still ending in one state.
func TestPolicySwitch(t *testing.T) {
	from, to, early := switchRuns(t, 1e-6)
	require.False(t, sameResult(from, to), "the two policies differ")
	require.True(t, sameResult(to, early), "switched at the start: the new policy")
	require.Equal(t, to.Events+1, early.Events, "and the switch event")

	_, _, late := switchRuns(t, 401)
	require.True(t, sameResult(from, late), "switched after the end: the old policy")
	require.Equal(t, from.Events, late.Events)

	const d = 60.0
	_, _, mid := switchRuns(t, d)
	weeks := int(math.Floor(d * 24 / hoursPerWeek)) // weeks ending before the switch
	require.Positive(t, weeks)
	require.Equal(t, from.Detail.Weeks[:weeks], mid.Detail.Weeks[:weeks], "before the switch: the old policy")
	require.NotEqual(t, from.Detail.Weeks[weeks+1:], mid.Detail.Weeks[weeks+1:], "after it: not")
	require.False(t, sameResult(from, mid))
	require.False(t, sameResult(to, mid))
	require.Equal(t, from.Metrics[Inquiries], mid.Metrics[Inquiries])
	require.Equal(t, mid.Metrics[Inquiries], float64(mid.Outcomes.Total()), "conservation")
	// The objective gate hands over fewer leads than the waterfall's score
	// gate; switching part-way lands in between.
	h := func(r Result) float64 { return r.Metrics[Handoffs] }
	require.Less(t, math.Min(h(from), h(to)), h(mid))
	require.Greater(t, math.Max(h(from), h(to)), h(mid))
}

// TestPolicySwitchLearning: switching into and out of a policy that
// learns, and from a gate that stops reading the score to one that reads
// it, keeps the weeks before the switch, ends every counted prospect in
// one state, and stops or starts the reviews: a switch out of learning
// freezes the MQL threshold where it was at the switch.
func TestPolicySwitchLearning(t *testing.T) {
	const d = 90.0
	run := func(fromBase, toBase string) (from, switched Result) {
		s := loadDefault(t, 120, 400, 1)
		a, b := scenarios.Presets[fromBase], scenarios.Presets[toBase]
		a.Name, b.Name = "a", "b"
		b.SwitchFrom, b.SwitchAtDays = "a", d
		s.Policies = []scenarios.Policy{a, b}
		m, err := Compile(s)
		require.NoError(t, err)
		sm := m.NewSim()
		from, err = sm.Run(t.Context(), 0, 0)
		require.NoError(t, err)
		switched, err = sm.Run(t.Context(), 0, 1)
		require.NoError(t, err)
		return from, switched
	}
	weeks := int(math.Floor(d * 24 / hoursPerWeek))
	// objective → waterfall: a gate that does not read the score after
	// the MQL, then one that does (scoreLater keeps the engagement).
	for _, c := range [][2]string{{"feedback", "waterfall"}, {"waterfall", "feedback"}, {"objective", "waterfall"}} {
		from, sw := run(c[0], c[1])
		require.Equal(t, from.Detail.Weeks[:weeks], sw.Detail.Weeks[:weeks], "%s → %s", c[0], c[1])
		require.Equal(t, sw.Metrics[Inquiries], float64(sw.Outcomes.Total()))
		if c[0] == "feedback" {
			require.NotEqual(t, from.Metrics[MQLThresholdEnd], sw.Metrics[MQLThresholdEnd], "learning stopped at the switch")
		}
	}
}
