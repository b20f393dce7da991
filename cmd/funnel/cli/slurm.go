package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"funnellab/internal/userfile"
	"funnellab/results"
)

// slurmOptions are funnel slurm's own flags; the rest of its arguments
// are the command's (run, sweep, sensitivity).
type slurmOptions struct {
	command    string   // run, sweep or sensitivity
	args       []string // the command's arguments, without --out
	shards     int
	out        string // the merged folder
	partition  string
	timeLimit  string
	cpus       int
	sbatchArgs []string
	wait       bool
	dryRun     bool
	timeout    time.Duration
	poll       time.Duration
}

// slurmFlags are funnel slurm's flags: name → whether it takes a value.
var slurmFlags = map[string]bool{
	"shards": true, "out": true, "partition": true, "time": true, "cpus-per-task": true,
	"sbatch-arg": true, "wait": false, "dry-run": false, "timeout": true, "poll": true,
}

const slurmUsage = `Usage: funnel slurm run|sweep|sensitivity [ARGS of the command] --shards N --out DIR [flags]

Runs funnel run (or sweep, or sensitivity) on a Slurm cluster: a job array of N shards
(--shard I/N, one task each) into DIR.shards/, and a merge job that depends
on it (afterok) and writes the merged run folder DIR, byte-identical to the
same run made on one machine. Run again with the same arguments, it
resubmits only the shards that are missing (failed or never run).

Flags:
      --shards N            number of shards: array tasks (required)
      --out DIR             the merged run folder (required; on a file system the nodes share)
      --partition P         sbatch --partition
      --time T              sbatch --time of each task, e.g. 30:00 (the --dry-run estimate helps)
      --cpus-per-task C     sbatch --cpus-per-task, and the workers of each task (default 1)
      --sbatch-arg ARG      one more sbatch option for both jobs, e.g. --sbatch-arg=--mem=2G (repeatable)
      --wait                wait until the merged folder exists, reporting failed tasks
      --timeout D           with --wait: give up after D, e.g. 30m (default: no limit)
      --poll D              with --wait: how often to ask squeue (default 2s)
      --dry-run             print the job scripts and the sbatch commands, submit nothing
`

// slurmCmd is funnel slurm run|sweep ... --shards N: see slurmUsage and
// docs/cluster.md.
func slurmCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	o, err := parseSlurmArgs(args)
	if errors.Is(err, errSlurmHelp) {
		fmt.Fprint(stdout, slurmUsage)
		return nil
	}
	if err != nil {
		return err
	}
	job, err := newSlurmJob(o, stderr)
	if err != nil {
		return err
	}
	if o.dryRun {
		return job.printDryRun(stdout, stderr)
	}
	if isDir(o.out) {
		fmt.Fprintf(stdout, "%s exists: the run is merged; nothing to submit\n", o.out)
		return nil
	}
	if err := job.submit(ctx, stdout); err != nil {
		return err
	}
	if !o.wait {
		return nil
	}
	return job.wait(ctx, stdout)
}

var errSlurmHelp = errors.New("help")

