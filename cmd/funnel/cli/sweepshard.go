package cli

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"log/slog"
	"slices"
	"time"

	"github.com/spf13/pflag"

	"funnellab/experiment"
	"funnellab/scenarios"
)

// studyShard is manifest.json's "sweep_shard" of a shard of a sweep
// (funnel sweep --shard I/N): the range of the sweep's units (one
// replication of one design point under every policy, point-major: unit
// u is replication u mod reps of point u / reps) it holds.
type studyShard struct {
	Index int `json:"index"`
	Of    int `json:"of"`
	// From and To bound the units: From, ..., To-1, of Total.
	From  int `json:"from"`
	To    int `json:"to"`
	Total int `json:"total"`
	// Points and Reps are the sweep's design points and replications
	// per point.
	Points int `json:"points"`
	Reps   int `json:"reps"`
	// Build is the program's version and revision (programBuild).
	Build string `json:"build"`
	// Args are the arguments of funnel sweep that make its results
	// (the scenario as an embedded name or an absolute path; without
	// --out, --shard, --workers and --quiet): funnel merge reruns them.
	Args []string `json:"args"`
}

// canonicalArgs are the flags set in fs, but those skipped, in the flag
// set's order, each repeated value of an array flag on its own: the
// arguments that make a study's results, whatever order they were given
// in.
func canonicalArgs(fs *pflag.FlagSet, skip ...string) []string {
	var args []string
	fs.Visit(func(f *pflag.Flag) {
		if slices.Contains(skip, f.Name) {
			return
		}
		if sv, ok := f.Value.(pflag.SliceValue); ok {
			for _, v := range sv.GetSlice() {
				args = append(args, "--"+f.Name, v)
			}
			return
		}
		args = append(args, "--"+f.Name+"="+f.Value.String())
	})
	return args
}

// runSweepShard runs shard o.shard of the sweep's units and writes its
// folder: sweep.csv (the rows of the whole sweep's sweep.csv that it
// holds) and manifest.json.
func runSweepShard(ctx context.Context, res *scenarios.Resolved, plan *experiment.Plan, o sweepOptions, start time.Time, log *slog.Logger) (*sweepResult, error) {
	i, n, err := parseShard(o.shard)
	if err != nil {
		return nil, usageErr("sweep: %v", err)
	}
	units := plan.Units()
	if n > units {
		return nil, usageErr("sweep: --shard %s: %d shards of %d jobs (%d points × %s): at most %d shards", o.shard, n, units, len(plan.Scenarios), plural(plan.Reps(), "replication"), units)
	}
	lo, hi := shardBounds(i, n, units)
	dir, err := openOutDir(o.out, res.Scenario.Name+"-sweep-shard", log)
	if err != nil {
		return nil, err
	}
	defer dir.Abort()
	log.Info("sweeping a shard", "shard", o.shard, "jobs", fmt.Sprintf("%d:%d", lo, hi), "of", units)
	ss, err := plan.RunSlice(ctx, lo, hi)
	if err != nil {
		return nil, err
	}
	var b bytes.Buffer
	if err := experiment.WriteSlicesCSV(&b, ss); err != nil {
		return nil, err
	}
	if err := dir.WriteFile("sweep.csv", b.Bytes()); err != nil {
		return nil, err
	}
	rec := &studyShard{Index: i, Of: n, From: lo, To: hi, Total: units, Points: len(plan.Scenarios), Reps: plan.Reps(),
		Build: programBuild(), Args: append([]string{scenarioArg(res.Source)}, o.canon...)}
	man, err := newStudyManifest("sweep", o.args, res, start, func(m *studyManifest) { m.SweepShard = rec })
	if err != nil {
		return nil, err
	}
	if err := dir.WriteFile("manifest.json", man); err != nil {
		return nil, err
	}
	final, err := dir.Commit()
	if err != nil {
		return nil, err
	}
	log.Info("wrote sweep shard", "dir", final, "jobs", fmt.Sprintf("%d:%d", lo, hi))
	return &sweepResult{dir: final}, nil
}

// printSweepShard prints where a shard went.
func printSweepShard(w io.Writer, r *sweepResult, o sweepOptions) error {
	if o.quiet {
		_, err := fmt.Fprintln(w, r.dir)
		return err
	}
	_, err := fmt.Fprintf(w, "wrote shard %s of the sweep to %s; 'funnel merge OUT SHARD...' puts the shards together\n", o.shard, r.dir)
	return err
}
