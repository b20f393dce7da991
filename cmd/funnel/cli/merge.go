package cli

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"funnellab/internal/userfile"
	"funnellab/results"
	"funnellab/sim/funnel"
)

// mergedShard is an entry of manifest.json's "shards": a folder funnel
// merge (or --resume) read, and the replications it gave.
type mergedShard struct {
	Dir   string    `json:"dir"`
	From  int       `json:"from"`
	To    int       `json:"to"`
	Start time.Time `json:"start"`
	End   time.Time `json:"end"`
}

// runSource is a run folder being merged: its manifest and the
// replications it holds, from, from+1, ..., from+reps-1.
type runSource struct {
	dir       string
	man       Manifest
	from, end int
}

// mergeCmd is funnel merge OUT DIR...: the shards of a run (or of a
// sweep) put back together into the run folder OUT.
func mergeCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fset := newFlags("merge", "merge OUT DIR... [flags]", stderr)
	workers := fset.Int("workers", 0, "worker goroutines for what the merge simulates (the verdict's decomposition; default: number of CPUs); the results do not depend on it")
	quiet := fset.BoolP("quiet", "q", false, "print nothing on success")
	if err := parseFlags(fset, args); err != nil {
		return err
	}
	if fset.NArg() < 2 {
		return usageErr("merge: expected OUT and at least one shard folder DIR (written by funnel run --shard or --replications, or funnel sweep --shard), got %d arguments", fset.NArg())
	}
	if *workers < 0 {
		return usageErr("merge: --workers: got %d, expected 0 (number of CPUs) or more", *workers)
	}
	out, dirs := fset.Arg(0), fset.Args()[1:]
	kind, err := shardKind(dirs)
	if err != nil {
		return err
	}
	switch kind {
	case "sweep":
		return mergeSweep(ctx, out, dirs, *workers, *quiet, stdout, stderr)
	case "sensitivity":
		return mergeSensitivity(ctx, out, dirs, *workers, *quiet, stdout, stderr)
	case "select":
		return mergeSelect(ctx, out, dirs, *workers, *quiet, stdout, stderr)
	}
	srcs, err := readRunShards(dirs)
	if err != nil {
		return err
	}
	if err := checkRunShards(srcs); err != nil {
		return err
	}
	return mergeRun(ctx, out, srcs, *workers, *quiet, stdout, stderr)
}

// shardKind is what the folders are shards of, "run" or "sweep", from
// their manifests; folders of both kinds are refused.
func shardKind(dirs []string) (string, error) {
	kinds := map[string][]string{}
	for _, d := range dirs {
		raw, err := readManifestBytes(d)
		if err != nil {
			return "", err
		}
		var probe struct {
			Sweep json.RawMessage `json:"sweep_shard"`
			Sens  json.RawMessage `json:"sensitivity_shard"`
			Sel   json.RawMessage `json:"select_shard"`
		}
		if err := json.Unmarshal(raw, &probe); err != nil {
			return "", usageErr("merge: %s: %v", filepath.Join(d, "manifest.json"), err)
		}
		k := "run"
		switch {
		case probe.Sweep != nil:
			k = "sweep"
		case probe.Sens != nil:
			k = "sensitivity"
		case probe.Sel != nil:
			k = "select"
		}
		kinds[k] = append(kinds[k], d)
	}
	if len(kinds) > 1 {
		var parts []string
		for _, k := range []string{"run", "sweep", "sensitivity", "select"} {
			if len(kinds[k]) > 0 {
				parts = append(parts, fmt.Sprintf("%s are shards of a %s", strings.Join(kinds[k], ", "), k))
			}
		}
		return "", usageErr("merge: %s: they do not belong together", strings.Join(parts, ", "))
	}
	for k := range kinds {
		return k, nil
	}
	return "run", nil
}

// readManifestBytes reads DIR/manifest.json; a missing or refused file is
// a usage error naming it.
func readManifestBytes(dir string) ([]byte, error) {
	path := filepath.Join(dir, "manifest.json")
	raw, err := userfile.ReadFile(path, "run file", maxManifestBytes)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, usageErr("merge: %s does not exist: expected the folder of a shard (funnel run --shard or --replications)", path)
	}
	if userfile.IsRefused(err) {
		return nil, asUsage(fmt.Errorf("merge: %w", err))
	}
	if err != nil {
		return nil, fmt.Errorf("merge: %w", err)
	}
	return raw, nil
}

// readRunSource reads a run folder's manifest.
func readRunSource(dir string) (*runSource, error) {
	raw, err := readManifestBytes(dir)
	if err != nil {
		return nil, err
	}
	s := &runSource{dir: dir}
	if err := json.Unmarshal(raw, &s.man); err != nil {
		return nil, usageErr("merge: %s: %v", filepath.Join(dir, "manifest.json"), err)
	}
	if s.man.Program != "funnel" || s.man.Args == nil {
		return nil, usageErr("merge: %s: not the manifest of a funnel run of this version (no \"args\")", filepath.Join(dir, "manifest.json"))
	}
	if sh := s.man.Shard; sh != nil {
		s.from = sh.From
	}
	s.end = s.from + s.man.Replications
	return s, nil
}

