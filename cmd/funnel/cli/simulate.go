package cli

import (
	"context"

	"funnellab/findings"
	"funnellab/results"
	"funnellab/scenarios"
	"funnellab/sim/funnel"
	"funnellab/sim/runner"
)

// simulate runs every replication and policy of a scenario and returns the
// results and detail tables (as funnel run saves them: metricsTable and
// funnel.DetailTable).
func simulate(ctx context.Context, sc scenarios.Scenario, workers int) (*findings.Run, error) {
	model, err := funnel.Compile(sc)
	if err != nil {
		return nil, err
	}
	workers, _ = capWorkers(workers, sc.Replications*len(model.Policies))
	// Every result is kept here (the findings read the whole detail): the
	// run must fit the memory available with all of them.
	est := estimateRun(model, sc.Replications, workers, false)
	est.keepAll()
	budget, source, _ := memoryBudget("")
	if err := checkBudget(est, budget, source); err != nil {
		return nil, err
	}
	out, err := runner.Run(ctx, runner.Options{Replications: sc.Replications, Policies: len(model.Policies), Workers: workers},
		func() runner.Job[funnel.Result] { return model.NewSim().Run })
	if err != nil {
		return nil, err
	}
	names := model.PolicyNames()
	return &findings.Run{
		Table:  metricsTable(names, sc.Replications, out.Results),
		Detail: funnel.DetailTable(names, sc.Replications, out.Results),
	}, nil
}

// metricsTable is the results table of the first reps replications of a
// run (replications.csv): every policy's metrics (funnel.Names) in each.
// res is in job order (replication-major, as the runner returns it) and
// holds at least reps × len(policies) results.
func metricsTable(policies []string, reps int, res []funnel.Result) *results.Table {
	t := results.NewTable(policies, funnel.Names(), reps)
	np := len(policies)
	for i, r := range res[:reps*np] {
		rep, p := i/np, i%np
		for m, v := range r.Metrics {
			t.Set(rep, p, m, v)
		}
	}
	return t
}
