package policies

import (
	"fmt"
	"sort"

	"funnellab/scenarios"
)

// Signal is the kind of a marketing signal, as marketing observes it.
type Signal uint8

// Signal kinds.
const (
	Content Signal = iota
	Webinar
	WebVisit
	EmailOpen
	HandRaise
	NumSignals
)

var signalNames = [NumSignals]string{"content", "webinar", "web_visit", "email_open", "hand_raise"}

func (s Signal) String() string { return signalNames[s] }

// ParseSignal returns the signal named s.
func ParseSignal(s string) (Signal, bool) {
	for i, n := range signalNames {
		if n == s {
			return Signal(i), true
		}
	}
	return 0, false
}

// Lead is what marketing knows of a lead when a policy decides whether to
// hand it over. It holds observable facts only, never the latent journey.
type Lead struct {
	Score    float64 // lead score: recorded profile + decayed engagement
	Level    float64 // maturity level revealed by this signal (hand-raises only; else -1)
	HandOffs int     // how many times the lead was handed over before
	Inquiry  bool    // the signal is the inquiry itself
}

// Discipline is the order in which reps take waiting leads.
type Discipline uint8

// Queue disciplines.
const (
	FIFO Discipline = iota // oldest waiting lead first
	LIFO                   // newest waiting lead first
)

func (d Discipline) String() string { return [...]string{"fifo", "lifo"}[d] }

// Routing says which rep gets a hand-off.
type Routing uint8

// Routings.
const (
	Pooled      Routing = iota // one shared queue: the next free rep takes it
	RoundRobin                 // reps in turn
	LeastLoaded                // the rep with the fewest open work items
)

func (r Routing) String() string { return [...]string{"pooled", "round_robin", "least_loaded"}[r] }

// Priority says what a free rep works on first.
type Priority uint8

// Priorities.
const (
	OwnFirst   Priority = iota // the rep's own pipeline before marketing leads
	LeadsFirst                 // marketing leads before the own pipeline
)

func (p Priority) String() string { return [...]string{"own_first", "leads_first"}[p] }

// Action is what happens to a lead that sales gives back.
type Action uint8

// Actions.
const (
	Nurture Action = iota // back to marketing's nurture track
	Drop                  // out of marketing's database
)

func (a Action) String() string { return [...]string{"nurture", "drop"}[a] }

// Setback is why sales gives a lead back.
type Setback uint8

// Setbacks.
const (
	Rejected     Setback = iota // the rep refused it (Sales Rejected Lead)
	Ignored                     // accepted but not attempted within the acceptance window
	Unreached                   // every call attempt failed
	Disqualified                // reached, not sales qualified
	Stalled                     // opportunity without progress for stall_days
)

// Rules are the settings the simulator reads from a policy.
type Rules struct {
	Queue        Discipline
	Routing      Routing
	Veto         bool // reps judge hand-offs and may refuse them (the SAL step)
	Priority     Priority
	Attempts     int     // call attempts per hand-off
	SpacingHours float64 // between attempts
	SLAHours     float64 // 0: no SLA
	SQLMinBANT   int     // BANT criteria read as met for an SQL
	StallDays    float64 // 0: opportunities are never returned
	CooldownDays float64 // a lead given back is not handed over again for this long
	ScoreGate    bool    // HandOff reads Lead.Score (else the simulator may skip scoring)
	OnSetback    Action
}

// Policy is a hand-off process. The simulator calls HandOff on every signal
// of a lead in marketing's hands, and reads the rest of the process from
// Rules and After.
type Policy interface {
	Name() string
	Kind() string
	// HandOff reports whether marketing hands the lead to sales now.
	HandOff(l Lead, s Signal) bool
	// After says what becomes of a lead sales gives back.
	After(s Setback) Action
	// Rules returns the policy's settings; the simulator may keep the
	// pointer, and must not modify it.
	Rules() *Rules
	// MeasuredOn names the outcome the policy measures marketing on (for
	// reports): "inquiries", "mqls" or "opportunities".
	MeasuredOn() string
}

// base implements the parts every kind shares.
type base struct {
	name, kind string
	rules      Rules
	measured   string
}

