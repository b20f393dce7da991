// Lindley is the hand-written baseline of the reference funnel as a
// program of its own: it loads the embedded reference scenario (with the
// same --set overrides as funnel run), compiles it, and runs one
// replication of a single-purpose loop of the reference model, printing
// the inquiries and the revenue (in full, as funnel run writes it). --loop
// chooses the loop:
//
//   - lindley (the default): funnel.Lindley, the Lindley recursion (FIFO,
//     identical always-open reps: each inquiry, in arrival order, takes
//     the rep that frees first), with no event queue at all;
//   - heap: funnel.HeapLoop, a hand-written discrete-event loop (a binary
//     heap of value events, no allocation per event), the baseline of
//     issue 18's target.
//
// Any other value is refused. Both give the model's counts to the last
// bit, and its revenue to rounding.
//
// It exists so that the whole process, start and load included, can be
// timed against funnel run on the same model (package vsbaseline, make
// bench-baseline):
//
//	go run ./sim/funnel/lindley --set horizon_days=3650
//	go run ./sim/funnel/lindley --loop heap --set horizon_days=3650
package main