// parseSlurmArgs takes funnel slurm's flags out of args and leaves the
// command's.
func parseSlurmArgs(args []string) (slurmOptions, error) {
	o := slurmOptions{cpus: 1, poll: 2 * time.Second}
	if len(args) == 0 || args[0] == "--help" || args[0] == "-h" {
		return o, errSlurmHelp
	}
	o.command = args[0]
	if o.command != "run" && o.command != "sweep" && o.command != "sensitivity" {
		return o, usageErr("slurm: expected run, sweep or sensitivity as the command to shard, got %q (see 'funnel help slurm')", o.command)
	}
	for i := 1; i < len(args); i++ {
		a := args[i]
		if a == "--" {
			o.args = append(o.args, args[i:]...)
			break
		}
		name, val, hasVal := strings.Cut(strings.TrimPrefix(a, "--"), "=")
		takes, ok := slurmFlags[name]
		if !strings.HasPrefix(a, "--") || !ok {
			o.args = append(o.args, a)
			continue
		}
		if takes && !hasVal {
			if i+1 >= len(args) {
				return o, usageErr("slurm: --%s needs a value", name)
			}
			i++
			val = args[i]
		}
		if !takes && hasVal {
			b, err := strconv.ParseBool(val)
			if err != nil {
				return o, usageErr("slurm: --%s=%s: expected true or false", name, val)
			}
			val = strconv.FormatBool(b)
		}
		var err error
		switch name {
		case "shards":
			o.shards, err = strconv.Atoi(val)
			if err != nil || o.shards < 1 {
				return o, usageErr("slurm: --shards %q: expected an integer of 1 or more", val)
			}
		case "out":
			o.out = val
		case "partition":
			o.partition = val
		case "time":
			o.timeLimit = val
		case "cpus-per-task":
			o.cpus, err = strconv.Atoi(val)
			if err != nil || o.cpus < 1 {
				return o, usageErr("slurm: --cpus-per-task %q: expected an integer of 1 or more", val)
			}
		case "sbatch-arg":
			o.sbatchArgs = append(o.sbatchArgs, val)
		case "wait":
			o.wait = val != "false"
		case "dry-run":
			o.dryRun = val != "false"
		case "timeout", "poll":
			d, err := time.ParseDuration(val)
			if err != nil || d <= 0 {
				return o, usageErr("slurm: --%s %q: expected a duration such as 30m or 2s", name, val)
			}
			if name == "timeout" {
				o.timeout = d
			} else {
				o.poll = d
			}
		}
	}
	switch {
	case o.shards == 0:
		return o, usageErr("slurm: --shards N is required: the number of array tasks")
	case o.out == "":
		return o, usageErr("slurm: --out DIR is required: the merged run folder, on a file system the nodes share (its shards go to DIR.shards)")
	}
	for _, a := range o.args {
		if a == "--shard" || strings.HasPrefix(a, "--shard=") || a == "--replications" || strings.HasPrefix(a, "--replications=") || a == "--resume" {
			return o, usageErr("slurm: %s: funnel slurm makes the shards itself (--shards N)", a)
		}
	}
	return o, nil
}

// slurmJob is a sharded run ready to submit: the folders, the binary the
// tasks run and the two job scripts.
type slurmJob struct {
	o              slurmOptions
	exe            string // the absolute path of this binary
	cwd            string
	out, work      string // the merged folder and DIR.shards, absolute
	shardDirs      []string
	estimate       string // the --dry-run estimate of a task
	scenario       string // the scenario's name, for the jobs' names
	arrayIdx       []int  // the shards to submit (all, or the missing ones)
	arrayScript    string
	mergeScript    string
	arrayCmd       []string
	mergeCmdPrefix []string
}

// testHookExecutable, if set, replaces os.Executable for the tasks'
// command (the test binary cannot run funnel).
var testHookExecutable func() (string, error)