func (b *base) Name() string             { return b.name }
func (b *base) Kind() string             { return b.kind }
func (b *base) Rules() *Rules            { return &b.rules }
func (b *base) After(s Setback) Action   { return b.rules.OnSetback }
func (b *base) MeasuredOn() string       { return b.measured }
func (b *base) handedBefore(l Lead) bool { return l.HandOffs > 0 }
func (b *base) String() string           { return b.name + " (" + b.kind + ")" }

// kindDefaults are a kind's defaults for the keys a scenario may leave at
// "default" (or 0 for attempts).
type kindDefaults struct {
	routing  Routing
	veto     bool
	priority Priority
	attempts int
	onReject Action
}

// Constructor builds a policy of one kind from its scenario entry, with the
// shared rules already resolved.
type Constructor func(p scenarios.Policy, b *base) (Policy, error)

type kindEntry struct {
	defaults kindDefaults
	make     Constructor
}

var registry = map[string]kindEntry{}

// register adds a kind; it panics on a duplicate (a programming error).
func register(kind string, d kindDefaults, c Constructor) {
	if _, dup := registry[kind]; dup {
		panic("policies: kind " + kind + " registered twice")
	}
	registry[kind] = kindEntry{d, c}
}

// Kinds returns the registered policy kinds, sorted.
func Kinds() []string {
	out := make([]string, 0, len(registry))
	for k := range registry {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// New builds the policy a scenario entry describes. It resolves the keys
// left at "default" from the kind and rejects unknown kinds or values.
func New(p scenarios.Policy) (Policy, error) {
	e, ok := registry[p.Kind]
	if !ok {
		return nil, fmt.Errorf("policy %q: unknown kind %q (expected one of %v)", p.Name, p.Kind, Kinds())
	}
	d := e.defaults
	b := &base{name: p.Name, kind: p.Kind}
	r := &b.rules
	var err error
	if r.Queue, err = pick(p.Name, "queue", p.Queue, map[string]Discipline{"fifo": FIFO, "lifo": LIFO}, FIFO, false); err != nil {
		return nil, err
	}
	if r.Routing, err = pick(p.Name, "routing", p.Routing, map[string]Routing{"pooled": Pooled, "round_robin": RoundRobin, "least_loaded": LeastLoaded}, d.routing, true); err != nil {
		return nil, err
	}
	if r.Veto, err = pick(p.Name, "veto", p.Veto, map[string]bool{"judgement": true, "none": false}, d.veto, true); err != nil {
		return nil, err
	}
	if r.Priority, err = pick(p.Name, "priority", p.Priority, map[string]Priority{"own_first": OwnFirst, "leads_first": LeadsFirst}, d.priority, true); err != nil {
		return nil, err
	}
	if r.OnSetback, err = pick(p.Name, "on_reject", p.OnReject, map[string]Action{"nurture": Nurture, "drop": Drop}, d.onReject, true); err != nil {
		return nil, err
	}
	r.Attempts = p.Attempts
	if r.Attempts == 0 {
		r.Attempts = d.attempts
	}
	if p.Attempts < 0 || p.SpacingHours < 0 || p.SLAHours < 0 || p.StallDays < 0 || p.CooldownDays < 0 || p.SQLMinBANT < 0 || p.SQLMinBANT > 4 {
		return nil, fmt.Errorf("policy %q: attempts, spacing_hours, sla_hours, stall_days and cooldown_days must be >= 0 and sql_min_bant in [0,4]", p.Name)
	}
	r.SpacingHours, r.SLAHours, r.SQLMinBANT = p.SpacingHours, p.SLAHours, p.SQLMinBANT
	r.StallDays, r.CooldownDays = p.StallDays, p.CooldownDays
	if r.Veto && r.Routing == Pooled {
		return nil, fmt.Errorf("policy %q: veto judgement needs a rep to judge: use routing round_robin or least_loaded, not pooled", p.Name)
	}
	return e.make(p, b)
}

// pick resolves an enumerated key: "default" (when allowed) gives def.
func pick[T any](policy, key, v string, m map[string]T, def T, allowDefault bool) (T, error) {
	if v == "default" && allowDefault {
		return def, nil
	}
	if x, ok := m[v]; ok {
		return x, nil
	}
	names := make([]string, 0, len(m))
	for k := range m {
		names = append(names, k)
	}
	sort.Strings(names)
	if allowDefault {
		names = append([]string{"default"}, names...)
	}
	var zero T
	return zero, fmt.Errorf("policy %q: %s: unknown value %q (expected one of %v)", policy, key, v, names)
}
