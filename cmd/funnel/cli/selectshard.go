package cli

import (
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"path/filepath"
	"slices"
	"strconv"
	"time"

	"funnellab/internal/userfile"
	"funnellab/sim/funnel"
)

// funnel select's later stages depend on what the earlier ones observed,
// so only its first stage, --n0 replications of every alternative (the
// stage every procedure starts with), is fixed in advance and can be
// sharded: its jobs (design point, policy, replication), point-major, cut
// into contiguous ranges. A shard writes its jobs' metrics (stage1.csv);
// funnel merge makes the whole selection, taking the first stage from the
// shards and simulating the stages after it, with the same results.

// firstStageJobs are the first stage's jobs in point-major order.
func (p *selectPlan) firstStageJobs() []selJob {
	seen := map[selJob]bool{}
	var jobs []selJob
	for _, a := range p.alts {
		for r := range p.o.n0 {
			for _, pol := range p.altPolicies(a) {
				j := selJob{a.point, slices.Index(p.points[a.point].pols, pol), r}
				if !seen[j] {
					seen[j] = true
					jobs = append(jobs, j)
				}
			}
		}
	}
	return sortSelJobs(jobs)
}

var stage1Header = []string{"point", "policy", "replication", "metric", "value"}

// runSelectShard simulates shard `shard` of the first stage's jobs and
// writes its folder: stage1.csv and manifest.json.
func runSelectShard(ctx context.Context, p *selectPlan, shard string, args, canon []string, start time.Time, log *slog.Logger, stdout io.Writer) error {
	i, n, err := parseShard(shard)
	if err != nil {
		return usageErr("select: %v", err)
	}
	jobs := p.firstStageJobs()
	if n > len(jobs) {
		return usageErr("select: --shard %s: the first stage has %d jobs: at most %d shards", shard, len(jobs), len(jobs))
	}
	lo, hi := shardBounds(i, n, len(jobs))
	dir, err := openOutDir(p.o.out, p.name+"-select-shard", log)
	if err != nil {
		return err
	}
	defer dir.Abort()
	ms, err := p.simulateJobs(ctx, p.o.workers, jobs[lo:hi])
	if err != nil {
		return fmt.Errorf("select: %w", err)
	}
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	_ = w.Write(stage1Header)
	names := funnel.Names()
	for k, j := range jobs[lo:hi] {
		for m, v := range ms[k] {
			_ = w.Write([]string{strconv.Itoa(j.point), p.points[j.point].pols[j.pol], strconv.Itoa(j.rep), names[m], strconv.FormatFloat(v, 'g', -1, 64)})
		}
	}
	w.Flush()
	if err := dir.WriteFile("stage1.csv", b.Bytes()); err != nil {
		return err
	}
	rec := &studyShard{Index: i, Of: n, From: lo, To: hi, Total: len(jobs), Points: len(p.points), Reps: p.o.n0,
		Build: programBuild(), Args: append([]string{scenarioArg(p.res.Source)}, canon...)}
	man, err := newStudyManifest("select", args, p.res, start, func(m *studyManifest) { m.SelectShard = rec })
	if err != nil {
		return err
	}
	if err := dir.WriteFile("manifest.json", man); err != nil {
		return err
	}
	final, err := dir.Commit()
	if err != nil {
		return err
	}
	if !p.o.quiet {
		fmt.Fprintf(stdout, "wrote shard %s of the first stage (jobs %d to %d of %d) to %s\n", shard, lo, hi-1, len(jobs), final)
	}
	return nil
}

// readSelectShards reads the shards' stage1.csv into the plan's cache:
// every first-stage job's metrics, exactly once.
func readSelectShards(p *selectPlan, sha string, shards []mergedShard) error {
	if p.res.SHA256 != sha {
		return usageErr("merge: the scenario %s has changed since the shards ran (sha256 %s now, %s then): restore it, or rerun the shards", p.res.Source, p.res.SHA256, sha)
	}
	jobs := p.firstStageJobs()
	names := funnel.Names()
	p.cache = map[selJob]funnel.Metrics{}
	for _, sh := range shards {
		path := filepath.Join(sh.Dir, "stage1.csv")
		f, err := userfile.Open(path, "run file", maxRunCSVBytes)
		if err != nil {
			return usageErr("merge: %v", err)
		}
		r := csv.NewReader(f)
		head, err := r.Read()
		if err != nil || !slices.Equal(head, stage1Header) {
			f.Close()
			return usageErr("merge: %s: line 1: expected the header %v", path, stage1Header)
		}
		for _, j := range jobs[sh.From:sh.To] {
			var m funnel.Metrics
			for k, name := range names {
				rec, err := r.Read()
				line, _ := r.FieldPos(0)
				if errors.Is(err, io.EOF) {
					f.Close()
					return usageErr("merge: %s: ends before job %d's metric %s", path, j.rep, name)
				}
				if err != nil {
					f.Close()
					return usageErr("merge: %s: %v", path, err)
				}
				v, verr := strconv.ParseFloat(rec[4], 64)
				if rec[0] != strconv.Itoa(j.point) || rec[1] != p.points[j.point].pols[j.pol] || rec[2] != strconv.Itoa(j.rep) || rec[3] != name || verr != nil {
					f.Close()
					return usageErr("merge: %s line %d: expected point %d, policy %s, replication %d, metric %s and a number", path, line, j.point, p.points[j.point].pols[j.pol], j.rep, name)
				}
				m[k] = v
			}
			p.cache[j] = m
		}
		f.Close()
	}
	return nil
}

// mergeSelect is funnel merge of the shards of a selection's first stage:
// the whole selection, its later stages simulated, byte-identical to the
// unsharded one (but manifest.json).
func mergeSelect(ctx context.Context, out string, dirs []string, workers int, quiet bool, stdout, stderr io.Writer) error {
	sargs, sha, shards, err := readStudyShards("select", dirs)
	if err != nil {
		return err
	}
	return selectCmdMerged(ctx, mergedStudyArgs(sargs, out, workers, quiet), sha, shards, stdout, stderr)
}

// mergedStudyArgs are the arguments a merge reruns a study's command with:
// the shards' own, writing to out with the merge's workers.
func mergedStudyArgs(sargs []string, out string, workers int, quiet bool) []string {
	args := append(slices.Clone(sargs), "--out", out, "--workers", fmt.Sprint(workers))
	if quiet {
		args = append(args, "--quiet")
	}
	return args
}
