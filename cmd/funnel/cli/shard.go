package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"path/filepath"
	"runtime/debug"
	"strconv"
	"strings"

	"github.com/spf13/pflag"

	"funnellab/internal/userfile"
	"funnellab/sim/funnel"
	"funnellab/sim/runner"
)

// A shard is a contiguous range of a run's replications, run on its own
// (funnel run --shard I/N or --replications A:B) into a run folder of its
// own; funnel merge puts shards back together. Random streams are keyed by
// (seed, stream name, replication), so replication r is the same whichever
// process runs it: a shard's replications are those of the unsharded run,
// and the merge is exact.

// shardRecord is manifest.json's "shard" of a shard's run folder: which
// replications of which run it holds.
type shardRecord struct {
	// Index and Of are I and N of --shard I/N; both 0 for --replications.
	Index int `json:"index"`
	Of    int `json:"of"`
	// From and To bound the replications the shard was asked for: From,
	// From+1, ..., To-1. The manifest's "replications" says how many of
	// them it holds (all, unless it was interrupted).
	From int `json:"from"`
	To   int `json:"to"`
	// Total is the replications of the whole run (--reps, or the
	// scenario's).
	Total int `json:"total"`
	// Build is the program that ran the shard: its version and, when the
	// binary records it, its source revision. Shards of different builds
	// are not merged, since the model may differ.
	Build string `json:"build"`
}

// parseShard parses --shard I/N: 0 <= I < N.
func parseShard(s string) (i, n int, err error) {
	a, b, ok := strings.Cut(s, "/")
	i, err1 := strconv.Atoi(strings.TrimSpace(a))
	n, err2 := strconv.Atoi(strings.TrimSpace(b))
	if !ok || err1 != nil || err2 != nil || n < 1 || i < 0 || i >= n {
		return 0, 0, fmt.Errorf("--shard %q: expected I/N with integers 0 <= I < N, e.g. 0/4 for the first of four shards", s)
	}
	return i, n, nil
}

// parseRepRange parses --replications A:B: replications A to B-1, 0 <= A < B.
func parseRepRange(s string) (from, to int, err error) {
	a, b, ok := strings.Cut(s, ":")
	from, err1 := strconv.Atoi(strings.TrimSpace(a))
	to, err2 := strconv.Atoi(strings.TrimSpace(b))
	if !ok || err1 != nil || err2 != nil || from < 0 || to <= from {
		return 0, 0, fmt.Errorf("--replications %q: expected A:B with integers 0 <= A < B (replications A to B-1), e.g. 0:10", s)
	}
	return from, to, nil
}

// shardBounds is the range of shard i of n over total units (replications,
// or a sweep's point × replication jobs): contiguous ranges whose sizes
// differ by at most one, the larger ones last.
func shardBounds(i, n, total int) (from, to int) {
	return i * total / n, (i + 1) * total / n
}

// programBuild is the program's version and, when the binary records it,
// its VCS revision ("-dirty" if built from a modified tree).
func programBuild() string {
	b := Version
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return b
	}
	if bi.Main.Version != "" && bi.Main.Version != "(devel)" {
		b = bi.Main.Version
	}
	var rev, dirty string
	for _, s := range bi.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
		case "vcs.modified":
			if s.Value == "true" {
				dirty = "-dirty"
			}
		}
	}
	if rev != "" {
		b += "+" + rev + dirty
	}
	return b
}

// scenarioArg is the SCENARIO argument that loads res again from any
// working directory: an embedded scenario's name, or a file's absolute
// path.
func scenarioArg(source string) string {
	if name, ok := strings.CutPrefix(source, "embedded:"); ok {
		return strings.TrimSuffix(name, ".yaml")
	}
	if abs, err := filepath.Abs(source); err == nil {
		return abs
	}
	return source
}

// runArgs are manifest.json's "args": funnel run's arguments that decide
// a run's results (the scenario, --set, --reps, --seed, --policies,
// --check, --baseline, --verdict-metric, --plots, --precision), in a fixed order, the
// scenario as an embedded name or an absolute path. funnel merge and
// --resume read them back to make the same run; how it is executed
// (--workers, --out, --shard, --quiet, ...) is left out.
func runArgs(plan *runPlan, o runOptions, total int) []string {
	args := []string{scenarioArg(plan.res.Source)}
	for _, s := range o.sets {
		args = append(args, "--set", s)
	}
	args = append(args, "--reps", strconv.Itoa(total), "--seed", strconv.FormatUint(plan.sc.Seed, 10))
	if o.policies != "" {
		args = append(args, "--policies", strings.Join(plan.model.PolicyNames(), ","))
	}
	for _, c := range o.checks {
		args = append(args, "--check", c)
	}
	if o.baseline != "" {
		args = append(args, "--baseline", o.baseline)
	}
	if m := recordedVerdict(o.verdict); m != "" {
		args = append(args, "--verdict-metric", m)
	}
	if !o.plots {
		args = append(args, "--plots=false")
	}
	if o.precision > 0 {
		args = append(args, "--precision", strconv.FormatFloat(o.precision, 'g', -1, 64), "--max-reps", strconv.Itoa(o.maxReps))
		if o.precisionOn != "" {
			args = append(args, "--precision-on", o.precisionOn)
		}
	}
	return args
}