// newSlurmJob checks the command's arguments as the tasks will run them
// and writes nothing.
func newSlurmJob(o slurmOptions, stderr io.Writer) (*slurmJob, error) {
	j := &slurmJob{o: o}
	var err error
	exe := os.Executable
	if testHookExecutable != nil {
		exe = testHookExecutable
	}
	if j.exe, err = exe(); err != nil {
		return nil, fmt.Errorf("slurm: the path of this program: %w", err)
	}
	if p, err := filepath.EvalSymlinks(j.exe); err == nil {
		j.exe = p
	}
	if j.cwd, err = os.Getwd(); err != nil {
		return nil, err
	}
	j.out = absDir(o.out)
	j.work = j.out + ".shards"
	// The arguments as the first task runs them, checked here so that a
	// mistake is refused at once rather than in every task.
	probe := append(slices.Clone(o.args), "--shard", fmt.Sprintf("0/%d", o.shards))
	switch o.command {
	case "run":
		ro, err := parseRunOptions(probe, io.Discard)
		if err != nil {
			return nil, err
		}
		if ro.out != "" {
			return nil, usageErr("slurm: --out is the merged folder's; give it to funnel slurm, not twice")
		}
		plan, err := resolveRun(ro)
		if err != nil {
			return nil, err
		}
		j.scenario = plan.sc.Name
		largest := (plan.shard.Total + o.shards - 1) / o.shards
		est := estimateRun(plan.model, largest, o.cpus, ro.plots)
		var b bytes.Buffer
		est.print(&b, "  ", 0, "")
		j.estimate = fmt.Sprintf("each task (at most %s on %d CPU):\n%s", plural(largest, "replication"), o.cpus, b.String())
	case "sweep":
		so, arg, err := parseSweepArgs(probe, io.Discard)
		if err != nil {
			return nil, err
		}
		if so.out != "" {
			return nil, usageErr("slurm: --out is the merged folder's; give it to funnel slurm, not twice")
		}
		j.scenario = filepath.Base(strings.TrimSuffix(arg, filepath.Ext(arg)))
	case "sensitivity":
		// Its flags are checked by the tasks: the first to fail says why.
		j.scenario = "sensitivity"
	}
	for i := range o.shards {
		j.shardDirs = append(j.shardDirs, filepath.Join(j.work, "shards", fmt.Sprintf("%04d", i)))
	}
	j.arrayIdx = j.missingShards()
	j.arrayScript, j.mergeScript = j.scripts()
	return j, nil
}

// missingShards are the shards without a complete folder.
func (j *slurmJob) missingShards() []int {
	var out []int
	for i, d := range j.shardDirs {
		if !shardComplete(d) {
			out = append(out, i)
		}
	}
	return out
}

// shardComplete says whether dir holds a shard that finished.
func shardComplete(dir string) bool {
	raw, err := userfile.ReadFile(filepath.Join(dir, "manifest.json"), "run file", maxManifestBytes)
	if err != nil {
		return false
	}
	var m struct {
		Complete   *bool           `json:"complete"`
		SweepShard json.RawMessage `json:"sweep_shard"`
		SensShard  json.RawMessage `json:"sensitivity_shard"`
	}
	if json.Unmarshal(raw, &m) != nil {
		return false
	}
	// A study's shard folder exists only once complete.
	return m.SweepShard != nil || m.SensShard != nil || (m.Complete != nil && *m.Complete)
}

