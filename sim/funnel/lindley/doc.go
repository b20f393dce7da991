// Lindley is the hand-written baseline of the reference funnel as a
// program of its own: it loads the embedded reference scenario (with the
// same --set overrides as funnel run), compiles it, and runs one
// replication of funnel.Lindley, the single-purpose loop of the reference
// model (FIFO, identical always-open reps: each inquiry, in arrival order,
// takes the rep that frees first), printing the inquiries and the revenue.
//
// It exists so that the whole process, start and load included, can be
// timed against funnel run on the same model (package vsbaseline, make
// bench-baseline):
//
//	go run ./sim/funnel/lindley --set horizon_days=3650
package main
