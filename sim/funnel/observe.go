package funnel

import "math"

// Observing a replication's records: what a CRM would hold of it (every
// inquiry, every opportunity and how it closed), for funnel run --export
// crm. The observer rides on the hooks (hooks.go), nil in every other
// run: a run without an observer pays one nil check per inquiry,
// opportunity and close, and its results are the same bits.

// Outcome is how an opportunity closed.
type Outcome uint8

// The outcomes of an opportunity.
const (
	Won        = Outcome(outWon)
	Lost       = Outcome(outLost)
	NoDecision = Outcome(outNoDecision)
)

// String returns won, lost or no_decision.
func (o Outcome) String() string {
	switch o {
	case Won:
		return "won"
	case Lost:
		return "lost"
	case NoDecision:
		return "no_decision"
	}
	return "unknown"
}

// Observer receives the records of the replications a Sim runs, in the
// order of simulated time. Slot identifies a live prospect: a slot is
// reused only after its prospect has left, so Inquiry starts a new record
// for the slot. Counted is false for inquiries during the warm-up
// (warmup_days), whose outcomes the metrics leave out. Each field may be
// nil.
type Observer struct {
	// Inquiry: a prospect arrives at t (hours from the start) from
	// channel ch (an index of the scenario's channels) in segment seg.
	Inquiry func(t float64, slot int32, ch, seg int, counted bool)
	// Opportunity: an opportunity opens at t on the prospect in slot,
	// owned by rep (an index of the reps; -1 for none).
	Opportunity func(t float64, slot int32, rep int)
	// Closed: the prospect's open opportunity closes at t with outcome o;
	// value is the deal's value when won (NaN otherwise).
	Closed func(t float64, slot int32, o Outcome, value float64)
}

// Observe makes o see every replication s runs from now on; nil stops
// observing.
func (s *Sim) Observe(o *Observer) {
	if o == nil {
		s.hook = nil
		return
	}
	h := &hooks{}
	if o.Inquiry != nil {
		h.arrive = func(t float64, id int32, p *prospect) {
			o.Inquiry(t, id, int(p.channel), int(p.segment), p.flags&fCounted != 0)
		}
	}
	if o.Opportunity != nil {
		h.open = func(t float64, id int32, p *prospect) { o.Opportunity(t, id, int(p.rep)) }
	}
	if o.Closed != nil {
		won := math.NaN()
		h.won = func(v float64) { won = v }
		h.close = func(t float64, id int32, _ *prospect, out uint8) {
			v := math.NaN()
			if out == outWon {
				v, won = won, math.NaN()
			}
			o.Closed(t, id, Outcome(out), v)
		}
	}
	s.hook = h
}

// ChannelNames returns the names of the model's channels, in the order
// of Observer's channel indices.
func (m *Model) ChannelNames() []string {
	out := make([]string, len(m.channels))
	for i, c := range m.channels {
		out[i] = c.name
	}
	return out
}

// SegmentNames returns the names of the model's segments, in the order of
// Observer's segment indices.
func (m *Model) SegmentNames() []string {
	out := make([]string, len(m.segments))
	for i, g := range m.segments {
		out[i] = g.name
	}
	return out
}

// Hours returns the model's horizon (inquiries arrive before it), its
// end of observation (0: none) and its warm-up, in hours.
func (m *Model) Hours() (horizon, observe, warmup float64) {
	return m.horizon, m.observe, m.warmup
}

// Reps returns the number of reps.
func (m *Model) Reps() int { return m.reps }
