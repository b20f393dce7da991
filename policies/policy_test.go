package policies

import (
	"testing"

	"github.com/stretchr/testify/require"

	"funnellab/scenarios"
)

func build(t *testing.T, e scenarios.Policy) Policy {
	t.Helper()
	p, err := New(e)
	require.NoError(t, err)
	return p
}

// TestPresets: each preset resolves to the parts docs/policies.md lists.
func TestPresets(t *testing.T) {
	for _, tc := range []struct {
		base string
		want Rules
	}{
		{"direct", Rules{Gate: GateInquiry, Routing: Pooled, Priority: OwnFirst, Attempts: 1, OnSetback: Dropped}},
		{"waterfall", Rules{Gate: GateScore, Routing: RoundRobin, Veto: true, Priority: OwnFirst, Attempts: 2, OnSetback: Nurture, ScoreGate: true}},
		{"objective", Rules{Gate: GateObjective, Routing: RoundRobin, Priority: LeadsFirst, Attempts: 6, OnSetback: Nurture, SLAHours: 1, StallDays: 60}},
		{"bant", Rules{Gate: GateScore, Routing: RoundRobin, Priority: OwnFirst, Attempts: 3, OnSetback: Nurture, ScoreGate: true, SQLMinBANT: 4, StrictBudget: true}},
		{"matrix", Rules{Gate: GateMatrix, Routing: RoundRobin, Priority: OwnFirst, Attempts: 3, OnSetback: Nurture, ScoreGate: true}},
		{"telequal", Rules{Gate: GateScore, Qualify: ByCell, Routing: RoundRobin, Priority: OwnFirst, Attempts: 2, OnSetback: Nurture, ScoreGate: true}},
		{"sla", Rules{Gate: GateInquiry, Routing: LeastLoaded, Priority: SLAFirst, SLAHours: 1, Attempts: 6, SpacingHours: 2, OnSetback: Dropped}},
		{"feedback", Rules{Gate: GateScore, Routing: RoundRobin, Veto: true, Priority: OwnFirst, Attempts: 2, OnSetback: Nurture, ScoreGate: true}},
	} {
		t.Run(tc.base, func(t *testing.T) {
			p := build(t, Entry("p", tc.base))
			r := *p.Rules()
			// The shared values every preset starts from.
			if tc.want.SpacingHours == 0 {
				tc.want.SpacingHours = 4
			}
			if tc.want.SQLMinBANT == 0 {
				tc.want.SQLMinBANT = 3
			}
			tc.want.CooldownDays = 30
			tc.want.Cell, tc.want.Learning, tc.want.Recycle = r.Cell, r.Learning, r.Recycle // checked below
			// Nurture calls are off in every preset (its other keys are ready to turn it on).
			tc.want.NurtureCalls = NurtureCalls{PerMonth: 0, Hours: 0.25, Advance: 0.2, MaxPerLead: 3}
			require.Equal(t, tc.want, r)
			require.Equal(t, "p", p.Name())
		})
	}
	require.Equal(t, 2, build(t, Entry("t", "telequal")).Rules().Cell.Agents)
	require.Equal(t, 0.5, build(t, Entry("f", "feedback")).Rules().Learning.Rate)
	require.Equal(t, 0.0, build(t, Entry("w", "waterfall")).Rules().Learning.Rate)
	require.True(t, build(t, Entry("b", "bant")).Rules().Recycle.Separate, "bant: a separate track for leads short of BANT")
	require.False(t, build(t, Entry("w", "waterfall")).Rules().Recycle.Separate)
}