// readRunShards reads the shards' manifests; a folder that is not a
// shard is refused.
func readRunShards(dirs []string) ([]*runSource, error) {
	var srcs []*runSource
	for _, d := range dirs {
		s, err := readRunSource(d)
		if err != nil {
			return nil, err
		}
		if s.man.Shard == nil {
			return nil, usageErr("merge: %s is not a shard (its manifest.json has no \"shard\"): funnel merge puts together the folders of funnel run --shard I/N or --replications A:B", d)
		}
		srcs = append(srcs, s)
	}
	return srcs, nil
}

// checkRunShards refuses shards that do not belong to one run, or do not
// make it whole: each must be complete, of the same program build,
// scenario, seed, policies and options, their ranges neither overlapping
// nor leaving replications out.
func checkRunShards(srcs []*runSource) error {
	a := srcs[0]
	for _, b := range srcs {
		sh := b.man.Shard
		switch {
		case !b.man.Complete || b.end != sh.To:
			return usageErr("merge: %s is incomplete: it holds %d of replications %d to %d (\"complete\": false in its manifest.json); finish it with 'funnel run --resume %s' first",
				b.dir, b.man.Replications, sh.From, sh.To-1, b.dir)
		case sh.Build != a.man.Shard.Build:
			return usageErr("merge: %s was run by funnel %s, %s by funnel %s: shards of different program versions are not merged (the model may differ); rerun one with the other's binary",
				b.dir, sh.Build, a.dir, a.man.Shard.Build)
		case b.man.ScenarioSHA256 != a.man.ScenarioSHA256:
			return usageErr("merge: %s and %s ran different scenarios (%s sha256 %s, %s sha256 %s)",
				a.dir, b.dir, a.man.ScenarioSource, a.man.ScenarioSHA256, b.man.ScenarioSource, b.man.ScenarioSHA256)
		case b.man.Seed != a.man.Seed:
			return usageErr("merge: %s ran seed %d, %s seed %d: shards of different seeds are different runs", a.dir, a.man.Seed, b.dir, b.man.Seed)
		case !slices.Equal(b.man.Policies, a.man.Policies):
			return usageErr("merge: %s ran the policies %s, %s the policies %s", a.dir, strings.Join(a.man.Policies, ","), b.dir, strings.Join(b.man.Policies, ","))
		case sh.Total != a.man.Shard.Total:
			return usageErr("merge: %s is a shard of a run of %s, %s of a run of %d", a.dir, plural(a.man.Shard.Total, "replication"), b.dir, sh.Total)
		case !slices.Equal(b.man.Args, a.man.Args):
			return usageErr("merge: %s and %s ran with different options (%s; %s)", a.dir, b.dir,
				strings.Join(quoteAll(a.man.Args), " "), strings.Join(quoteAll(b.man.Args), " "))
		}
	}
	return checkCoverage(srcs, a.man.Shard.Total)
}

// checkCoverage sorts the sources by their first replication and refuses
// overlapping ranges and replications of 0..total-1 that none holds.
func checkCoverage(srcs []*runSource, total int) error {
	return checkRanges(srcs, total, "replications", func(a, b int) string {
		return fmt.Sprintf(": add their shard (funnel run --replications %d:%d)", a, b)
	})
}

// checkRanges sorts the sources by their first unit and refuses
// overlapping ranges and units of 0..total-1 that none holds; what names
// the units, hint says how to make a missing range.
func checkRanges(srcs []*runSource, total int, what string, hint func(from, to int) string) error {
	slices.SortStableFunc(srcs, func(a, b *runSource) int { return a.from - b.from })
	next, prev := 0, ""
	for _, s := range srcs {
		switch {
		case s.from < next:
			return usageErr("merge: %s %d to %d are in both %s and %s: shards must not overlap", what, s.from, min(next, s.end)-1, prev, s.dir)
		case s.from > next:
			return usageErr("merge: %s %d to %d are in no shard given (missing)%s", what, next, s.from-1, hint(next, s.from))
		}
		next, prev = s.end, s.dir
	}
	if next < total {
		return usageErr("merge: %s %d to %d are in no shard given (missing)%s", what, next, total-1, hint(next, total))
	}
	return nil
}

// quoteAll is args, each quoted for a shell.
func quoteAll(args []string) []string {
	out := make([]string, len(args))
	for i, a := range args {
		out[i] = shellQuote(a)
	}
	return out
}

