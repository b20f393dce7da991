package funnel

import (
	"context"
	"math"
	"testing"

	"funnellab/policies"
	"funnellab/results"
	"funnellab/scenarios"

	"github.com/stretchr/testify/require"
)

// Behaviour tests: each policy does what docs/policies.md says it does, on
// a small run of the default company, observed through test hooks.

// runHooked runs policy pol of s for reps replications with hooks h.
func runHooked(t *testing.T, s scenarios.Scenario, pol, reps int, h *hooks) []Result {
	t.Helper()
	m, err := Compile(s)
	require.NoError(t, err)
	var out []Result
	for rep := range reps {
		sm := m.NewSim()
		sm.hook = h
		r, err := sm.Run(context.Background(), rep, pol)
		require.NoError(t, err)
		out = append(out, r)
	}
	return out
}

// withPolicies is the default company, shortened, under the given policies.
func withPolicies(t *testing.T, pols ...scenarios.Policy) scenarios.Scenario {
	s := loadDefault(t, 120, 480, 4)
	s.Policies = pols
	return s
}

// TestBANTHandsOverOnlyWithBudget: bant with k = 4 and an exact reading
// opens no opportunity for a prospect without an allocated budget (or
// failing any other criterion); with the cell as qualifier, no such lead
// even reaches sales. The "after solutions" rule lets such budgets through.
func TestBANTHandsOverOnlyWithBudget(t *testing.T) {
	strict := policies.Entry("bant", "bant")
	cell := policies.Entry("bant_cell", "bant")
	cell.Qualify, cell.Cell.Agents, cell.Cell.BANTAccuracy, cell.Cell.MinBANT = "cell", 3, 1, 4
	lenient := policies.Entry("bant_after", "bant")
	lenient.Budget = "after_solutions"
	s := withPolicies(t, strict, cell, lenient)
	s.Sales.BANTAccuracy = 1
	meetsAll := func(p *prospect) bool {
		return p.kind == kindGenuine && p.budget == budgetAllocated && p.auth == authDecisionMaker && p.stage >= stObjective
	}

	opps := 0
	runHooked(t, s, 0, 2, &hooks{opp: func(_ float64, p *prospect) {
		opps++
		require.True(t, meetsAll(p), "bant k=4 opened an opportunity for kind %d budget %d auth %d stage %d", p.kind, p.budget, p.auth, p.stage)
	}})
	require.Positive(t, opps)

	sales := 0
	runHooked(t, s, 1, 2, &hooks{sales: func(_ float64, p *prospect) {
		sales++
		require.True(t, meetsAll(p), "the cell (k=4, exact) handed over kind %d budget %d auth %d stage %d", p.kind, p.budget, p.auth, p.stage)
	}})
	require.Positive(t, sales)

	after := 0
	runHooked(t, s, 2, 2, &hooks{opp: func(_ float64, p *prospect) {
		require.NotEqual(t, budgetNone, p.budget)
		if p.budget == budgetAfterSolutions {
			after++
		}
	}})
	require.Positive(t, after, "budget: after_solutions lets a budget to be set after seeing solutions meet Budget")
}

// TestMatrixCells: the matrix drops exactly low fit x low interest, and
// hands over only high fit x high interest, with its 24-hour follow-up;
// set to hand over high fit x low interest, it does so without an SLA.
func TestMatrixCells(t *testing.T) {
	mx := policies.Entry("matrix", "matrix")
	open := policies.Entry("matrix_open", "matrix")
	open.Matrix.HighFitLowInterest = "handoff"
	s := withPolicies(t, mx, open)
	interest := mx.Matrix.InterestPoints

	drops, hands := 0, 0
	res := runHooked(t, s, 0, 2, &hooks{
		drop: func(_ float64, p *prospect) {
			drops++
			require.False(t, p.recFit, "dropped a lead recorded as fitting")
			require.Less(t, p.eng, interest, "dropped a lead with high interest")
		},
		sales: func(_ float64, p *prospect) {
			hands++
			require.True(t, p.recFit && p.eng >= interest, "handed over a lead outside high fit x high interest")
			require.Equal(t, float32(24), p.slaH)
		},
	})
	require.Positive(t, drops)
	require.Positive(t, hands)
	require.Equal(t, float64(drops), res[0].Metrics[MarketingDropped]+res[1].Metrics[MarketingDropped])

	flagged := 0
	runHooked(t, s, 1, 2, &hooks{sales: func(_ float64, p *prospect) {
		require.True(t, p.recFit, "only high-fit leads are handed over")
		if p.eng < interest {
			flagged++
			require.Zero(t, p.slaH, "'build interest' hand-offs carry no SLA")
		}
	}})
	require.Positive(t, flagged)
}

