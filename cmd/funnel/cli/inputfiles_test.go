package cli

import (
	"context"
	"os"
	"path/filepath"
	"runtime"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// callWithin is call, failing the test if the command does not return
// within a few seconds (it would block on a FIFO).
func callWithin(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	type res struct {
		code           int
		stdout, stderr string
	}
	done := make(chan res, 1)
	go func() {
		code, stdout, stderr := call(t, context.Background(), args...)
		done <- res{code, stdout, stderr}
	}()
	select {
	case r := <-done:
		return r.code, r.stdout, r.stderr
	case <-time.After(10 * time.Second):
		t.Fatalf("funnel %v did not return: it blocked on its input", args)
		return 0, "", ""
	}
}

func mkfifo(t *testing.T, path string) {
	t.Helper()
	if runtime.GOOS == "windows" {
		t.Skip("no named pipes in the file system")
	}
	require.NoError(t, syscall.Mkfifo(path, 0o600))
}

func TestRunRefusesFIFOScenario(t *testing.T) {
	path := filepath.Join(t.TempDir(), "pipe.yaml")
	mkfifo(t, path)
	for _, cmd := range []string{"run", "validate"} {
		code, _, stderr := callWithin(t, cmd, path)
		require.Equal(t, ExitUsage, code, stderr)
		require.Contains(t, stderr, "scenario file "+path+": got a named pipe (FIFO), expected a regular file of at most 16 MiB")
	}
}

func TestRunRefusesDevZero(t *testing.T) {
	if _, err := os.Stat("/dev/zero"); err != nil {
		t.Skip("no /dev/zero")
	}
	code, _, stderr := callWithin(t, "run", "/dev/zero")
	require.Equal(t, ExitUsage, code, stderr)
	require.Contains(t, stderr, "scenario file /dev/zero: got a character device, expected a regular file of at most 16 MiB (16777216 bytes)")
}

func TestRunRefusesScenarioOver16MiB(t *testing.T) {
	path := filepath.Join(t.TempDir(), "big.yaml")
	f, err := os.Create(path)
	require.NoError(t, err)
	require.NoError(t, f.Truncate(16<<20+1)) // sparse
	require.NoError(t, f.Close())
	code, _, stderr := callWithin(t, "run", path)
	require.Equal(t, ExitUsage, code, stderr)
	require.Contains(t, stderr, "scenario file "+path+": got 16777217 bytes, expected a regular file of at most 16 MiB")
}

func TestPlotRefusesFIFOInRunFolder(t *testing.T) {
	for _, name := range []string{"replications.csv", "manifest.json"} {
		t.Run(name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "run")
			code, _, stderr := call(t, context.Background(), append([]string{"run", "-q", "--reps", "2", "--plots=false", "--out", dir}, small...)...)
			require.Equal(t, ExitOK, code, stderr)
			path := filepath.Join(dir, name)
			require.NoError(t, os.Remove(path))
			mkfifo(t, path)
			code, _, stderr = callWithin(t, "plot", dir)
			require.Equal(t, ExitUsage, code, stderr)
			require.Contains(t, stderr, "run file "+path+": got a named pipe (FIFO), expected a regular file of at most")
		})
	}
}

func TestPlotRefusesOversizedRunFiles(t *testing.T) {
	for name, limit := range map[string]int64{"detail.csv": maxRunCSVBytes, "manifest.json": maxManifestBytes} {
		t.Run(name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "run")
			code, _, stderr := call(t, context.Background(), append([]string{"run", "-q", "--reps", "2", "--plots=false", "--out", dir}, small...)...)
			require.Equal(t, ExitOK, code, stderr)
			path := filepath.Join(dir, name)
			if err := os.Truncate(path, limit+1); err != nil { // sparse
				t.Skipf("cannot make a sparse file of %d bytes: %v", limit+1, err)
			}
			code, _, stderr = callWithin(t, "plot", dir)
			require.Equal(t, ExitUsage, code, stderr)
			require.Contains(t, stderr, "run file "+path+": got "+itoa(int(limit+1))+" bytes, expected a regular file of at most")
		})
	}
}