// mergeRun writes the run folder out from the sources (checked, in
// replication order): the run their args make, with the replications
// read from their files instead of simulated. summary.json,
// replications.csv, detail.csv and the figures are those of the run made
// whole, byte for byte: the summaries are computed from the
// per-replication values in replication order, by the code funnel run
// uses.
func mergeRun(ctx context.Context, out string, srcs []*runSource, workers int, quiet bool, stdout, stderr io.Writer) error {
	args := slices.Clone(srcs[0].man.Args)
	args = append(args, "--workers", fmt.Sprint(workers))
	if quiet {
		args = append(args, "--quiet")
	}
	plan, o, sim, dir, err := startMerge(out, args, srcs, stderr)
	if err != nil {
		return err
	}
	defer dir.Abort()
	return finishMerge(ctx, plan, o, sim, dir, "", stdout, stderr)
}

// startMerge resolves the run of args (the sources' args and how to
// execute it), opens out and reads every source's replications into its
// sink.
func startMerge(out string, args []string, srcs []*runSource, stderr io.Writer) (*runPlan, runOptions, *simulation, *results.OutDir, error) {
	o, err := parseRunOptions(args, stderr)
	if err != nil {
		return nil, o, nil, nil, fmt.Errorf("merge: the shards' args: %w", err)
	}
	plan, err := resolveRun(o)
	if err != nil {
		return nil, o, nil, nil, fmt.Errorf("merge: the shards' run: %w", err)
	}
	if plan.res.SHA256 != srcs[0].man.ScenarioSHA256 {
		return nil, o, nil, nil, usageErr("merge: the scenario %s has changed since the shards ran (sha256 %s now, %s then): restore it, or rerun the shards",
			plan.res.Source, plan.res.SHA256, srcs[0].man.ScenarioSHA256)
	}
	log := newLogger(stderr, o.quiet)
	dir, err := openOutDir(out, plan.sc.Name, log)
	if err != nil {
		return nil, o, nil, nil, err
	}
	plan.outDir = dir.Name()
	first, n := plan.span()
	sink, err := newRunSink(dir, plan.model.PolicyNames(), n)
	if err != nil {
		dir.Abort()
		return nil, o, nil, nil, err
	}
	sink.first = first
	sim := &simulation{sink: sink, requested: n, complete: true}
	for i, s := range srcs {
		if err := readShardInto(sink, s); err != nil {
			sink.close()
			dir.Abort()
			return nil, o, nil, nil, err
		}
		if i == 0 || s.man.Start.Before(sim.start) {
			sim.start = s.man.Start
		}
		if s.man.End.After(sim.end) {
			sim.end = s.man.End
		}
		sim.shards = append(sim.shards, mergedShard{Dir: absDir(s.dir), From: s.from, To: s.end, Start: s.man.Start, End: s.man.End})
	}
	sim.reps = sink.reps
	return plan, o, sim, dir, nil
}

// finishMerge writes the merged folder's other files, as funnel run
// does after its simulation, commits it and prints the run; its messages
// name the folder shown (the committed one if "").
func finishMerge(ctx context.Context, plan *runPlan, o runOptions, sim *simulation, dir *results.OutDir, shown string, stdout, stderr io.Writer) error {
	log := newLogger(stderr, o.quiet)
	if sim.reps < sim.requested {
		sim.complete = false
	}
	if plan.shard == nil {
		plan.sc.Replications = sim.reps
	}
	r, files, err := writeRun(ctx, plan, o, sim, dir)
	if err != nil {
		return err
	}
	if plan.outDir, err = dir.Commit(); err != nil {
		return fmt.Errorf("writing results: %w", err)
	}
	if shown != "" {
		plan.outDir = shown
	}
	if err := printRun(stdout, o, plan.sc.Name, r, files.summary); err != nil {
		return err
	}
	return finishRun(log, plan, sim, r.checks, files)
}

func absDir(d string) string {
	if abs, err := filepath.Abs(d); err == nil {
		return abs
	}
	return d
}