// TestTelequalFasterThanReps: with capacity to spare, the cell calls MQLs
// within minutes, where reps working their own pipeline first take hours;
// what it hands over meets its bar.
func TestTelequalFasterThanReps(t *testing.T) {
	tq := policies.Entry("telequal", "telequal")
	tq.Cell.Agents, tq.Cell.BANTAccuracy = 4, 1
	s := withPolicies(t, policies.Entry("waterfall", "waterfall"), tq)
	s.Sales.BANTAccuracy = 1
	v, _ := runAll(t, s, 2)
	faster := diff(t, v, ResponseFromHandoffMedianH, 0, 1)
	require.Less(t, faster.CI95High, 0.0, "telequal first touch not faster: %+v", faster)
	require.Less(t, mean(v[1][ResponseFromHandoffMedianH]), 0.25, "the cell calls within a quarter hour (median)")
	within := diff(t, v, ContactedWithin1hShare, 0, 1)
	require.Greater(t, within.CI95Low, 0.0)

	runHooked(t, s, 1, 1, &hooks{sales: func(_ float64, p *prospect) {
		met := 0
		for _, ok := range []bool{p.kind == kindGenuine && p.budget != budgetNone, p.auth == authDecisionMaker,
			p.kind == kindGenuine && p.stage >= stAware, p.kind == kindGenuine && p.stage >= stObjective} {
			if ok {
				met++
			}
		}
		require.GreaterOrEqual(t, met, tq.Cell.MinBANT, "the cell handed over a lead below its bar")
		require.NotZero(t, p.flags&fFromCell)
	}})
	// Paid on volume, the cell hands over more (one criterion short).
	vol := tq
	vol.Name, vol.Cell.Incentive = "telequal_volume", "volume"
	s.Policies = []scenarios.Policy{tq, vol}
	v, _ = runAll(t, s, 2)
	more := diff(t, v, Handoffs, 0, 1)
	require.Greater(t, more.CI95Low, 0.0, "volume incentive: %+v", more)
}

// slaCompany is the default company with room for marketing leads: more
// than three times the reps, each with most of the week free of own work.
func slaCompany(t *testing.T, pols ...scenarios.Policy) scenarios.Scenario {
	s := withPolicies(t, pols...)
	s.Sales.Reps = 40
	s.Sales.OwnPipeline.TasksPerWeek = 20
	return s
}

// TestSLAKeptWhenCapacityAllows: under sla_first, with a rep free (or
// interruptible) whenever a lead arrives, every first attempt is within the
// one-hour SLA: a team at work around the clock with capacity to spare
// breaches it (almost) never. A team buried in work breaches it often,
// and the breaches are counted.
func TestSLAKeptWhenCapacityAllows(t *testing.T) {
	sla := policies.Entry("sla_1h", "sla")
	roomy := slaCompany(t, sla)
	roomy.Calendar.AlwaysOpen = true // no overnight backlog
	res := runHooked(t, roomy, 0, 2, nil)
	for _, r := range res {
		require.Positive(t, r.Metrics[Contacted])
		require.Less(t, r.Metrics[SLABreaches]/r.Metrics[Handoffs], 0.01, "breaches with capacity to spare")
		require.Greater(t, r.Metrics[ContactedWithin1hShare], 0.9)
	}
	busy := withPolicies(t, sla)
	busy.Sales.Reps = 4
	for _, r := range runHooked(t, busy, 0, 2, nil) {
		require.Greater(t, r.Metrics[SLABreaches]/r.Metrics[Handoffs], 0.2, "a buried team must breach")
	}
}

// TestFeedbackLowersOffTarget: over a year, learning from the reasons reps
// give lowers the share of off-target hand-offs against the same waterfall
// without learning (same prospects): the threshold rises and the channels
// with the most off-target leads are cut.
func TestFeedbackLowersOffTarget(t *testing.T) {
	fb := policies.Entry("feedback", "feedback")
	still := fb
	still.Name, still.Learning.Rate = "no_learning", 0
	s := withPolicies(t, still, fb)
	s.HorizonDays, s.ObserveDays = 365, 365
	v, _ := runAll(t, s, 2)
	lower := diff(t, v, OffTargetHandoffShare, 0, 1)
	require.Less(t, lower.CI95High, 0.0, "off-target share not lower with learning: %+v", lower)
	require.Greater(t, mean(v[1][MQLThresholdEnd]), fb.Learning.MaxThreshold*0.5, "the threshold rose")
	require.Less(t, mean(v[1][Inquiries]), mean(v[0][Inquiries]), "off-target channels were cut")

}

