// Package policies holds the hand-off policies that Funnel Lab compares:
// when marketing hands a lead to sales, to whom, whether the rep may
// refuse it, how sales works it, and what happens when sales gives it back.
//
// A policy is a [Policy]: the simulator calls HandOff on every signal of a
// lead in marketing's hands, After when sales gives a lead back (rejected,
// ignored, unreached, disqualified, stalled), and reads the rest of the
// process from Rules (queue order, routing, veto, priority between the
// reps' own pipeline and marketing leads, call attempts and spacing, SLA,
// SQL bar, stall and cooldown times). Kinds are registered by name and
// built from a scenario entry (scenarios.Policy) with [New]; an entry's
// keys left at "default" take the kind's defaults, so a scenario can start
// from a kind and override parts ("waterfall without the veto").
//
// Kinds:
//
//   - direct: every inquiry is handed to sales the moment it arrives, once,
//     into one pooled queue; one attempt; failures are dropped.
//   - waterfall: a lead whose score reaches the MQL threshold is handed to
//     a rep (round robin) who judges it and may reject it (SAL/SRL); reps
//     work their own pipeline first; BANT on the call decides SQL;
//     failures go back to nurture.
//   - objective: only a hand-raise revealing a recognised objective
//     (maturity level >= min_level) is handed over; no veto; reps call
//     marketing's opportunities first, up to six times; opportunities that
//     stall go back to nurture.
//
// docs/policies.md documents every setting, its source in the articles
// and what it is expected to do.
package policies
