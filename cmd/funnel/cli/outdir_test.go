package cli

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"funnellab/sim/runner"
)

// TestInterruptedWhileWriting: a signal during the write phase (here, as
// the figures are about to be drawn) stops it: the folder is committed
// with the data files, manifest.json says "complete": false and names
// what it lacks, and the run exits 130; funnel plot then draws the rest.
func TestInterruptedWhileWriting(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	testHookWriting = func(file string) error {
		if file == "figures" {
			cancel()
		}
		return nil
	}
	t.Cleanup(func() { testHookWriting = nil })
	dir := filepath.Join(t.TempDir(), "run")
	code, _, stderr := call(t, ctx, append([]string{"run", "--reps", "3", "--out", dir}, small...)...)
	require.Equal(t, ExitInterrupted, code, stderr)
	require.Contains(t, stderr, "interrupted while writing the files")
	var man Manifest
	readJSON(t, filepath.Join(dir, "manifest.json"), &man)
	require.False(t, man.Complete)
	require.Equal(t, 3, man.Replications)
	require.Equal(t, []string{"figures", "report.html"}, man.Unwritten)
	for _, f := range []string{"summary.json", "replications.csv", "detail.csv", "scenario.yaml", "detail_bins.csv"} {
		require.FileExists(t, filepath.Join(dir, f))
	}
	require.NoFileExists(t, filepath.Join(dir, "revenue.png"))
	require.NoFileExists(t, filepath.Join(dir, spoolName))
	code, _, stderr = call(t, context.Background(), "plot", "--quiet", dir)
	require.Equal(t, ExitOK, code, stderr)
	require.FileExists(t, filepath.Join(dir, "revenue.png"))
	require.FileExists(t, filepath.Join(dir, "report.html"))

	// Interrupted before detail.csv: no detail.csv, no spool left.
	ctx, cancel = context.WithCancel(context.Background())
	defer cancel()
	testHookWriting = func(file string) error {
		if file == "detail.csv" {
			cancel()
		}
		return nil
	}
	dir = filepath.Join(t.TempDir(), "run")
	code, _, stderr = call(t, ctx, append([]string{"run", "--reps", "2", "--out", dir}, small...)...)
	require.Equal(t, ExitInterrupted, code, stderr)
	readJSON(t, filepath.Join(dir, "manifest.json"), &man)
	require.Equal(t, []string{"detail.csv", "figures", "report.html"}, man.Unwritten)
	require.FileExists(t, filepath.Join(dir, "replications.csv"))
	require.NoFileExists(t, filepath.Join(dir, "detail.csv"))
	require.NoFileExists(t, filepath.Join(dir, spoolName))

	// A step that fails (a figure that cannot be drawn) does not lose the
	// run either: exit 1, the folder keeps what was written.
	testHookWriting = func(file string) error {
		if file == "figures" {
			return errors.New("no font")
		}
		return nil
	}
	dir = filepath.Join(t.TempDir(), "run")
	code, _, stderr = call(t, context.Background(), append([]string{"run", "--reps", "2", "--out", dir}, small...)...)
	require.Equal(t, ExitFailure, code, stderr)
	require.Contains(t, stderr, "could not write figures: no font")
	readJSON(t, filepath.Join(dir, "manifest.json"), &man)
	require.False(t, man.Complete)
	require.Equal(t, []string{"figures", "report.html"}, man.Unwritten)
	require.FileExists(t, filepath.Join(dir, "detail.csv"))
}

// TestResultsStreamDuringTheRun: replications.csv grows in the temporary
// folder while the run runs, rather than being built at the end.
func TestResultsStreamDuringTheRun(t *testing.T) {
	base := t.TempDir()
	dir := filepath.Join(base, "run")
	var sizes []int64
	testHookProgress = func(p runner.Progress) {
		m, _ := filepath.Glob(filepath.Join(base, ".run.tmp-*", "replications.csv"))
		if len(m) == 1 {
			if fi, err := os.Stat(m[0]); err == nil {
				sizes = append(sizes, fi.Size())
			}
		}
	}
	t.Cleanup(func() { testHookProgress = nil })
	code, _, stderr := call(t, context.Background(), append([]string{"run", "--reps", "40", "--workers", "1", "--plots=false", "--out", dir}, small...)...)
	require.Equal(t, ExitOK, code, stderr)
	require.NotEmpty(t, sizes, "replications.csv is in the temporary folder during the run")
	require.Greater(t, sizes[len(sizes)-1], sizes[0], "and grows as replications complete")
	fi, err := os.Stat(filepath.Join(dir, "replications.csv"))
	require.NoError(t, err)
	require.Greater(t, fi.Size(), sizes[len(sizes)-1])
}

