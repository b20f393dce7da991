// Vsbaseline times Funnel Lab against the hand-written loop of the same
// model, whole process, side by side in one run: it builds cmd/funnel and
// sim/funnel/lindley, then runs, alternately, --runs times each,
//
//	funnel run reference --policies direct --reps 1 --workers 1 --plots=false --set horizon_days=D
//	lindley --set horizon_days=D
//
// (D is 365 × --years), checks that both saw the same number of inquiries,
// and prints each pair's CPU time (user plus system, from the process's
// resource usage: start, load, simulation, statistics and files), the
// medians, and the median of the paired ratios funnel / lindley with its
// range. It is the issue-18 target "the reference funnel, 10 years, one
// policy, within 2× of a hand-written loop". Run it from the module's
// root (make bench-baseline):
//
//	go run ./sim/funnel/vsbaseline --runs 7
//
// CPU time, not wall time, is compared, so another process sharing the
// machine slows both sides alike in expectation; pairs are alternated so
// that a change of load over the run falls on both.
package main