// TestOverrides: parts set on top of a preset win, so a scenario can run
// "waterfall without the SAL veto".
func TestOverrides(t *testing.T) {
	e := Entry("wf_noveto", "waterfall")
	e.Veto, e.Priority, e.Attempts, e.OnReject, e.Queue = "none", "leads_first", 6, "drop", "lifo"
	p := build(t, e)
	r := p.Rules()
	require.False(t, r.Veto)
	require.Equal(t, LeadsFirst, r.Priority)
	require.Equal(t, 6, r.Attempts)
	require.Equal(t, Dropped, r.OnSetback)
	require.Equal(t, LIFO, r.Queue)
	require.Equal(t, GateScore, r.Gate, "the gate stays the waterfall's")
}

func TestBadPolicies(t *testing.T) {
	for _, tc := range []struct {
		name string
		mod  func(*scenarios.Policy)
		want []string
	}{
		{"unknown base", func(p *scenarios.Policy) { p.Base = "magic" }, []string{`policy "bad"`, `base: got "magic"`, "telequal", "waterfall"}},
		{"unknown gate", func(p *scenarios.Policy) { p.Gate = "vibes" }, []string{"gate", `"vibes"`, "matrix"}},
		{"unknown routing", func(p *scenarios.Policy) { p.Routing = "random" }, []string{`policy "bad"`, "routing", `"random"`, "territory"}},
		{"unknown veto", func(p *scenarios.Policy) { p.Veto = "maybe" }, []string{"veto", `"maybe"`, "judgement"}},
		{"unknown priority", func(p *scenarios.Policy) { p.Priority = "whatever" }, []string{"priority", "sla_first"}},
		{"unknown on_reject", func(p *scenarios.Policy) { p.OnReject = "shred" }, []string{"on_reject", "nurture"}},
		{"unknown matrix cell", func(p *scenarios.Policy) { p.Matrix.LowFitHighInterest = "maybe" }, []string{"matrix.low_fit_high_interest", "drop"}},
		{"unknown incentive", func(p *scenarios.Policy) { p.Cell.Incentive = "fun" }, []string{"cell.incentive", "volume"}},
		{"veto with pooled routing", func(p *scenarios.Policy) { p.Veto = "judgement" }, []string{`policy "bad": veto: got judgement with pooled routing`, "round_robin"}},
		{"cell without agents", func(p *scenarios.Policy) { p.Qualify = "cell" }, []string{"cell.agents", "qualify: cell"}},
		{"sla_first without an SLA", func(p *scenarios.Policy) { p.Priority = "sla_first" }, []string{"sla_first", "sla_hours"}},
		{"learning without a score gate", func(p *scenarios.Policy) { p.Learning.Rate = 0.5 }, []string{"learning.rate", "gate score"}},
		{"no attempts", func(p *scenarios.Policy) { p.Attempts = 0 }, []string{"attempts"}},
		{"sql_min_bant above 4", func(p *scenarios.Policy) { p.SQLMinBANT = 5 }, []string{"sql_min_bant"}},
		{"min_level above 3", func(p *scenarios.Policy) { p.MinLevel = 4 }, []string{"min_level"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := Entry("bad", "direct")
			tc.mod(&e)
			_, err := New(e)
			require.Error(t, err)
			for _, w := range tc.want {
				require.ErrorContains(t, err, w)
			}
		})
	}
}