// readShardInto reads a source's replications.csv and detail.csv and
// hands its replications to the sink in order, as the runner does in a
// run. The rows must come as funnel run writes them; anything else is an
// error naming the file and line.
func readShardInto(sink *runSink, s *runSource) error {
	np, nm := len(sink.policies), len(sink.metrics)
	n := s.end - s.from
	res := make([]funnel.Result, n*np)
	names := sink.metrics
	path := filepath.Join(s.dir, "replications.csv")
	idx := 0
	err := scanRunFile(path, func(r results.Row) error {
		rep, p, m := idx/(np*nm), idx/nm%np, idx%nm
		if idx >= n*np*nm {
			return fmt.Errorf("line %d: replication %d: more rows than the %s of the manifest", r.Line, r.Rep, plural(n, "replication"))
		}
		if r.Rep != s.from+rep || r.Policy != sink.policies[p] || r.Metric != names[m] {
			return fmt.Errorf("line %d: replication %d, policy %q, metric %q: expected replication %d, policy %q, metric %q (the order funnel run writes)",
				r.Line, r.Rep, r.Policy, r.Metric, s.from+rep, sink.policies[p], names[m])
		}
		res[rep*np+p].Metrics[m] = r.Value
		idx++
		return nil
	})
	if err != nil {
		return err
	}
	if idx != n*np*nm {
		return usageErr("merge: %s: %d rows, expected %d (%s × %d policies × %d metrics)", path, idx, n*np*nm, plural(n, "replication"), np, nm)
	}
	// detail.csv: groups of one replication and policy, each with the
	// metrics of funnel.DetailNames(weeks) for the shard's weeks.
	path = filepath.Join(s.dir, "detail.csv")
	var (
		group      []string // the first group's metrics
		row        []float64
		rep, p, k  int
		weeks      = -1
		firstGroup = true
	)
	finishGroup := func() error {
		detailFromRow(&res[rep*np+p].Detail, row, weeks)
		if p++; p == np {
			if err := sink.emit(sink.reps, res[rep*np:(rep+1)*np]); err != nil {
				return err
			}
			p, rep = 0, rep+1
		}
		k = 0
		return nil
	}
	learn := func() error {
		fixed := funnel.NumDelayBins + 3*funnel.NumDelayBuckets
		weeks = (len(group) - fixed) / 3
		if weeks < 0 || !slices.Equal(group, funnel.DetailNames(weeks)) {
			return fmt.Errorf("the metrics of replication %d, policy %q are not those funnel run writes", s.from, sink.policies[0])
		}
		firstGroup = false
		return nil
	}
	err = scanRunFile(path, func(r results.Row) error {
		if firstGroup {
			if r.Rep == s.from && r.Policy == sink.policies[0] {
				group = append(group, r.Metric)
				row = append(row, r.Value)
				return nil
			}
			if err := learn(); err != nil {
				return err
			}
			k = len(group)
			if err := finishGroup(); err != nil {
				return err
			}
		}
		if rep >= n {
			return fmt.Errorf("line %d: replication %d: more rows than the %s of the manifest", r.Line, r.Rep, plural(n, "replication"))
		}
		if r.Rep != s.from+rep || r.Policy != sink.policies[p] || r.Metric != group[k] {
			return fmt.Errorf("line %d: replication %d, policy %q, metric %q: expected replication %d, policy %q, metric %q (the order funnel run writes)",
				r.Line, r.Rep, r.Policy, r.Metric, s.from+rep, sink.policies[p], group[k])
		}
		row[k] = r.Value
		if k++; k == len(group) {
			return finishGroup()
		}
		return nil
	})
	if err != nil {
		return err
	}
	if firstGroup && len(group) > 0 { // one replication of one policy
		if err := learn(); err != nil {
			return usageErr("merge: %s: %v", path, err)
		}
		k = len(group)
		if err := finishGroup(); err != nil {
			return err
		}
	}
	if rep != n || p != 0 || k != 0 {
		return usageErr("merge: %s: ends within replication %d: expected replications %d to %d", path, s.from+rep, s.from, s.end-1)
	}
	return nil
}

// scanRunFile scans a run folder's tidy CSV file; its errors name it.
func scanRunFile(path string, fn func(results.Row) error) error {
	f, err := userfile.Open(path, "run file", maxRunCSVBytes)
	if errors.Is(err, fs.ErrNotExist) {
		return usageErr("merge: %s does not exist: a shard's folder holds replications.csv and detail.csv", path)
	}
	if userfile.IsRefused(err) {
		return asUsage(fmt.Errorf("merge: %w", err))
	}
	if err != nil {
		return fmt.Errorf("merge: %w", err)
	}
	defer f.Close()
	if err := results.ScanCSV(f, fn); err != nil {
		return usageErr("merge: %s: %v", path, err)
	}
	return nil
}

// detailFromRow sets d from its values in the order of
// funnel.DetailNames(weeks) (funnel.AppendDetailValues's inverse: the
// counts are integers, written exactly).
func detailFromRow(d *funnel.Detail, row []float64, weeks int) {
	for b := range funnel.NumDelayBins {
		d.Delays[b] = int64(row[b])
	}
	base := funnel.NumDelayBins
	for k := range funnel.NumDelayBuckets {
		d.Touches[k] = int64(row[base+3*k])
		d.Reached[k] = int64(row[base+3*k+1])
		d.Qualified[k] = int64(row[base+3*k+2])
	}
	base += 3 * funnel.NumDelayBuckets
	d.Weeks = d.Weeks[:0]
	for w := range weeks {
		v := row[base+3*w:]
		d.Weeks = append(d.Weeks, funnel.Week{Handoffs: v[0], Queue: v[1], WonRevenue: v[2]})
	}
}