// scripts are the job array's and the merge job's sbatch scripts.
func (j *slurmJob) scripts() (array, merge string) {
	q := shellQuote
	head := func(b *strings.Builder, name, log string) {
		fmt.Fprintf(b, "#!/bin/bash\n")
		fmt.Fprintf(b, "# Written by funnel slurm %s (docs/cluster.md).\n", j.o.command)
		fmt.Fprintf(b, "#SBATCH --job-name=%s\n", q(name))
		fmt.Fprintf(b, "#SBATCH --output=%s\n", q(log))
		fmt.Fprintf(b, "#SBATCH --chdir=%s\n", q(j.cwd))
		if j.o.partition != "" {
			fmt.Fprintf(b, "#SBATCH --partition=%s\n", q(j.o.partition))
		}
		if j.o.timeLimit != "" {
			fmt.Fprintf(b, "#SBATCH --time=%s\n", q(j.o.timeLimit))
		}
		for _, a := range j.o.sbatchArgs {
			fmt.Fprintf(b, "#SBATCH %s\n", a)
		}
	}
	var a strings.Builder
	head(&a, "funnel-"+j.o.command+"-"+j.scenario, filepath.Join(j.work, "logs", "shard-%a.log"))
	fmt.Fprintf(&a, "#SBATCH --array=%s\n", arraySpec(j.arrayIdx))
	fmt.Fprintf(&a, "#SBATCH --cpus-per-task=%d\n", j.o.cpus)
	fmt.Fprintf(&a, "set -eu\n")
	fmt.Fprintf(&a, "i=$SLURM_ARRAY_TASK_ID\n")
	fmt.Fprintf(&a, "dir=%s/$(printf %%04d \"$i\")\n", q(filepath.Join(j.work, "shards")))
	fmt.Fprintf(&a, "rm -rf \"$dir\" # what a failed attempt left\n")
	var cmd []string
	for _, s := range append([]string{j.exe, j.o.command}, j.o.args...) {
		cmd = append(cmd, q(s))
	}
	fmt.Fprintf(&a, "exec %s --shard \"$i/%d\" --workers %d --out \"$dir\" --quiet\n", strings.Join(cmd, " "), j.o.shards, j.o.cpus)

	var m strings.Builder
	head(&m, "funnel-merge-"+j.scenario, filepath.Join(j.work, "logs", "merge.log"))
	fmt.Fprintf(&m, "#SBATCH --cpus-per-task=%d\n", j.o.cpus)
	fmt.Fprintf(&m, "set -eu\n")
	fmt.Fprintf(&m, "exec %s merge --quiet --workers %d %s", q(j.exe), j.o.cpus, q(j.out))
	for _, d := range j.shardDirs {
		fmt.Fprintf(&m, " \\\n  %s", q(d))
	}
	fmt.Fprintf(&m, "\n")
	return a.String(), m.String()
}

// arraySpec is sbatch --array's value for the indexes: 0-3, or 1,4,7.
func arraySpec(idx []int) string {
	if len(idx) > 0 && idx[len(idx)-1]-idx[0] == len(idx)-1 {
		if len(idx) == 1 {
			return strconv.Itoa(idx[0])
		}
		return fmt.Sprintf("%d-%d", idx[0], idx[len(idx)-1])
	}
	s := make([]string, len(idx))
	for i, x := range idx {
		s[i] = strconv.Itoa(x)
	}
	return strings.Join(s, ",")
}

// printDryRun prints the scripts, the commands that would submit them
// and the estimate of a task.
func (j *slurmJob) printDryRun(stdout, stderr io.Writer) error {
	fmt.Fprintf(stdout, "# %s (job array: %d of %d shards to run)\n%s\n", filepath.Join(j.work, "array.sbatch"), len(j.arrayIdx), j.o.shards, j.arrayScript)
	fmt.Fprintf(stdout, "# %s\n%s\n", filepath.Join(j.work, "merge.sbatch"), j.mergeScript)
	fmt.Fprintf(stdout, "# would run:\n")
	if len(j.arrayIdx) > 0 {
		fmt.Fprintf(stdout, "sbatch --parsable %s\n", shellQuote(filepath.Join(j.work, "array.sbatch")))
		fmt.Fprintf(stdout, "sbatch --parsable --dependency=afterok:ARRAY_JOB_ID %s\n", shellQuote(filepath.Join(j.work, "merge.sbatch")))
	} else {
		fmt.Fprintf(stdout, "sbatch --parsable %s\n", shellQuote(filepath.Join(j.work, "merge.sbatch")))
	}
	if j.estimate != "" {
		fmt.Fprintf(stdout, "\n%s", j.estimate)
	}
	return nil
}

// slurmJobs is DIR.shards/jobs.json: the jobs last submitted.
type slurmJobs struct {
	Array     string    `json:"array,omitempty"`
	Merge     string    `json:"merge"`
	Shards    []int     `json:"shards"`
	Submitted time.Time `json:"submitted"`
}