// TestBadOutputRefusedBeforeTheRun: an --out that cannot be written (below
// a regular file, at a dangling symbolic link, in a read-only folder) or
// a folder name too long is refused with exit 2 before any replication.
func TestBadOutputRefusedBeforeTheRun(t *testing.T) {
	root := t.TempDir()
	file := filepath.Join(root, "file")
	require.NoError(t, os.WriteFile(file, []byte("x"), 0o644))
	dangling := filepath.Join(root, "dangling")
	require.NoError(t, os.Symlink(filepath.Join(root, "nowhere"), dangling))
	outs := map[string]string{
		"below a file":  filepath.Join(file, "run"),
		"dangling link": dangling,
		"name too long": filepath.Join(root, strings.Repeat("n", 250)),
	}
	if os.Geteuid() != 0 {
		ro := filepath.Join(root, "ro")
		require.NoError(t, os.Mkdir(ro, 0o555))
		outs["read-only folder"] = filepath.Join(ro, "run")
	}
	ran := 0
	testHookProgress = func(runner.Progress) { ran++ }
	t.Cleanup(func() { testHookProgress = nil })
	for name, out := range outs {
		t.Run(name, func(t *testing.T) {
			code, _, stderr := call(t, context.Background(), append([]string{"run", "--reps", "2", "--out", out}, small...)...)
			require.Equal(t, ExitUsage, code, stderr)
			require.Contains(t, stderr, "choose another --out")
			require.Zero(t, ran, "refused before any replication")
		})
	}
}

// TestStaleTemporaryFolderRemoved: the temporary folder a killed run left
// is removed by the next run in the same parent folder, which says so.
func TestStaleTemporaryFolderRemoved(t *testing.T) {
	base := t.TempDir()
	cmd := exec.Command("true")
	require.NoError(t, cmd.Run())
	host, _ := os.Hostname()
	stale := filepath.Join(base, ".old.tmp-123")
	require.NoError(t, os.Mkdir(stale, 0o700))
	require.NoError(t, os.WriteFile(filepath.Join(stale, ".funnel-tmp"),
		[]byte(strconv.Itoa(cmd.ProcessState.Pid())+" "+host+" 2026-01-01T00:00:00Z\n"), 0o644))
	code, _, stderr := call(t, context.Background(), append([]string{"run", "--reps", "1", "--plots=false", "--out", filepath.Join(base, "new")}, small...)...)
	require.Equal(t, ExitOK, code, stderr)
	require.Contains(t, stderr, "removed the temporary folder of a killed run")
	require.NoDirExists(t, stale)
}

// TestDefaultOutDirUnique: two runs in the same second get different
// default folders.
func TestDefaultOutDirUnique(t *testing.T) {
	now := time.Now()
	seen := map[string]bool{}
	for range 20 {
		seen[defaultOutDir("default", now)] = true
	}
	require.Greater(t, len(seen), 15, "a random suffix")
	for d := range seen {
		require.True(t, strings.HasPrefix(d, filepath.Join("out", "default-"+now.UTC().Format("20060102T150405Z")+"-")), d)
	}
}

// TestRuntimeErrorIsNotBadInput: a panic in the simulation exits 1, with
// a message that says it is a bug, never 2 (bad input).
func TestRuntimeErrorIsNotBadInput(t *testing.T) {
	err := simFailure(&runner.PanicError{Rep: 2, Policy: 1, Value: "boom", Stack: []byte("stack")}, 2, "out/x")
	var buf strings.Builder
	code := exitCodeOf(err, &buf)
	require.Equal(t, ExitFailure, code)
	require.Contains(t, buf.String(), "bug in funnel")
	require.Contains(t, buf.String(), "wrote the 2 replications complete before it to out/x")
}