// TestPolicyDirections checks what one process does relative to another on
// the default company, with the paired 95% CI over replications excluding
// zero in the stated direction. Each case says why.
func TestPolicyDirections(t *testing.T) {
	noVeto := policies.Entry("waterfall_no_veto", "waterfall")
	noVeto.Veto = "none"
	fast := policies.Entry("sla_5min", "sla")
	fast.SLAHours, fast.Routing = 5.0/60, "round_robin"
	slow := policies.Entry("sla_24h", "sla")
	slow.SLAHours, slow.Routing = 24, "round_robin" // leads wait at a busy rep: the SLA decides
	for _, tc := range []struct {
		name   string
		s      scenarios.Scenario
		metric Metric
		up     bool // b - a > 0
		why    string
	}{
		{"no veto lowers waste", withPolicies(t, policies.Entry("waterfall", "waterfall"), noVeto), HandoffWasteShare, false,
			"rejections are part of the waste; without a veto there are none, and the extra accepted leads are mostly worked"},
		{"5-minute SLA is hotter than 24 hours", slaCompany(t, slow, fast), HotContactShare, true,
			"with sla_first a rep interrupts an own task (and takes a lead before its own queue) when finishing first would breach the lead's SLA: a 5-minute SLA interrupts for every lead, a 24-hour one almost never, and hot windows last about an hour"},
		{"objective earns more than the waterfall", withPolicies(t, policies.Entry("waterfall", "waterfall"), policies.Entry("objective", "objective")), Revenue, true,
			"hand-offs of prospects with an objective, no veto and fast calls open more, earlier opportunities ([waterfall-critique-2012], [vendor-case])"},
		{"matrix hands over fewer off-target leads", withPolicies(t, policies.Entry("waterfall", "waterfall"), policies.Entry("matrix", "matrix")), OffTargetHandoffShare, false,
			"the matrix hands over only recorded fits and drops low fit x low interest; the waterfall's score lets engaged non-fits through"},
		{"strict BANT opens fewer opportunities", withPolicies(t, policies.Entry("waterfall", "waterfall"), policies.Entry("bant", "bant")), Opportunities, false,
			"four of four criteria with an allocated budget is a higher bar than three of four with budgets after solutions counted"},
		{"the cell reaches leads sooner", withPolicies(t, policies.Entry("waterfall", "waterfall"), policies.Entry("telequal", "telequal")), ContactedWithin1hShare, true,
			"agents do nothing but call MQLs, where reps work their own pipeline first"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			v, _ := runAll(t, tc.s, 2)
			d := diff(t, v, tc.metric, 0, 1)
			if tc.up {
				require.Greater(t, d.CI95Low, 0.0, "%s (%s): %+v", tc.name, tc.why, d)
			} else {
				require.Less(t, d.CI95High, 0.0, "%s (%s): %+v", tc.name, tc.why, d)
			}
		})
	}
}

func diff(t *testing.T, v [][][]float64, m Metric, a, b int) results.Diff {
	t.Helper()
	d, err := results.PairedDiff(m.String(), "a", "b", v[a][m], v[b][m])
	require.NoError(t, err)
	return d
}

func mean(xs []float64) float64 { return results.Summarize(xs).Mean }

// TestCellHoursAndSLA: a cell with longer hours than the reps' reaches
// leads sooner; and the follow-up SLA the gate set (the matrix's 24 hours)
// goes with the lead through the cell to sales.
func TestCellHoursAndSLA(t *testing.T) {
	day := policies.Entry("cell_9_17", "telequal")
	long := day
	long.Name, long.Cell.OpenHour, long.Cell.CloseHour = "cell_7_22", 7, 22
	v, _ := runAll(t, withPolicies(t, day, long), 2)
	sooner := diff(t, v, WaitMeanH, 0, 1)
	require.Less(t, sooner.CI95High, 0.0, "longer cell hours: %+v", sooner)
	require.Greater(t, mean(v[1][CellCost]), mean(v[0][CellCost]), "longer hours are paid")

	mc := policies.Entry("matrix_cell", "matrix")
	mc.Qualify, mc.Cell.Agents = "cell", 2
	n := 0
	runHooked(t, withPolicies(t, mc), 0, 1, &hooks{sales: func(_ float64, p *prospect) {
		n++
		require.Equal(t, float32(24), p.slaH)
	}})
	require.Positive(t, n)
}

