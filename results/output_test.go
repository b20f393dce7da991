package results

import (
	"bytes"
	"errors"
	"math"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// entries returns the names in dir.
func entries(t *testing.T, dir string) []string {
	t.Helper()
	es, err := os.ReadDir(dir)
	require.NoError(t, err)
	var names []string
	for _, e := range es {
		names = append(names, e.Name())
	}
	return names
}

func TestWriteJSON(t *testing.T) {
	var buf bytes.Buffer
	v := map[string]any{"b": []int{1, 2}, "a": "<x & y>", "s": Summarize([]float64{2})}
	require.NoError(t, WriteJSON(&buf, v))
	assert.Equal(t, `{
  "a": "<x & y>",
  "b": [
    1,
    2
  ],
  "s": {
    "mean": 2,
    "sd": null,
    "ci95_low": null,
    "ci95_high": null,
    "p05": 2,
    "p50": 2,
    "p95": 2,
    "n": 1
  }
}
`, buf.String())

	buf.Reset()
	assert.Error(t, WriteJSON(&buf, math.NaN()), "a bare NaN cannot be encoded")
	assert.Zero(t, buf.Len(), "nothing is written on error")
}

func TestWriteDir(t *testing.T) {
	parent := t.TempDir()
	dir := filepath.Join(parent, "run-1")
	files := map[string][]byte{
		"summary.json":     []byte("{}\n"),
		"replications.csv": []byte("replication,policy,metric,value\n"),
		"empty":            nil,
	}
	require.NoError(t, WriteDir(dir, files))

	assert.Equal(t, []string{"run-1"}, entries(t, parent), "no temporary directory left")
	assert.ElementsMatch(t, []string{"summary.json", "replications.csv", "empty"}, entries(t, dir))
	for name, want := range files {
		got, err := os.ReadFile(filepath.Join(dir, name))
		require.NoError(t, err)
		assert.Equal(t, string(want), string(got), name)
	}
	if runtime.GOOS != "windows" {
		fi, err := os.Stat(dir)
		require.NoError(t, err)
		assert.Equal(t, os.FileMode(0o755), fi.Mode().Perm())
	}

	// A second run into the same directory fails and changes nothing.
	err := WriteDir(dir, map[string][]byte{"summary.json": []byte("new")})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "already exists")
	assert.Equal(t, []string{"run-1"}, entries(t, parent))
	got, err := os.ReadFile(filepath.Join(dir, "summary.json"))
	require.NoError(t, err)
	assert.Equal(t, "{}\n", string(got))

	// Even an empty existing directory is not replaced.
	emptyDir := filepath.Join(parent, "empty-run")
	require.NoError(t, os.Mkdir(emptyDir, 0o755))
	assert.Error(t, WriteDir(emptyDir, files))
	assert.Empty(t, entries(t, emptyDir))
}

func TestWriteDirCreatesParent(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "runs", "2024", "run")
	require.NoError(t, WriteDir(dir, map[string][]byte{"a": []byte("x")}))
	assert.Equal(t, []string{"a"}, entries(t, dir))
	assert.Equal(t, []string{"run"}, entries(t, filepath.Dir(dir)))
}

func TestWriteDirBadNames(t *testing.T) {
	bad := []string{"", ".", "..", "a/b", "../escape", "/abs", "sub/"}
	if filepath.Separator != '/' {
		bad = append(bad, `a\b`)
	}
	for _, name := range bad {
		t.Run(name, func(t *testing.T) {
			parent := t.TempDir()
			dir := filepath.Join(parent, "run")
			err := WriteDir(dir, map[string][]byte{"ok.json": []byte("{}"), name: []byte("x")})
			require.Error(t, err)
			assert.Contains(t, err.Error(), "bad output file name")
			assert.Empty(t, entries(t, parent), "nothing is created")
		})
	}
}

func TestWriteDirCleansUpOnFailure(t *testing.T) {
	parent := t.TempDir()
	dir := filepath.Join(parent, "run")
	// A valid name that the file system refuses (longer than NAME_MAX),
	// written after a good file: the partial temporary directory must go.
	long := strings.Repeat("x", 300)
	err := WriteDir(dir, map[string][]byte{"a.json": []byte("{}"), long: []byte("x")})
	require.Error(t, err)
	assert.Empty(t, entries(t, parent), "no temporary directory and no output directory")
	_, err = os.Stat(dir)
	assert.True(t, errors.Is(err, os.ErrNotExist))
}

func TestWriteFileAtomic(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "summary.json")

	require.NoError(t, WriteFileAtomic(path, []byte("first"), 0o644))
	got, err := os.ReadFile(path)
	require.NoError(t, err)
	assert.Equal(t, "first", string(got))

	require.NoError(t, WriteFileAtomic(path, []byte("second"), 0o600))
	got, err = os.ReadFile(path)
	require.NoError(t, err)
	assert.Equal(t, "second", string(got), "an existing file is replaced")
	assert.Equal(t, []string{"summary.json"}, entries(t, dir), "no temporary file left")
	if runtime.GOOS != "windows" {
		fi, err := os.Stat(path)
		require.NoError(t, err)
		assert.Equal(t, os.FileMode(0o600), fi.Mode().Perm())
	}

	// Failure: the target is a directory; the temporary file is removed.
	sub := filepath.Join(dir, "sub")
	require.NoError(t, os.Mkdir(sub, 0o755))
	require.NoError(t, os.WriteFile(filepath.Join(sub, "keep"), nil, 0o644))
	assert.Error(t, WriteFileAtomic(sub, []byte("x"), 0o644))
	assert.ElementsMatch(t, []string{"summary.json", "sub"}, entries(t, dir))

	// Failure: the directory does not exist.
	assert.Error(t, WriteFileAtomic(filepath.Join(dir, "missing", "f"), []byte("x"), 0o644))
}

func TestWriteFileAtomicRelative(t *testing.T) {
	t.Chdir(t.TempDir())
	require.NoError(t, WriteFileAtomic("plain.txt", []byte("x"), 0o644))
	assert.Equal(t, []string{"plain.txt"}, entries(t, "."))
}
