package funnel

import (
	"context"
	"testing"

	"funnellab/scenarios"

	"github.com/stretchr/testify/require"
)

// runFast runs replication rep of policy pi with the fast paths (parked
// signals, park.go; the running queue count, queuecount.go) on or off, and
// returns the result with its event count apart.
func runFast(t *testing.T, m *Model, rep, pi int, fast bool) (Result, int64) {
	t.Helper()
	sm := m.NewSim()
	sm.noPark, sm.scanQ, sm.load.noIndex, sm.noInline, sm.dueScan, sm.noWait, sm.noShare = !fast, !fast, !fast, !fast, !fast, !fast, !fast
	r, err := sm.Run(context.Background(), rep, pi)
	require.NoError(t, err)
	ev := r.Events
	r.Events = 0
	return r, ev
}

// TestFastPathsSameResults runs every embedded scenario (shortened) and
// the default company with saturated reps under every policy, with and
// without the fast paths (parked signals, the running queue count): the
// results, weekly queue lengths included, must be the same to the last
// bit, with fewer events where leads queue.
func TestFastPathsSameResults(t *testing.T) {
	type job struct {
		name string
		s    scenarios.Scenario
	}
	var jobs []job
	for _, name := range append(scenarios.Names(), scenarios.FindingNames()...) {
		r, err := scenarios.LoadEmbedded(name, nil)
		require.NoError(t, err, name)
		s := r.Scenario
		if s.ObserveDays == 0 {
			continue // parking is off without an end of observation
		}
		if s.HorizonDays > 120 {
			s.HorizonDays, s.WarmupDays = 120, min(s.WarmupDays, 30)
		}
		s.ObserveDays = min(s.ObserveDays, 2*s.HorizonDays)
		jobs = append(jobs, job{name, s})
	}
	sat := loadDefault(t, 90, 180, 1) // 8× the inquiries, the same reps
	for i := range sat.Marketing.Channels {
		sat.Marketing.Channels[i].RatePerHour *= 8
	}
	// sla_first with saturated reps, in both queue orders: long lines of
	// retries for dueLead to walk (priority.go).
	slaF, slaL := scenarios.Presets["sla"], scenarios.Presets["sla"]
	slaF.Name, slaL.Name, slaL.Queue = "sla", "sla_lifo", "lifo"
	sat.Policies = append(sat.Policies, slaF, slaL)
	jobs = append(jobs, job{"default×8", sat})
	// Switches at day 60 between gates that do and do not read the
	// score, into and out of learning, with saturated reps (switch.go).
	sw := sat
	sw.Policies = nil
	for _, pair := range [][2]string{{"waterfall", "objective"}, {"objective", "waterfall"}, {"waterfall", "feedback"}, {"feedback", "direct"}} {
		a, b := scenarios.Presets[pair[0]], scenarios.Presets[pair[1]]
		a.Name, b.Name = pair[0]+"-"+pair[1], pair[1]+"-after-"+pair[0]
		b.SwitchFrom, b.SwitchAtDays = a.Name, 60
		sw.Policies = append(sw.Policies, a, b)
	}
	jobs = append(jobs, job{"switches", sw})
	// Routing by load with a team of 96 (loadindex.go): least_loaded
	// (the sla preset, with its own-task interruptions), skill_weighted
	// with skilled reps, and a switch between the two.
	big := loadDefault(t, 60, 120, 1)
	for i := range big.Marketing.Channels {
		big.Marketing.Channels[i].RatePerHour *= 8
	}
	big.Sales.Reps *= 8
	big.Sales.SkillCV = 0.4
	big.Policies = nil
	ll, sk, ll2 := scenarios.Presets["sla"], scenarios.Presets["sla"], scenarios.Presets["waterfall"]
	ll.Name, sk.Name, ll2.Name = "least_loaded", "skill_weighted", "least_loaded-after-skill_weighted"
	sk.Routing, ll2.Routing = "skill_weighted", "least_loaded"
	ll2.SwitchFrom, ll2.SwitchAtDays = sk.Name, 30
	big.Policies = append(big.Policies, ll, sk, ll2)
	jobs = append(jobs, job{"routing by load, 96 reps", big})
	// Learning (reviewwait.go): feedback, reviews every 9 days, chasing
	// its KPI, with nurture calls (which may move a waiting lead's
	// journey on), with signals in business hours, and with a switch out
	// of learning.
	lrn := loadDefault(t, 90, 180, 1)
	lrn.Signals.BusinessHours = true
	fb, fk, fs, fd := scenarios.Presets["feedback"], scenarios.Presets["feedback"], scenarios.Presets["feedback"], scenarios.Presets["direct"]
	fk.Name, fk.Learning.KPIWeight, fk.MeasuredOn = "feedback_kpi", 0.5, "mqls"
	fs.Name, fs.Learning.PeriodDays = "feedback_9d", 9
	fd.Name, fd.SwitchFrom, fd.SwitchAtDays = "direct-after-feedback_9d", fs.Name, 40
	fn := scenarios.Presets["feedback"]
	fn.Name, fn.NurtureCalls = "feedback_nurture_calls", scenarios.NurtureCalls{PerMonth: 2, Hours: 0.25, Advance: 0.3, MaxPerLead: 5}
	lrn.Policies = []scenarios.Policy{fb, fk, fs, fd, fn}
	jobs = append(jobs, job{"learning", lrn})
	var saved, savedLearning int64
	for _, j := range jobs {
		m, err := Compile(j.s)
		require.NoError(t, err, j.name)
		for pi, p := range m.Policies {
			want, evOff := runFast(t, m, 1, pi, false)
			got, evOn := runFast(t, m, 1, pi, true)
			requireSameResult(t, want, got, "%s / %s", j.name, p.Name())
			require.LessOrEqual(t, evOn, evOff, "%s / %s", j.name, p.Name())
			switch j.name {
			case "default×8":
				saved += evOff - evOn
			case "learning":
				savedLearning += evOff - evOn
			}
		}
	}
	require.Positive(t, saved, "saturated reps: some signals parked")
	require.Positive(t, savedLearning, "learning: some signals waited for the review")
}
