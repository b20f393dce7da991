package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"path/filepath"
	"slices"
	"strings"

	"funnellab/experiment"
	"funnellab/internal/userfile"
	"funnellab/scenarios"
	"funnellab/sim/funnel"
)

// studySource is a shard of a study (a sweep, a sensitivity analysis)
// being merged.
type studySource struct {
	dir   string
	man   studyManifest
	shard *studyShard
}

// readStudyShards reads and checks the manifests of a study's shards
// (kind: sweep or sensitivity): the same build, scenario, size and args,
// their ranges neither overlapping nor leaving jobs out. It returns the
// shards' args and scenario digest, and the shards in job order.
func readStudyShards(kind string, dirs []string) ([]string, string, []mergedShard, error) {
	var srcs []studySource
	for _, d := range dirs {
		raw, err := readManifestBytes(d)
		if err != nil {
			return nil, "", nil, err
		}
		s := studySource{dir: d}
		if err := json.Unmarshal(raw, &s.man); err == nil {
			switch kind {
			case "sweep":
				s.shard = s.man.SweepShard
			case "sensitivity":
				s.shard = s.man.SensitivityShard
			case "select":
				s.shard = s.man.SelectShard
			}
		}
		if s.shard == nil {
			return nil, "", nil, usageErr("merge: %s: not the manifest of a shard of funnel %s", filepath.Join(d, "manifest.json"), kind)
		}
		srcs = append(srcs, s)
	}
	a := srcs[0]
	var rs []*runSource
	for _, b := range srcs {
		sa, sb := a.shard, b.shard
		switch {
		case sb.Build != sa.Build:
			return nil, "", nil, usageErr("merge: %s was run by funnel %s, %s by funnel %s: shards of different program versions are not merged (the model may differ); rerun one with the other's binary",
				b.dir, sb.Build, a.dir, sa.Build)
		case b.man.ScenarioSHA256 != a.man.ScenarioSHA256:
			return nil, "", nil, usageErr("merge: %s and %s ran different scenarios (%s sha256 %s, %s sha256 %s)",
				a.dir, b.dir, a.man.ScenarioSource, a.man.ScenarioSHA256, b.man.ScenarioSource, b.man.ScenarioSHA256)
		case sb.Total != sa.Total || sb.Points != sa.Points || sb.Reps != sa.Reps:
			return nil, "", nil, usageErr("merge: %s is a shard of a %s of %d points × %s, %s of %d points × %s", a.dir, kind, sa.Points, plural(sa.Reps, "replication"), b.dir, sb.Points, plural(sb.Reps, "replication"))
		case !slices.Equal(sb.Args, sa.Args):
			return nil, "", nil, usageErr("merge: %s and %s are shards of different %s studies (%s; %s)", a.dir, b.dir, kind,
				strings.Join(quoteAll(sa.Args), " "), strings.Join(quoteAll(sb.Args), " "))
		}
		rs = append(rs, &runSource{dir: b.dir, from: sb.From, end: sb.To})
	}
	what := "jobs (point × replication)"
	if kind == "select" {
		what = "first-stage jobs (point × policy × replication)"
	}
	if err := checkRanges(rs, a.shard.Total, what, func(int, int) string {
		return fmt.Sprintf(": add their shard (funnel %s ... --shard I/%d)", kind, a.shard.Of)
	}); err != nil {
		return nil, "", nil, err
	}
	var shards []mergedShard
	for _, r := range rs {
		i := slices.IndexFunc(srcs, func(s studySource) bool { return s.dir == r.dir })
		m := srcs[i].man
		shards = append(shards, mergedShard{Dir: absDir(r.dir), From: r.from, To: r.end, Start: m.Start, End: m.End})
	}
	return a.shard.Args, a.man.ScenarioSHA256, shards, nil
}

// mergeSweep is funnel merge of a sweep's shards: it checks they belong
// together and reruns the sweep with their replications read instead of
// simulated; its folder is byte-identical to the whole sweep's (but
// manifest.json).
func mergeSweep(ctx context.Context, out string, dirs []string, workers int, quiet bool, stdout, stderr io.Writer) error {
	sargs, sha, shards, err := readStudyShards("sweep", dirs)
	if err != nil {
		return err
	}
	args := append(slices.Clone(sargs), "--out", out, "--workers", fmt.Sprint(workers))
	if quiet {
		args = append(args, "--quiet")
	}
	o, arg, err := parseSweepArgs(args, stderr)
	if err != nil {
		return fmt.Errorf("merge: the shards' args: %w", err)
	}
	o.mergeSHA, o.merged = sha, shards
	res, err := runSweep(ctx, arg, o, stderr)
	if err != nil {
		return err
	}
	return printSweep(stdout, res, o)
}

// assembleSweep reads the merged shards' sweep.csv and puts their
// replications together as the sweep's results.
func assembleSweep(res *scenarios.Resolved, plan *experiment.Plan, o sweepOptions) ([]experiment.PointResult, error) {
	if res.SHA256 != o.mergeSHA {
		return nil, usageErr("merge: the scenario %s has changed since the shards ran (sha256 %s now, %s then): restore it, or rerun the shards",
			res.Source, res.SHA256, o.mergeSHA)
	}
	pols := make([]string, len(plan.Scenarios[0].Policies))
	for i, p := range plan.Scenarios[0].Policies {
		pols[i] = p.Name
	}
	var all []experiment.Slice
	for _, m := range o.merged {
		path := filepath.Join(m.Dir, "sweep.csv")
		f, err := userfile.Open(path, "run file", maxRunCSVBytes)
		if err != nil {
			return nil, usageErr("merge: %v", err)
		}
		ss, err := experiment.ReadSlicesCSV(f, pols, funnel.Names())
		f.Close()
		if err != nil {
			return nil, usageErr("merge: %s: %v", path, err)
		}
		all = append(all, ss...)
	}
	points, err := plan.Assemble(all)
	if err != nil {
		return nil, usageErr("merge: %v", err)
	}
	return points, nil
}