// checkShardFlags refuses the combinations of --shard, --replications and
// --resume that make no sense.
func checkShardFlags(fs *pflag.FlagSet, o runOptions) error {
	if o.shard != "" && o.repRange != "" {
		return usageErr("run: --shard and --replications both given: a shard is one or the other")
	}
	if (o.shard != "" || o.repRange != "") && o.export.kind != "" {
		return usageErr("run: --export writes one replication of a whole run; drop --shard/--replications, or export from a run of its own")
	}
	if (o.shard != "" || o.repRange != "") && fs.Changed("precision") {
		return usageErr("run: --precision decides the number of replications as the run goes, so it cannot be sharded: drop --shard/--replications, or shard a fixed --reps")
	}
	if fs.Changed("resume") {
		if o.resume == "" {
			return usageErr("run: --resume: expected the folder of an interrupted run")
		}
		if fs.NArg() > 0 {
			return usageErr("run: --resume takes the scenario from %s/manifest.json: drop the SCENARIO argument %q", o.resume, fs.Arg(0))
		}
		var extra []string
		fs.Visit(func(f *pflag.Flag) {
			switch f.Name {
			case "resume", "workers", "quiet", "max-memory", "format", "metrics":
			default:
				extra = append(extra, "--"+f.Name)
			}
		})
		if len(extra) > 0 {
			return usageErr("run: --resume takes the run's options from %s/manifest.json; only --workers, --quiet, --format, --metrics and --max-memory may be given with it, not %s",
				o.resume, strings.Join(extra, ", "))
		}
	}
	return nil
}

// resolveShard is the shard record of a --shard or --replications run of
// total replications (nil for a whole run).
func resolveShard(o runOptions, total int) (*shardRecord, error) {
	var r *shardRecord
	switch {
	case o.shard != "":
		i, n, err := parseShard(o.shard)
		if err != nil {
			return nil, usageErr("run: %v", err)
		}
		if n > total {
			return nil, usageErr("run: --shard %s: %d shards of %s: at most %d shards (one replication each)", o.shard, n, plural(total, "replication"), total)
		}
		from, to := shardBounds(i, n, total)
		r = &shardRecord{Index: i, Of: n, From: from, To: to}
	case o.repRange != "":
		from, to, err := parseRepRange(o.repRange)
		if err != nil {
			return nil, usageErr("run: %v", err)
		}
		if to > total {
			return nil, usageErr("run: --replications %s: the run has %s (--reps or the scenario's replications), numbered 0 to %d", o.repRange, plural(total, "replication"), total-1)
		}
		r = &shardRecord{From: from, To: to}
	default:
		return nil, nil
	}
	r.Total, r.Build = total, programBuild()
	return r, nil
}

// span is the replications the run simulates: first, first+1, ...,
// first+n-1.
func (p *runPlan) span() (first, n int) {
	if p.shard != nil {
		return p.shard.From, p.shard.To - p.shard.From
	}
	return 0, p.sc.Replications
}

// shiftJobs numbers the runner's replications from first: its job for
// replication rep simulates replication first+rep, with that
// replication's random streams.
func shiftJobs(newJob func() runner.Job[funnel.Result], first int) func() runner.Job[funnel.Result] {
	if first == 0 {
		return newJob
	}
	return func() runner.Job[funnel.Result] {
		run := newJob()
		return func(ctx context.Context, rep, pol int) (funnel.Result, error) {
			return run(ctx, first+rep, pol)
		}
	}
}

// refuseShardPlot refuses funnel plot on a shard's folder: its
// replications are a range of a run's, whose figures the merge draws.
func refuseShardPlot(dir string) error {
	raw, err := userfile.ReadFile(filepath.Join(dir, "manifest.json"), "run file", maxManifestBytes)
	if err != nil {
		return nil // plot says what is wrong with it
	}
	var m struct {
		Shard *shardRecord `json:"shard"`
	}
	if json.Unmarshal(raw, &m) != nil || m.Shard == nil {
		return nil
	}
	return usageErr("plot: %s is a shard (replications %d to %d of a run of %d): put the shards together with 'funnel merge OUT SHARD...', which draws the figures", dir, m.Shard.From, m.Shard.To-1, m.Shard.Total)
}
