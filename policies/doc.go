// Package policies holds the hand-off policies that Funnel Lab compares:
// what makes a prospect eligible to go to sales, and how sales takes it.
//
// A policy in a scenario file (scenarios.Policy) is compiled here into a
// [Policy], a small value the model reads in its event loop without
// interface calls or map lookups.
//
// Kinds available:
//
//   - direct: every inquiry is handed to sales the moment it arrives, into
//     one queue that reps serve in the order set by Queue: fifo (oldest
//     lead first, the usual practice) or lifo (newest lead first). With
//     identical reps, LIFO has the same probability of waiting and the same
//     mean wait as FIFO (the queue length process does not depend on the
//     order), but it reaches more leads while they are still hot, because
//     the waits it imposes are concentrated on fewer leads.
//
// The waterfall (MQL → SAL → SQL), hand-off on the prospect's recognised
// objective, BANT, fit × interest, tele-qualification, SLA and feedback
// policies come with the full funnel model (issues 3 and 4).
package policies
