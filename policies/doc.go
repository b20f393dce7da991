// Package policies holds the hand-off policies that Funnel Lab compares:
// when marketing hands a lead to sales, who qualifies it, whether the rep
// may refuse it, which rep gets it, how sales works it, what happens when
// sales gives it back, and whether marketing learns from the reasons.
//
// A policy is a [Policy] assembled from parts, one scenario key each
// (gate, matrix, qualify, cell, veto, routing, queue, priority,
// sla_hours, attempts, on_reject, stall_days, learning, ...). The named
// processes of the source articles listed in docs/sources.md (direct,
// waterfall, objective, bant, matrix, telequal, sla, feedback) are presets of these parts, held in
// scenarios.Presets: a scenario entry names one as its base, and the
// scenario loader fills every key the entry does not set from that preset,
// so "base: waterfall" plus "veto: none" is the waterfall without the veto.
//
// [New] builds the policy a resolved entry (scenarios.Policy, every key
// set) describes, and rejects what scenarios.Policy.Validate rejects
// (unknown values, values out of range, parts that cannot work together),
// naming the policy. [Entry] gives the entry of a preset under a name, as a
// file with only name and base would give it.
//
// # Where a part lives
//
// A part is declared once, in the scenario schema (scenarios.Policy): its
// key, unit, range, documentation and, for an enumerated part, its values,
// whose order is the order of the constants here (Routing, Priority, ...;
// [New] maps a value to its constant through scenarios.PartIndex, and each
// constant's String is the schema's value). The rules between parts are
// scenarios.Policy.Validate. This package keeps what marketing decides from
// what it can observe (the gate, behind the [Policy] interface: a gate sees
// a [Lead], never the hidden journey) and the compiled, typed settings of
// the other parts ([Rules]). Their behaviour lives in package sim/funnel,
// one file per mechanism (routing.go, priority.go, veto.go, cell.go,
// learn.go, leadhours.go, recycle.go), beside the state it touches, and is
// dispatched there by switches on these constants, so the event loop makes
// no interface call for them.
//
// The simulator calls HandOff on every signal of a lead in marketing's
// nurture track past its cooldown; the [Decision] says whether to keep the
// lead, hand it over (to the cell first under qualify: cell) or drop it,
// and the SLA of the hand-off in working hours (0: none). HandOff must be a
// pure function of its arguments: the simulator evaluates it ahead of a
// signal's time and again at the signal's event, so it must not read a
// clock or any state other than its arguments, nor change anything; the
// MQL threshold in force is passed in the [Lead] for that reason. On the
// signals it applies ahead of time, the simulator applies the inquiry,
// score and objective gates of this package's policies ([Builtin]) itself,
// without the call, and asks HandOff for the others. Rules
// gives the other parts, read-only; Rules.OnSetback says what becomes of a
// lead sales or the cell gives back, whatever the reason (rejected,
// ignored, unreached, disqualified, stalled).
//
// docs/policies.md documents every part, every preset's values, its source
// in the source articles and what it is expected to do.
package policies
