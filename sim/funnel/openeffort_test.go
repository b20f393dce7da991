package funnel

import (
	"context"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestOpenEffortByHand drives one rep by hand at 84 h per open week (half
// an hour per hour per opportunity), always at work: two open
// opportunities take all its time, one half of it, and idle time works
// the effort off.
func TestOpenEffortByHand(t *testing.T) {
	s := journeyScenario(newPolicy("objective", "objective"))
	s.Sales.Reps, s.WarmupDays = 1, 0
	s.Sales.HoursPerOpenWeek = 84
	m, err := Compile(s)
	require.NoError(t, err)
	sm := m.NewSim()
	sm.reset(0, 0)
	rp := &sm.reps[0]
	sm.oppOpened(0, 0)
	sm.oppOpened(0, 0)
	// The rep works something else from 0 to 10.
	rp.idle, rp.busy = false, true
	sm.idle = sm.idle[:0]
	rp.busy = false
	require.True(t, sm.startEffort(10, 0))
	require.Equal(t, 10.0, rp.curOwn.dur) // 2 x 0.5 h/h x 10 h
	require.True(t, rp.curEffort)
	// While it works those 10 hours, the two opportunities ask 10 more:
	// the rep has no time left for anything else.
	rp.busy, rp.curEffort = false, false
	require.True(t, sm.startEffort(20, 0))
	require.Equal(t, 10.0, rp.curOwn.dur)
	// One closes: half the rep's time.
	sm.oppClosed(20, 0)
	rp.busy, rp.curEffort = false, false
	require.True(t, sm.startEffort(30, 0))
	require.Equal(t, 5.0, rp.curOwn.dur)
	// Done at 35, idle until 45: the 7.5 h asked for since 30 are worked
	// off by the 10 idle working hours.
	rp.busy, rp.curEffort = false, false
	rp.idle, rp.idleAt = true, 35
	require.False(t, sm.startEffort(45, 0))
	require.Zero(t, rp.effDebt)
	require.Equal(t, 32.5, sm.acc.openEffortHours) // 10 + 10 + 5 + 7.5
}

// TestOpenEffortCostsCapacity: on the default company, effort per open week
// is tallied, and the opportunities it takes capacity from are fewer; at 0
// nothing is tallied.
func TestOpenEffortCostsCapacity(t *testing.T) {
	run := func(hours float64) (opps, effort float64) {
		s := loadDefault(t, 90, 300, 1)
		s.Policies = s.Policies[:1]
		s.Sales.HoursPerOpenWeek = hours
		m, err := Compile(s)
		require.NoError(t, err)
		sm := m.NewSim()
		r, err := sm.Run(context.Background(), 0, 0)
		require.NoError(t, err)
		return r.Metrics[Opportunities], sm.acc.openEffortHours
	}
	o0, e0 := run(0)
	o1, e1 := run(4)
	require.Zero(t, e0)
	require.Positive(t, e1)
	require.Less(t, o1, o0)
	t.Logf("opportunities %g -> %g, effort hours %g", o0, o1, e1)
}
