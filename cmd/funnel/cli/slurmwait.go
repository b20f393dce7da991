package cli

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	"funnellab/internal/userfile"
)

// squeueTask is a line of squeue: a job, or a task of a job array.
type squeueTask struct {
	job    string // the job's id, or the array's
	task   string // the array task's index ("" for a job)
	state  string // PENDING, RUNNING, ...
	reason string
}

// squeueJobs lists the jobs and array tasks squeue knows (pending and
// running; finished jobs leave it), one line each (-r).
func squeueJobs(ctx context.Context) ([]squeueTask, error) {
	cmd := exec.CommandContext(ctx, "squeue", "-h", "-r", "-o", "%F|%K|%T|%r")
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	if err := cmd.Run(); err != nil {
		return nil, fmt.Errorf("slurm: squeue: %v: %s", err, strings.TrimSpace(errb.String()))
	}
	var ts []squeueTask
	sc := bufio.NewScanner(&out)
	for sc.Scan() {
		f := strings.Split(strings.TrimSpace(sc.Text()), "|")
		if len(f) != 4 {
			continue
		}
		t := squeueTask{job: f[0], task: f[1], state: f[2], reason: f[3]}
		if t.task == "N/A" {
			t.task = ""
		}
		ts = append(ts, t)
	}
	return ts, nil
}

// wait polls squeue until the merge job has left it (or the merged
// folder exists), then says how the run ended: merged, or which tasks
// failed, by array index with their logs. A merge job left waiting on a
// dependency that can no longer be satisfied (a task failed) is
// cancelled, so that rerunning the command resubmits the missing shards.
func (j *slurmJob) wait(ctx context.Context, stdout io.Writer) error {
	rec, err := j.readJobs()
	if err != nil {
		return fmt.Errorf("slurm: %w", err)
	}
	var deadline <-chan time.Time
	if j.o.timeout > 0 {
		t := time.NewTimer(j.o.timeout)
		defer t.Stop()
		deadline = t.C
	}
	start, failures := time.Now(), 0
	for {
		tasks, err := squeueJobs(ctx)
		if err != nil {
			// squeue can fail for a moment (slurmctld busy): give up after
			// a few in a row.
			if failures++; failures >= 5 {
				return err
			}
		} else {
			failures = 0
			mergeQueued, arrayQueued, stuck := false, 0, false
			for _, t := range tasks {
				switch {
				case t.job == rec.Merge:
					mergeQueued = true
					stuck = t.state == "PENDING" && strings.Contains(t.reason, "DependencyNeverSatisfied")
				case rec.Array != "" && t.job == rec.Array:
					arrayQueued++
				}
			}
			if !mergeQueued || (stuck && arrayQueued == 0) {
				if stuck {
					_ = exec.CommandContext(ctx, "scancel", rec.Merge).Run()
				}
				return j.outcome(stdout, rec, time.Since(start))
			}
		}
		select {
		case <-ctx.Done():
			return &exitError{ExitInterrupted, fmt.Errorf("slurm: stopped waiting; the jobs %s and %s go on (squeue shows them)", rec.Array, rec.Merge)}
		case <-deadline:
			return fmt.Errorf("slurm: --timeout %s: the jobs %s and %s have not finished; they go on (squeue shows them), run the same command again to wait or resubmit", j.o.timeout, rec.Array, rec.Merge)
		case <-time.After(j.o.poll):
		}
	}
}

// outcome reports the jobs that have left the queue: the merged folder,
// or the tasks that failed.
func (j *slurmJob) outcome(stdout io.Writer, rec *slurmJobs, waited time.Duration) error {
	// The merge job commits the folder as its last act: give a shared
	// file system a moment to show it.
	for range 10 {
		if isDir(j.out) {
			fmt.Fprintf(stdout, "merged %d shards into %s (%.1f s after submission)\n", j.o.shards, j.out, waited.Seconds())
			return nil
		}
		time.Sleep(200 * time.Millisecond)
	}
	var msgs []string
	for _, i := range j.missingShards() {
		log := filepath.Join(j.work, "logs", fmt.Sprintf("shard-%d.log", i))
		msgs = append(msgs, fmt.Sprintf("task %d of job array %s failed (shard %d/%d): see %s%s", i, rec.Array, i, j.o.shards, log, lastLines(log, 5)))
	}
	if len(msgs) == 0 {
		log := filepath.Join(j.work, "logs", "merge.log")
		msgs = append(msgs, fmt.Sprintf("the merge job %s failed: see %s%s", rec.Merge, log, lastLines(log, 5)))
	}
	return fmt.Errorf("slurm: %s\nrun the same command again to resubmit only the missing shards", strings.Join(msgs, "\n"))
}

// lastLines is the last n lines of a log, indented, or "" if it cannot be
// read.
func lastLines(path string, n int) string {
	raw, err := userfile.ReadFile(path, "log", maxManifestBytes)
	if err != nil || len(raw) == 0 {
		return ""
	}
	lines := strings.Split(strings.TrimRight(string(raw), "\n"), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return "\n    " + strings.Join(lines, "\n    ")
}
