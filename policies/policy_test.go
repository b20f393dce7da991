package policies

import (
	"testing"

	"github.com/stretchr/testify/require"

	"funnellab/scenarios"
)

func entry(name, kind string) scenarios.Policy {
	var p scenarios.Policy
	p.SetDefaults()
	p.Name, p.Kind = name, kind
	return p
}

// TestKindDefaults: "default" settings resolve to each kind's own.
func TestKindDefaults(t *testing.T) {
	for _, tc := range []struct {
		kind string
		want Rules
	}{
		{"direct", Rules{Queue: FIFO, Routing: Pooled, Veto: false, Priority: OwnFirst, Attempts: 1, OnSetback: Drop}},
		{"waterfall", Rules{Queue: FIFO, Routing: RoundRobin, Veto: true, Priority: OwnFirst, Attempts: 2, OnSetback: Nurture, ScoreGate: true}},
		{"objective", Rules{Queue: FIFO, Routing: RoundRobin, Veto: false, Priority: LeadsFirst, Attempts: 6, OnSetback: Nurture}},
	} {
		t.Run(tc.kind, func(t *testing.T) {
			p, err := NewWithScoring(entry("p", tc.kind), 40)
			require.NoError(t, err)
			r := *p.Rules()
			// Numeric settings come straight from the entry's defaults.
			tc.want.SpacingHours, tc.want.SQLMinBANT, tc.want.CooldownDays = 4, 3, 30
			require.Equal(t, tc.want, r)
			require.Equal(t, tc.kind, p.Kind())
			require.Equal(t, "p", p.Name())
		})
	}
}

// TestOverrides: a key set in the file wins over the kind's default, so a
// scenario can run "waterfall without the SAL veto".
func TestOverrides(t *testing.T) {
	e := entry("wf_noveto", "waterfall")
	e.Veto, e.Priority, e.Attempts, e.OnReject, e.Queue = "none", "leads_first", 6, "drop", "lifo"
	p, err := New(e)
	require.NoError(t, err)
	r := p.Rules()
	require.False(t, r.Veto)
	require.Equal(t, LeadsFirst, r.Priority)
	require.Equal(t, 6, r.Attempts)
	require.Equal(t, Drop, p.After(Rejected))
	require.Equal(t, LIFO, r.Queue)
}

func TestBadPolicies(t *testing.T) {
	for _, tc := range []struct {
		name string
		mod  func(*scenarios.Policy)
		want []string
	}{
		{"unknown kind", func(p *scenarios.Policy) { p.Kind = "magic" }, []string{`policy "bad"`, `unknown kind "magic"`, "direct", "objective", "waterfall"}},
		{"unknown routing", func(p *scenarios.Policy) { p.Routing = "random" }, []string{`policy "bad"`, "routing", `"random"`, "least_loaded"}},
		{"unknown veto", func(p *scenarios.Policy) { p.Veto = "maybe" }, []string{"veto", `"maybe"`, "judgement"}},
		{"unknown priority", func(p *scenarios.Policy) { p.Priority = "whatever" }, []string{"priority", "own_first"}},
		{"unknown on_reject", func(p *scenarios.Policy) { p.OnReject = "shred" }, []string{"on_reject", "nurture"}},
		{"default queue is not a queue", func(p *scenarios.Policy) { p.Queue = "default" }, []string{"queue", "fifo"}},
		{"veto with pooled routing", func(p *scenarios.Policy) { p.Kind, p.Routing = "waterfall", "pooled" }, []string{"veto judgement", "pooled"}},
		{"negative attempts", func(p *scenarios.Policy) { p.Attempts = -1 }, []string{"attempts"}},
		{"sql_min_bant above 4", func(p *scenarios.Policy) { p.SQLMinBANT = 5 }, []string{"sql_min_bant"}},
		{"min_level above 3", func(p *scenarios.Policy) { p.Kind, p.MinLevel = "objective", 4 }, []string{"min_level"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := entry("bad", "direct")
			tc.mod(&e)
			_, err := New(e)
			require.Error(t, err)
			for _, w := range tc.want {
				require.ErrorContains(t, err, w)
			}
		})
	}
}

// TestGates checks each kind's hand-off rule against its description.
func TestGates(t *testing.T) {
	mk := func(kind string) Policy {
		e := entry(kind, kind)
		p, err := NewWithScoring(e, 40)
		require.NoError(t, err)
		return p
	}
	direct, wf, obj := mk("direct"), mk("waterfall"), mk("objective")
	for _, tc := range []struct {
		name string
		p    Policy
		lead Lead
		sig  Signal
		want bool
	}{
		{"direct: the inquiry", direct, Lead{Inquiry: true}, Content, true},
		{"direct: only once", direct, Lead{Inquiry: true, HandOffs: 1}, Content, false},
		{"direct: not later signals", direct, Lead{Score: 100}, HandRaise, false},
		{"waterfall: score at the threshold", wf, Lead{Score: 40}, WebVisit, true},
		{"waterfall: below the threshold", wf, Lead{Score: 39.9}, HandRaise, false},
		{"objective: hand-raise showing an objective", obj, Lead{Level: 2.1}, HandRaise, true},
		{"objective: hand-raise below the level", obj, Lead{Level: 1.5, Score: 100}, HandRaise, false},
		{"objective: high score without hand-raise", obj, Lead{Level: -1, Score: 1000}, Content, false},
	} {
		require.Equal(t, tc.want, tc.p.HandOff(tc.lead, tc.sig), tc.name)
	}
	require.Equal(t, "mqls", wf.MeasuredOn())
	require.Equal(t, "opportunities", obj.MeasuredOn())
	require.Equal(t, []string{"direct", "objective", "waterfall"}, Kinds())
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
