package cli

import "runtime"

// defaultWorkers is the number of workers when --workers is 0: one per
// CPU this process may use.
func defaultWorkers() int { return runtime.GOMAXPROCS(0) }

// capWorkers is the number of workers a run uses for asked (--workers; 0
// for the default) and jobs (replications × policies): at most one per
// CPU, since the simulation is CPU-bound and every worker holds a model's
// state in memory, and at most one per job. It reports whether asked was
// lowered. Results do not depend on the number of workers.
func capWorkers(asked, jobs int) (workers int, capped bool) {
	cpus := defaultWorkers()
	if asked <= 0 {
		asked = cpus
	}
	workers = max(1, min(asked, cpus, jobs))
	return workers, workers < asked && asked > cpus
}
