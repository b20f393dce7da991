package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
)

// resumeRun is funnel run --resume DIR: it simulates the replications an
// interrupted run ("complete": false) did not finish, with the run's own
// args (manifest.json), into a hidden folder beside DIR, then merges
// DIR's replications and the new ones into the complete run and puts it
// in DIR's place. The result is byte-identical to an uninterrupted run,
// as a merge of shards is. Interrupted again, it keeps what is complete
// (DIR then holds more replications, still "complete": false); a failure
// leaves DIR as it was.
func resumeRun(ctx context.Context, o runOptions, stdout, stderr io.Writer) error {
	dir := filepath.Clean(o.resume)
	src, err := readRunSource(dir)
	if err != nil {
		return usageErr("run: --resume: %v", err)
	}
	man := &src.man
	if man.Complete {
		return usageErr("run: --resume %s: the run is complete (%d of %d replications, \"complete\": true); nothing to resume", dir, man.Replications, man.RequestedReplications)
	}
	if slices.Contains(man.Args, "--precision") {
		return usageErr("run: --resume %s: a --precision run decides its replications as it goes and cannot be resumed; rerun it", dir)
	}
	from, to := 0, man.RequestedReplications
	args := slices.Clone(man.Args)
	if sh := man.Shard; sh != nil {
		from, to = sh.From, sh.To
		if sh.Of > 0 {
			args = append(args, "--shard", fmt.Sprintf("%d/%d", sh.Index, sh.Of))
		} else {
			args = append(args, "--replications", fmt.Sprintf("%d:%d", sh.From, sh.To))
		}
	}
	done := src.end
	// Replications whose detail.csv was not written (interrupted while
	// writing) are simulated again.
	if slices.Contains(man.Unwritten, "detail.csv") || !isFile(filepath.Join(dir, "detail.csv")) {
		done = from
	}
	exec := []string{"--workers", strconv.Itoa(o.workers)}
	if o.quiet {
		exec = append(exec, "--quiet")
	}
	if o.maxMem != "" {
		exec = append(exec, "--max-memory", o.maxMem)
	}
	parent, base := filepath.Split(dir)
	part := filepath.Join(parent, "."+base+".resume-part")
	resumed := filepath.Join(parent, "."+base+".resumed")
	for _, p := range []string{part, resumed} {
		if _, err := os.Lstat(p); err == nil {
			return usageErr("run: --resume %s: %s exists, left by a resume that did not finish: remove it and resume again", dir, p)
		}
	}
	// The missing replications, as a shard of the run.
	partArgs := append(slices.Clone(man.Args), exec...)
	partArgs = append(partArgs, "--replications", fmt.Sprintf("%d:%d", done, to), "--out", part, "--quiet", "--plots=false")
	runErr := runCmd(ctx, partArgs, io.Discard, stderr)
	defer os.RemoveAll(part)
	var srcs []*runSource
	if done > from {
		src.end = done
		srcs = append(srcs, src)
	}
	if p, err := readRunSource(part); err == nil && !slices.Contains(p.man.Unwritten, "detail.csv") && p.end > p.from {
		srcs = append(srcs, p)
	} else if runErr == nil {
		return fmt.Errorf("run: --resume %s: the resumed replications were not written", dir)
	}
	if runErr != nil && !isCancel(runErr) && !errors.Is(runErr, context.Canceled) {
		var ee *exitError
		if !errors.As(runErr, &ee) || ee.code != ExitInterrupted {
			return fmt.Errorf("run: --resume %s: %w; %s is unchanged", dir, runErr, dir)
		}
	}
	if len(srcs) == 0 || (len(srcs) == 1 && srcs[0] == src) {
		return &exitError{ExitInterrupted, fmt.Errorf("run: --resume %s: interrupted before a replication more completed; %s is unchanged", dir, dir)}
	}
	margs := append(args, exec...)
	if o.format != "" {
		margs = append(margs, "--format", o.format)
	}
	if o.metrics != "" {
		margs = append(margs, "--metrics", o.metrics)
	}
	plan, ro, sim, out, err := startMerge(resumed, margs, srcs, stderr)
	if err != nil {
		return err
	}
	defer out.Abort()
	for i := range sim.shards {
		if sim.shards[i].Dir == absDir(part) {
			sim.shards[i].Dir = "resumed by: funnel run --resume " + absDir(dir)
		}
	}
	mergeErr := finishMerge(context.WithoutCancel(ctx), plan, ro, sim, out, dir, stdout, stderr)
	if _, err := os.Stat(resumed); err != nil {
		if mergeErr != nil {
			return mergeErr
		}
		return fmt.Errorf("run: --resume %s: %w", dir, err)
	}
	// Put the resumed run in DIR's place: DIR is renamed aside first, so
	// one of the two names holds the run at every moment.
	old := filepath.Join(parent, "."+base+".interrupted")
	if err := os.Rename(dir, old); err != nil {
		return fmt.Errorf("run: --resume: the resumed run is in %s, but %s cannot be replaced: %w", resumed, dir, err)
	}
	if err := os.Rename(resumed, dir); err != nil {
		return fmt.Errorf("run: --resume: the resumed run is in %s and the interrupted one in %s: %w", resumed, old, err)
	}
	if err := os.RemoveAll(old); err != nil {
		return fmt.Errorf("run: --resume: the resumed run is in %s; remove %s: %w", dir, old, err)
	}
	if mergeErr != nil {
		return mergeErr
	}
	if runErr != nil {
		return &exitError{ExitInterrupted, fmt.Errorf("run: --resume %s: interrupted again; %s holds %d of %d replications (\"complete\": false): resume it again", dir, dir, sim.reps, to-from)}
	}
	return nil
}
