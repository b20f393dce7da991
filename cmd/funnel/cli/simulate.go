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
// results and detail tables (as funnel run saves them).
func simulate(ctx context.Context, sc scenarios.Scenario, workers int) (*findings.Run, error) {
	model, err := funnel.Compile(sc)
	if err != nil {
		return nil, err
	}
	if workers == 0 {
		workers = defaultWorkers()
	}
	out, err := runner.Run(ctx, runner.Options{Replications: sc.Replications, Policies: len(model.Policies), Workers: workers},
		func() runner.Job[funnel.Result] { return model.NewSim().Run })
	if err != nil {
		return nil, err
	}
	names := model.PolicyNames()
	table := results.NewTable(names, funnel.Names(), sc.Replications)
	for i, r := range out.Results {
		rep, p := i/len(names), i%len(names)
		for m, v := range r.Metrics {
			table.Set(rep, p, m, v)
		}
	}
	return &findings.Run{Table: table, Detail: funnel.DetailTable(names, sc.Replications, out.Results)}, nil
}
