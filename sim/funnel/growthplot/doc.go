// Growthplot draws BENCHMARKS.md's figure of cost per prospect against the
// inquiry-rate multiplier from the output of BenchmarkGrowth (package
// funnel): events per prospect and nanoseconds per prospect, with the reps
// scaled alike and with the rate alone, before and after a change.
//
// Usage:
//
//	go test -run '^$' -bench Growth/direct -benchtime 1x ./sim/funnel > new.txt
//	go run ./sim/funnel/growthplot --old old.txt --new new.txt --policy direct -o docs/img/growth.png
//
// Each point is the median over the runs in a file. The figure is written
// atomically (results.WriteFileAtomic).
package main