// TestGates checks each gate against its description.
func TestGates(t *testing.T) {
	mk := func(base string, mod func(*scenarios.Policy)) Policy {
		e := Entry(base, base)
		if mod != nil {
			mod(&e)
		}
		return build(t, e)
	}
	direct, wf, obj := mk("direct", nil), mk("waterfall", nil), mk("objective", nil)
	mx := mk("matrix", nil)
	mxOpen := mk("matrix", func(p *scenarios.Policy) {
		p.Matrix.HighFitLowInterest, p.Matrix.LowFitHighInterest, p.Matrix.LowFitLowInterest = "handoff", "drop", "nurture"
	})
	hand := func(sla float64) Decision { return Decision{Act: Hand, SLAHours: sla} }
	for _, tc := range []struct {
		name string
		p    Policy
		lead Lead
		sig  Signal
		want Decision
	}{
		{"direct: the inquiry", direct, Lead{Inquiry: true}, Content, hand(0)},
		{"direct: only once", direct, Lead{Inquiry: true, HandOffs: 1}, Content, Decision{}},
		{"direct: not later signals", direct, Lead{Score: 100}, HandRaise, Decision{}},
		{"waterfall: score at the threshold", wf, Lead{Score: 40, Threshold: 40}, WebVisit, hand(0)},
		{"waterfall: below the threshold", wf, Lead{Score: 39.9, Threshold: 40}, HandRaise, Decision{}},
		{"waterfall: the threshold in force", wf, Lead{Score: 45, Threshold: 50}, WebVisit, Decision{}},
		{"objective: hand-raise showing an objective, with its SLA", obj, Lead{Level: 2.1}, HandRaise, hand(1)},
		{"objective: hand-raise below the level", obj, Lead{Level: 1.5, Score: 100}, HandRaise, Decision{}},
		{"objective: high score without hand-raise", obj, Lead{Level: -1, Score: 1000}, Content, Decision{}},
		{"matrix: high fit, high interest: 24 h follow-up", mx, Lead{Fit: true, Interest: 20}, Content, hand(24)},
		{"matrix: high fit, low interest: nurture", mx, Lead{Fit: true, Interest: 19}, Content, Decision{}},
		{"matrix: low fit, high interest: nurture", mx, Lead{Interest: 50}, Content, Decision{}},
		{"matrix: low fit, low interest: drop", mx, Lead{Interest: 5}, Content, Decision{Act: Drop}},
		{"matrix: high fit, low interest flagged: no SLA", mxOpen, Lead{Fit: true, Interest: 1}, Content, hand(0)},
		{"matrix: low fit, high interest dropped", mxOpen, Lead{Interest: 50}, Content, Decision{Act: Drop}},
		{"matrix: low fit, low interest kept", mxOpen, Lead{Interest: 1}, Content, Decision{}},
	} {
		require.Equal(t, tc.want, tc.p.HandOff(tc.lead, tc.sig), tc.name)
	}
	require.Equal(t, "mqls", wf.MeasuredOn())
	require.Equal(t, "opportunities", obj.MeasuredOn())
}

// TestCellIncentive: paid on volume, the cell hands over one criterion
// short of its bar.
func TestCellIncentive(t *testing.T) {
	e := Entry("t", "telequal")
	require.Equal(t, 3, build(t, e).Rules().Cell.MinBANT)
	e.Cell.Incentive = "volume"
	require.Equal(t, 2, build(t, e).Rules().Cell.MinBANT)
	e.Cell.MinBANT = 0
	require.Equal(t, 0, build(t, e).Rules().Cell.MinBANT, "never below 0")
}

func TestParseSignal(t *testing.T) {
	for s := Signal(0); s < NumSignals; s++ {
		got, ok := ParseSignal(s.String())
		require.True(t, ok)
		require.Equal(t, s, got)
	}
	_, ok := ParseSignal("telepathy")
	require.False(t, ok)
}

