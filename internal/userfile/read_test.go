package userfile

import (
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

func requireRefused(t *testing.T, err error, parts ...string) {
	t.Helper()
	var e *Error
	require.True(t, errors.As(err, &e), "got %v, want an *Error", err)
	for _, p := range parts {
		require.Contains(t, err.Error(), p)
	}
}

func TestReadFileRefusesFIFO(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("no named pipes in the file system")
	}
	path := filepath.Join(t.TempDir(), "pipe.yaml")
	require.NoError(t, syscall.Mkfifo(path, 0o600))
	done := make(chan error, 1)
	go func() { _, err := ReadFile(path, "scenario file", 1<<20); done <- err }()
	select {
	case err := <-done:
		requireRefused(t, err, "scenario file "+path, "a named pipe (FIFO)", "expected a regular file of at most 1 MiB")
	case <-time.After(5 * time.Second):
		t.Fatal("ReadFile blocked on a FIFO nobody writes to")
	}
}

func TestReadFileRefusesDevZero(t *testing.T) {
	if _, err := os.Stat("/dev/zero"); err != nil {
		t.Skip("no /dev/zero")
	}
	_, err := ReadFile("/dev/zero", "scenario file", 1<<20)
	requireRefused(t, err, "scenario file /dev/zero: got a character device, expected a regular file")
}

func TestReadFileRefusesDirectory(t *testing.T) {
	dir := t.TempDir()
	_, err := ReadFile(dir, "scenario file", 1<<20)
	requireRefused(t, err, "a directory")
}

func TestReadFileRefusesLargeFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "big.yaml")
	f, err := os.Create(path)
	require.NoError(t, err)
	require.NoError(t, f.Truncate(16<<20+1)) // sparse: no disk used
	require.NoError(t, f.Close())
	_, err = ReadFile(path, "scenario file", 16<<20)
	requireRefused(t, err, "scenario file "+path+": got 16777217 bytes, expected a regular file of at most 16 MiB (16777216 bytes)")

	data, err := ReadFile(path, "scenario file", 16<<20+1)
	require.NoError(t, err, "a file at the limit is read")
	require.Len(t, data, 16<<20+1)
}

// A file whose size says less than it holds (as files of /proc do) is
// still cut at the limit.
func TestReadFileBoundsWhatItReads(t *testing.T) {
	const path = "/proc/self/status"
	st, err := os.Stat(path)
	if err != nil || st.Size() != 0 {
		t.Skip("no /proc file that reports size 0")
	}
	_, err = ReadFile(path, "run file", 10)
	requireRefused(t, err, "got more than 10 bytes")
	data, err := ReadFile(path, "run file", 1<<20)
	require.NoError(t, err)
	require.True(t, strings.Contains(string(data), "Name:"))
}

func TestSize(t *testing.T) {
	require.Equal(t, "16 MiB (16777216 bytes)", Size(16<<20))
	require.Equal(t, "8 GiB (8589934592 bytes)", Size(8<<30))
	require.Equal(t, "1000 bytes", Size(1000))
}
