package policies

import (
	"slices"
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
	i := slices.Index(signalNames[:], s)
	return Signal(max(i, 0)), i >= 0
}

// Lead is what marketing knows of a lead when a policy decides whether to
// hand it over. It holds observable facts only, never the latent journey.
type Lead struct {
	Score     float64 // lead score: recorded profile + decayed engagement
	Interest  float64 // the engagement part of the score (decayed points)
	Threshold float64 // the MQL threshold in force (marketing may move it: Learning)
	Level     float64 // maturity level revealed by this signal (hand-raises only; else -1)
	Fit       bool    // the account is recorded as fitting the ideal customer profile
	HandOffs  int     // how many times the lead was handed over before
	Inquiry   bool    // the signal is the inquiry itself
}

// Act is what marketing does with a lead on a signal.
type Act uint8

// Acts.
const (
	Keep Act = iota // keep it in nurture
	Hand            // hand it over (to the cell first, with Qualify cell)
	Drop            // drop it from marketing's database
)

// Decision is a gate's answer: what to do and, for a hand-off, the
// follow-up commitment that goes with it.
type Decision struct {
	Act      Act
	SLAHours float64 // working hours to the first attempt; 0: none (not counted)
}

// Gate says when marketing hands a lead over.
type Gate uint8

// Gates.
const (
	GateInquiry   Gate = iota // every inquiry, once
	GateScore                 // score >= the MQL threshold
	GateObjective             // a hand-raise revealing level >= min_level
	GateMatrix                // fit x interest
)

// Qualifier says who makes the BANT qualification call.
type Qualifier uint8

// Qualifiers.
const (
	ByRep  Qualifier = iota // the rep's first reached call (the SQL step)
	ByCell                  // a tele-qualification cell, before the hand-off
)

// Discipline is the order in which reps take waiting leads.
type Discipline uint8

// Queue disciplines.
const (
	FIFO Discipline = iota // oldest waiting lead first
	LIFO                   // newest waiting lead first
)

func (d Discipline) String() string { return name("queue", d) }

// Routing says which rep gets a hand-off.
type Routing uint8

// Routings.
const (
	Pooled        Routing = iota // one shared queue: the next free rep takes it
	RoundRobin                   // reps in turn
	LeastLoaded                  // the rep with the fewest open work items
	Territory                    // reps in turn among the owners of the prospect's segment
	Sticky                       // back to the rep who had the prospect; its first hand-off round robin
	SkillWeighted                // the rep with the fewest open work items per unit of skill
)

func (r Routing) String() string { return name("routing", r) }

// Priority says what a free rep works on first.
type Priority uint8

// Priorities.
const (
	OwnFirst   Priority = iota // the rep's own pipeline before marketing leads
	LeadsFirst                 // marketing leads before the own pipeline
	SLAFirst                   // own pipeline, unless a lead's SLA would be breached
)

func (p Priority) String() string { return name("priority", p) }

// Action is what happens to a lead that sales gives back.
type Action uint8

// Actions.
const (
	Nurture Action = iota // back to marketing's nurture track
	Dropped               // out of marketing's database
)

func (a Action) String() string { return name("on_reject", a) }

// Cell is a tele-qualification cell's settings (the duration of its
// reached calls and its hours are compiled by the simulator).
type Cell struct {
	Agents       int
	AttemptHours float64 // an attempt that does not reach the prospect
	Attempts     int
	SpacingHours float64
	CostPerHour  float64
	BANTAccuracy float64
	MinBANT      int // criteria read as met to hand over, after the incentive
}

// Learning is marketing's periodic adjustment from the reasons sales gives.
type Learning struct {
	Rate             float64 // 0: off
	PeriodHours      float64
	TargetOffTarget  float64
	StepPoints       float64
	MaxThreshold     float64
	MinChannelWeight float64
	KPIWeight        float64 // 0: reasons only; up to 1: the KPI of measured_on (docs/model.md, Incentives)
}