// TestPartNames: every enumerated part's constants carry, in order, the
// names the scenario schema declares (the one list of each part's values),
// and every declared value builds.
func TestPartNames(t *testing.T) {
	for _, tc := range []struct {
		key   string
		names []string
	}{
		{"routing", []string{Pooled.String(), RoundRobin.String(), LeastLoaded.String(), Territory.String(), Sticky.String(), SkillWeighted.String()}},
		{"priority", []string{OwnFirst.String(), LeadsFirst.String(), SLAFirst.String()}},
		{"queue", []string{FIFO.String(), LIFO.String()}},
		{"on_reject", []string{Nurture.String(), Dropped.String()}},
	} {
		require.Equal(t, scenarios.PartValues(tc.key), tc.names, tc.key)
	}
	named := map[string]string{Pooled.String(): "pooled", RoundRobin.String(): "round_robin", LeastLoaded.String(): "least_loaded",
		Territory.String(): "territory", Sticky.String(): "sticky", SkillWeighted.String(): "skill_weighted", OwnFirst.String(): "own_first", LeadsFirst.String(): "leads_first", SLAFirst.String(): "sla_first",
		FIFO.String(): "fifo", LIFO.String(): "lifo", Nurture.String(): "nurture", Dropped.String(): "drop"}
	for got, want := range named {
		require.Equal(t, want, got, "a constant's name is the schema's value at its position")
	}
	gates := map[string]Gate{"inquiry": GateInquiry, "score": GateScore, "objective": GateObjective, "matrix": GateMatrix}
	require.Len(t, scenarios.PartValues("gate"), len(gates))
	for v, g := range gates {
		require.Equal(t, g, part[Gate]("gate", v), v)
	}
	require.Equal(t, ByCell, part[Qualifier]("qualify", "cell"))
	for _, key := range []string{"matrix.high_fit_low_interest", "matrix.low_fit_high_interest", "matrix.low_fit_low_interest"} {
		for _, v := range scenarios.PartValues(key) {
			require.Equal(t, v, [...]string{Keep: "nurture", Hand: "handoff", Drop: "drop"}[matrixAct(v)], "%s: %s", key, v)
		}
	}
	for _, key := range []string{"gate", "qualify", "budget", "veto", "routing", "queue", "priority", "on_reject", "measured_on", "cell.incentive"} {
		for _, v := range scenarios.PartValues(key) {
			e := Entry("p", "waterfall")
			e.Gate, e.Routing = "score", "round_robin"
			e.Cell.Agents = 1
			e.SLAHours = 1
			switch key {
			case "gate":
				e.Gate = v
			case "qualify":
				e.Qualify = v
			case "budget":
				e.Budget = v
			case "veto":
				e.Veto = v
			case "routing":
				e.Routing, e.Veto = v, "none"
			case "queue":
				e.Queue = v
			case "priority":
				e.Priority = v
			case "on_reject":
				e.OnReject = v
			case "measured_on":
				e.MeasuredOn = v
			case "cell.incentive":
				e.Cell.Incentive = v
			}
			_, err := New(e)
			require.NoError(t, err, "%s: %s", key, v)
		}
	}
}

// TestBuiltin: every preset is Builtin, a Policy of another package is
// not, and a builtin policy's HandOff is the gate Builtin's doc says its
// Rules name, on leads and signals of every kind (the simulator applies
// those gates without calling HandOff).
func TestBuiltin(t *testing.T) {
	require.False(t, Builtin(struct{ Policy }{}))
	for _, name := range scenarios.PresetNames() {
		p := build(t, Entry(name, name))
		require.True(t, Builtin(p), name)
		r := p.Rules()
		for i := 0; i < 400; i++ {
			l := Lead{Score: float64(i%41) - 1, Threshold: 20 + float64(i%3), Interest: float64(i % 37),
				Level: float64(i%5) - 1.5, Fit: i%2 == 0, HandOffs: i % 3 / 2, Inquiry: i%7 == 0}
			sig := Signal(i % int(NumSignals))
			d := p.HandOff(l, sig)
			switch r.Gate {
			case GateInquiry:
				require.Equal(t, l.Inquiry && l.HandOffs == 0, d.Act == Hand, "%s %+v %v", name, l, sig)
			case GateScore:
				require.Equal(t, l.Score >= l.Threshold, d.Act == Hand, "%s %+v %v", name, l, sig)
			case GateObjective:
				if sig != HandRaise {
					require.Equal(t, Keep, d.Act, "%s %+v %v", name, l, sig)
				}
			}
			if r.Gate != GateMatrix {
				require.NotEqual(t, Drop, d.Act, "%s: only the matrix drops", name)
			}
		}
	}
}
