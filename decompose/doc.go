// Package decompose splits the difference between two hand-off policies
// into the parts in which they differ, by a factorial experiment on common
// random numbers.
//
// A policy entry (scenarios.Policy) is grouped into Parts, each a set of
// keys switched as a unit: the gate (gate, min_level, matrix), the
// qualification (qualify, sql_min_bant, budget, cell), marketing's
// learning (learning, measured_on), the veto, the routing, the priority
// (priority, queue), the SLA, the attempts (attempts, spacing_hours), the
// lead hours, the recycling of leads given back (on_reject, recycle_track,
// cooldown_days), the stall rule and the nurture calls; Families groups
// them coarser into the hand-off criterion (gate), the veto and the
// effort. Differing returns the parts in which two resolved entries A and
// B differ; a part that cannot be switched alone (the veto's judgement
// with pooled routing, priority sla_first without an SLA: the rules of
// scenarios.Policy.Validate) is merged with the part that makes it valid.
//
// Plan lays out the combinations: with k parts, every subset of the parts
// taken from B into A (the full factorial 2^k) for k up to MaxFull, and
// for k up to MaxParts a regular 64-run fraction 2^(k-p) of resolution IV
// or better, whose generators are those of Montgomery's table of
// fractional designs of maximum resolution, plus A when the fraction does
// not hold it. Every combination runs as a policy of one scenario, so on
// the same prospects in every replication.
//
// Analyze decomposes a metric. For a full factorial, with f(S) the metric
// of A with the parts S from B, the Möbius (Yates) terms
//
//	m(T) = Σ_{U⊆T} (-1)^{|T|-|U|} f(U)
//
// add up to f(all) - f(∅) = B - A exactly; m({i}) is part i switched alone
// into A, m({i,j}) the interaction of two parts (what they bring together
// beyond each alone). A part's effect is its Shapley value
//
//	φ_i = Σ_{T∋i} m(T)/|T|,
//
// the average over every order of switching the parts from A to B of what
// part i adds: it does not depend on an order or on which policy is the
// anchor, and the effects add up to B - A exactly. For a fraction, a
// part's effect is its factorial main effect (the mean of the runs with
// the part from B less the mean of those with it from A), which equals the
// Shapley value when no three parts interact; the two-part interactions
// come in alias chains, and the total less the sum of the main effects is
// reported as the higher-order term. Each term is computed in every
// replication and summarised by its mean and a paired Student's t 95%
// confidence interval over the replications.
package decompose