// NurtureCalls are rep calls to leads still in nurture (a light-touch
// cadence before they are sales-ready).
type NurtureCalls struct {
	PerMonth   float64 // calls per month per lead in nurture; 0: off
	Hours      float64 // rep time per call
	Advance    float64 // probability that a reached call moves the journey on a stage
	MaxPerLead int     // calls per lead at most
}

// Rules are the settings the simulator reads from a policy.
type Rules struct {
	Gate         Gate
	Qualify      Qualifier
	Cell         Cell
	Queue        Discipline
	Routing      Routing
	Veto         bool // reps judge hand-offs and may refuse them (the SAL step)
	Priority     Priority
	Attempts     int     // call attempts per hand-off
	SpacingHours float64 // between attempts
	SLAHours     float64 // 0: no SLA
	SQLMinBANT   int     // BANT criteria read as met for an SQL
	StrictBudget bool    // only an allocated budget meets Budget
	StallDays    float64 // 0: opportunities are never returned
	CooldownDays float64 // a lead given back is not handed over again for this long
	ScoreGate    bool    // HandOff reads Lead.Score or Lead.Interest (else the simulator may skip scoring)
	OnSetback    Action
	Learning     Learning
	NurtureCalls NurtureCalls // rep calls to leads in nurture; PerMonth 0: none
	// Recycle is the separate nurture track of leads given back, when
	// Separate; otherwise they rejoin the scenario's nurture track.
	Recycle struct {
		Separate       bool
		TouchesPerWeek float64
		Speedup        float64
	}
}

// Policy is a hand-off process. The simulator calls HandOff on every signal
// of a lead in marketing's hands, and reads the rest of the process from
// Rules (Rules.OnSetback says what becomes of a lead sales gives back,
// whatever the Setback). HandOff must be a pure function of its arguments: the
// simulator may evaluate it ahead of the signal's time.
type Policy interface {
	Name() string
	// HandOff says what marketing does with the lead on this signal.
	HandOff(l Lead, s Signal) Decision
	// Rules returns the policy's settings; the simulator may keep the
	// pointer, and must not modify it.
	Rules() *Rules
	// MeasuredOn names the KPI marketing is measured on (for reports).
	MeasuredOn() string
}

// process is a policy assembled from parts.
type process struct {
	name, measured string
	rules          Rules
	minLevel       float64
	matrix         matrix
}

// matrix is the fit x interest gate: the act for each cell, indexed
// [fit][interest] (0 low, 1 high).
type matrix struct {
	interest float64
	act      [2][2]Act
	sla      [2][2]float64
}

func (p *process) Name() string       { return p.name }
func (p *process) Rules() *Rules      { return &p.rules }
func (p *process) MeasuredOn() string { return p.measured }
func (p *process) hand() Decision     { return Decision{Act: Hand, SLAHours: p.rules.SLAHours} }
func (p *process) handIf(ok bool) Decision {
	if ok {
		return p.hand()
	}
	return Decision{}
}

// Builtin reports whether p was assembled by this package, so that its
// HandOff is exactly the gate its Rules name: GateInquiry hands over an
// inquiry never handed over before, GateScore a lead whose Score reaches
// the Threshold, GateObjective a hand-raise only; everything else is kept.
// The simulator then applies those gates without calling HandOff on the
// signals it applies ahead of time. A Policy of another package is always
// asked.
func Builtin(p Policy) bool {
	_, ok := p.(*process)
	return ok
}

// HandOff applies the gate.
func (p *process) HandOff(l Lead, s Signal) Decision {
	switch p.rules.Gate {
	case GateInquiry:
		return p.handIf(l.Inquiry && l.HandOffs == 0)
	case GateScore:
		return p.handIf(l.Score >= l.Threshold)
	case GateObjective:
		return p.handIf(s == HandRaise && l.Level >= p.minLevel)
	}
	f, i := 0, 0
	if l.Fit {
		f = 1
	}
	if l.Interest >= p.matrix.interest {
		i = 1
	}
	return Decision{Act: p.matrix.act[f][i], SLAHours: p.matrix.sla[f][i]}
}