// sbatch runs sbatch --parsable with args and returns the job id.
func sbatch(ctx context.Context, args ...string) (string, error) {
	cmd := exec.CommandContext(ctx, "sbatch", append([]string{"--parsable"}, args...)...)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	if err := cmd.Run(); err != nil {
		return "", fmt.Errorf("slurm: sbatch %s: %v: %s", strings.Join(args, " "), err, strings.TrimSpace(errb.String()))
	}
	id, _, _ := strings.Cut(strings.TrimSpace(out.String()), ";") // id;cluster
	if _, err := strconv.Atoi(id); err != nil {
		return "", fmt.Errorf("slurm: sbatch --parsable printed %q, expected a job id", out.String())
	}
	return id, nil
}

// submit writes the scripts into DIR.shards and submits the array of the
// missing shards, then the merge job depending on it.
func (j *slurmJob) submit(ctx context.Context, stdout io.Writer) error {
	if prev, err := j.readJobs(); err == nil {
		if live, err := squeueJobs(ctx); err == nil {
			for _, t := range live {
				if t.job == prev.Array || t.job == prev.Merge {
					return usageErr("slurm: jobs %s and %s of %s are still queued or running: wait for them ('funnel slurm ... --wait' or squeue), or scancel them, before submitting again",
						prev.Array, prev.Merge, j.out)
				}
			}
		}
	}
	for _, d := range []string{filepath.Join(j.work, "logs"), filepath.Join(j.work, "shards")} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			return fmt.Errorf("slurm: %w", err)
		}
	}
	for _, i := range j.arrayIdx {
		if err := os.RemoveAll(j.shardDirs[i]); err != nil { // an incomplete shard's folder
			return fmt.Errorf("slurm: %w", err)
		}
	}
	arrayPath, mergePath := filepath.Join(j.work, "array.sbatch"), filepath.Join(j.work, "merge.sbatch")
	if err := results.WriteFileAtomic(arrayPath, []byte(j.arrayScript), 0o755); err != nil {
		return fmt.Errorf("slurm: %w", err)
	}
	if err := results.WriteFileAtomic(mergePath, []byte(j.mergeScript), 0o755); err != nil {
		return fmt.Errorf("slurm: %w", err)
	}
	rec := slurmJobs{Shards: j.arrayIdx, Submitted: time.Now().UTC()}
	if rec.Shards == nil {
		rec.Shards = []int{}
	}
	var err error
	if len(j.arrayIdx) > 0 {
		if rec.Array, err = sbatch(ctx, arrayPath); err != nil {
			return err
		}
		if rec.Merge, err = sbatch(ctx, "--dependency=afterok:"+rec.Array, mergePath); err != nil {
			return fmt.Errorf("%w (the job array %s was submitted: scancel it)", err, rec.Array)
		}
		fmt.Fprintf(stdout, "submitted job array %s (%s of %d: %s) and merge job %s (after it); merged run: %s\n",
			rec.Array, plural(len(j.arrayIdx), "shard"), j.o.shards, arraySpec(j.arrayIdx), rec.Merge, j.out)
	} else {
		if rec.Merge, err = sbatch(ctx, mergePath); err != nil {
			return err
		}
		fmt.Fprintf(stdout, "every shard is complete; submitted merge job %s; merged run: %s\n", rec.Merge, j.out)
	}
	var b bytes.Buffer
	if err := results.WriteJSON(&b, rec); err != nil {
		return err
	}
	if err := results.WriteFileAtomic(filepath.Join(j.work, "jobs.json"), b.Bytes(), 0o644); err != nil {
		return fmt.Errorf("slurm: %w", err)
	}
	return nil
}

func (j *slurmJob) readJobs() (*slurmJobs, error) {
	raw, err := userfile.ReadFile(filepath.Join(j.work, "jobs.json"), "run file", maxManifestBytes)
	if err != nil {
		return nil, err
	}
	var r slurmJobs
	if err := json.Unmarshal(raw, &r); err != nil {
		return nil, err
	}
	return &r, nil
}

func isDir(p string) bool {
	st, err := os.Stat(p)
	return err == nil && st.IsDir()
}
