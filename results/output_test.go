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

func TestOutDirBadNames(t *testing.T) {
	bad := []string{"", ".", "..", "a/b", "../escape", "/abs", "sub/"}
	if filepath.Separator != '/' {
		bad = append(bad, `a\b`)
	}
	for _, name := range bad {
		t.Run(name, func(t *testing.T) {
			parent := t.TempDir()
			d, err := CreateOutDir(filepath.Join(parent, "run"))
			require.NoError(t, err)
			defer d.Abort()
			err = d.WriteFile(name, []byte("x"))
			require.Error(t, err)
			assert.Contains(t, err.Error(), "bad output file name")
			_, err = d.Create(name)
			require.Error(t, err)
		})
	}
}

// TestOutDirAbortCleansUp: a run that fails after writing some files
// leaves nothing: no temporary directory and no output directory.
func TestOutDirAbortCleansUp(t *testing.T) {
	parent := t.TempDir()
	dir := filepath.Join(parent, "run")
	d, err := CreateOutDir(dir)
	require.NoError(t, err)
	require.NoError(t, d.WriteFile("a.json", []byte("{}")))
	// A valid name that the file system refuses (longer than NAME_MAX).
	require.Error(t, d.WriteFile(strings.Repeat("x", 300), []byte("x")))
	d.Abort()
	assert.Empty(t, entries(t, parent), "no temporary directory and no output directory")
	_, err = os.Stat(dir)
	assert.True(t, errors.Is(err, os.ErrNotExist))
	_, err = d.Commit()
	assert.Error(t, err, "nothing to commit after Abort")
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
