// Package funnel is Funnel Lab's model of prospects flowing from marketing
// to sales, run on the event engine of package sim.
//
// A scenario is compiled once into a [Model] (validated numbers, derived
// distribution parameters, compiled policies). Each worker then owns a
// [Sim], the reusable state of one replication (event queue, prospect
// pool, waiting line, reps, random streams), and calls [Sim.Run] for one
// (replication, policy) pair at a time. A Sim allocates only while its
// buffers grow to the peak population; after that a replication allocates
// nothing.
//
// # The reference funnel
//
// The model currently implements the reference speed-to-lead funnel
// (scenarios/reference.yaml), the smallest case of the full model:
//
//   - inquiries arrive from each channel as a Poisson process around the
//     clock, during the horizon;
//   - each prospect has a hot window that starts at its inquiry;
//   - under the direct policy, every inquiry is handed to sales at once, into
//     one queue served by identical reps, FIFO or LIFO, during working hours;
//   - the first call lasts a random time; a call that starts while the
//     prospect is hot qualifies it with probability qualify_hot, otherwise
//     qualify_cold;
//   - a qualified prospect is an opportunity, won with probability win_rate
//     for a lognormal deal value, else lost to a competitor.
//
// Prospects still waiting at the end of the horizon are worked to completion
// and counted. Every prospect ends in exactly one terminal state
// (disqualified, lost to a competitor or won; see [Outcomes]); tests check
// this conservation law.
//
// # Common random numbers
//
// Every per-prospect draw (hot window, call duration, qualification and win
// uniforms, deal value) is made when the prospect arrives, from a stream
// named for its purpose. Arrivals do not depend on the policy, so the k-th
// prospect of a replication has the same latent values under every policy;
// policies differ only in what they do with them. The qualification and
// win draws are uniforms compared with a probability, so a prospect that
// qualifies when reached cold also qualifies when reached hot (the
// coupling that makes paired differences precise).
//
// # Metrics
//
// [MetricNames] lists the metrics a replication reports, in a fixed order;
// see docs/model.md for their definitions.
package funnel