// TestReasonsAndRecycleTrack: every rejection and every reached call that
// does not qualify gives exactly one reason; a separate, denser recycle
// track costs more touches than the nurture track (same prospects).
func TestReasonsAndRecycleTrack(t *testing.T) {
	wf := policies.Entry("waterfall", "waterfall")
	dense := wf
	dense.Name, dense.RecycleTrack = "waterfall_dense", scenarios.RecycleTrack{Separate: true, TouchesPerWeek: 5, Speedup: 0.2}
	s := withPolicies(t, wf, policies.Entry("objective", "objective"), dense)
	v, _ := runAll(t, s, 2)
	for p := range 2 {
		for r := range s.Replications {
			at := func(m Metric) float64 { return v[p][m][r] }
			reasons := at(ReasonsOffTarget) + at(ReasonsNoBudget) + at(ReasonsNotInterested) + at(ReasonsCompetitor)
			reached := at(Handoffs) * (1 - at(NeverContactedShare))
			require.InDelta(t, at(Rejected)+reached-at(SQLs), reasons, 1e-6, "policy %d rep %d", p, r)
		}
	}
	require.Positive(t, mean(v[0][ReasonsOffTarget]))
	require.Positive(t, mean(v[0][ReasonsCompetitor]))
	costlier := diff(t, v, MarketingCost, 0, 2)
	require.Greater(t, costlier.CI95Low, 0.0, "five touches a week cost more than one: %+v", costlier)
}

// TestLeadHours: with lead_hours 9 to 10, every call attempt on a
// marketing lead starts between 9:00 and 10:00 of a working day, and the
// leads still get called (a daily batch).
func TestLeadHours(t *testing.T) {
	batch := policies.Entry("daily_batch", "direct")
	batch.LeadHours = scenarios.LeadHours{OpenHour: 9, CloseHour: 10}
	calls := 0
	runHooked(t, withPolicies(t, batch), 0, 1, &hooks{call: func(t0 float64, _ *prospect) {
		calls++
		day, hour := int(t0/24)%7, math.Mod(t0, 24)
		require.Less(t, day, 5, "a weekday")
		require.True(t, hour >= 9 && hour < 10, "call at %.3f h", hour)
	}})
	require.Greater(t, calls, 1000)
}

// TestEveryPresetCRNAndDeterminism: under every policy of policies.yaml,
// a copy of the policy under another name gives the same result bit for
// bit (common random numbers, and no state left over in a reused Sim from
// the policy run before it: the cell, learning's weights and threshold,
// the territories), and the results do not depend on the number of
// workers.
func TestEveryPresetCRNAndDeterminism(t *testing.T) {
	r, err := scenarios.LoadEmbedded("policies", nil)
	require.NoError(t, err)
	s := r.Scenario
	s.HorizonDays, s.ObserveDays, s.Replications = 60, 200, 2
	n := len(s.Policies)
	for i := range n {
		c := s.Policies[i]
		c.Name += "_again"
		s.Policies = append(s.Policies, c)
	}
	_, one := runAll(t, s, 1)
	_, three := runAll(t, s, 3)
	requireAllIdentical(t, one, three)
	np := len(s.Policies)
	for rep := range s.Replications {
		for i := range n {
			requireIdentical(t, one[rep*np+i], one[rep*np+n+i], "%s, replication %d", s.Policies[i].Name, rep)
		}
	}
}

// TestStickyRouting: under routing sticky a prospect handed to sales again
// goes to the rep who had it last, and its first hand-off goes round robin
// (reps in turn); under round_robin a prospect handed over again usually
// meets another rep.
func TestStickyRouting(t *testing.T) {
	sticky := policies.Entry("sticky", "waterfall")
	sticky.Routing = "sticky"
	rr := policies.Entry("rr", "waterfall")
	s := withPolicies(t, sticky, rr)
	reps := s.Sales.Reps
	type key struct {
		arrival float64
		channel uint8
	}
	observe := func(pol int) (again, same, firsts int, turnsOK bool) {
		last := map[key]int32{}
		next, turnsOK := int32(0), true
		runHooked(t, s, pol, 1, &hooks{sales: func(_ float64, p *prospect) {
			k := key{p.arrival, p.channel}
			if p.handoffs == 1 {
				firsts++
				turnsOK = turnsOK && p.rep == next
				next = (next + 1) % int32(reps)
			} else if prev, ok := last[k]; ok {
				again++
				if p.rep == prev {
					same++
				}
			}
			last[k] = p.rep
		}})
		return again, same, firsts, turnsOK
	}
	again, same, firsts, turnsOK := observe(0)
	require.Positive(t, firsts)
	require.True(t, turnsOK, "sticky: first hand-offs go to the reps in turn")
	require.Positive(t, again, "the scenario must hand some prospects over again")
	require.Equal(t, again, same, "sticky: every prospect handed over again goes back to its rep")
	again, same, _, _ = observe(1)
	require.Positive(t, again)
	require.Less(t, float64(same), 0.5*float64(again), "round_robin: most prospects handed over again meet another rep")
}
