// Vsbaseline times Funnel Lab against the hand-written loops of the same
// model, whole process, side by side in one run: it builds cmd/funnel and
// sim/funnel/lindley, then runs --runs rounds, each of the four programs
// in turn,
//
//	funnel run reference --policies direct --reps 1 --workers 1 --plots=false --set horizon_days=D
//	lindley --loop heap --set horizon_days=D
//	lindley --loop heap-apart --set horizon_days=D
//	lindley --loop lindley --set horizon_days=D
//
// (D is 365 × --years), checks in each round that the four saw the same
// number of inquiries and, to 1e-9 relative, the same revenue, and prints
// each round's CPU time of each program (user plus system, from the
// process's resource usage: start, load, simulation, statistics and
// files), the three ratios of funnel to each loop, the medians, and three
// summary lines: the median of each ratio over the rounds with its range.
//
// The heap loop (funnel.HeapLoop: a binary heap of value events, no
// allocation per event) is the baseline of the issue-18 target "the
// reference funnel, 10 years, one policy, within 2× of a hand-written
// loop", the loop the issue measured. The heap loop with its next arrival
// apart (funnel.HeapLoopApart) is that loop given the device of the
// engine's lanes (sim.Queue.ScheduleLane), a stronger baseline reported
// beside it; Lindley (funnel.Lindley, the recursion, with no event queue
// at all) is a stricter floor still. Run it from the module's root (make bench-baseline):
//
//	go run ./sim/funnel/vsbaseline --runs 7
//
// Both programs are built as go build builds them, with profile-guided
// optimisation from their main package's default.pgo (cmd/funnel and
// sim/funnel/lindley, collected by make pgo); --pgo off builds both
// without it.
//
// CPU time, not wall time, is compared, so another process sharing the
// machine slows all four alike in expectation; the programs alternate
// within each round so that a change of load over the run falls on all.
package main
