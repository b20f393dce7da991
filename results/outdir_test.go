package results

import (
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestOutDirCommit(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "a", "run")
	d, err := CreateOutDir(dir)
	require.NoError(t, err)
	require.NoDirExists(t, dir, "nothing under the final name before Commit")
	require.NoError(t, d.WriteFile("summary.json", []byte("{}")))
	f, err := d.Create("replications.csv")
	require.NoError(t, err)
	_, err = f.WriteString("x\n")
	require.NoError(t, err)
	require.NoError(t, CloseFile(f))
	got, err := d.Commit()
	require.NoError(t, err)
	require.Equal(t, dir, got)
	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	assert.Equal(t, []string{"replications.csv", "summary.json"}, names, "the marker is gone")
	left, err := os.ReadDir(filepath.Dir(dir))
	require.NoError(t, err)
	assert.Len(t, left, 1, "no temporary directory left")
	d.Abort() // a no-op after Commit
	assert.DirExists(t, dir)
}

// TestOutDirTakenMeanwhile: a name taken between CreateOutDir and Commit
// (two runs in the same second) is not replaced; the run goes to a fresh
// name and nothing is lost.
func TestOutDirTakenMeanwhile(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "run")
	d1, err := CreateOutDir(dir)
	require.NoError(t, err)
	d2, err := CreateOutDir(dir)
	require.NoError(t, err)
	require.NoError(t, d1.WriteFile("who", []byte("first")))
	require.NoError(t, d2.WriteFile("who", []byte("second")))
	got1, err := d1.Commit()
	require.NoError(t, err)
	got2, err := d2.Commit()
	require.NoError(t, err)
	assert.Equal(t, dir, got1)
	assert.Equal(t, dir+"-2", got2)
	b, _ := os.ReadFile(filepath.Join(got1, "who"))
	assert.Equal(t, "first", string(b))
	b, _ = os.ReadFile(filepath.Join(got2, "who"))
	assert.Equal(t, "second", string(b))

	// An empty directory created meanwhile is not replaced either.
	other := filepath.Join(t.TempDir(), "run")
	d3, err := CreateOutDir(other)
	require.NoError(t, err)
	require.NoError(t, os.Mkdir(other, 0o755))
	got3, err := d3.Commit()
	require.NoError(t, err)
	assert.Equal(t, other+"-2", got3)
}

// TestOutDirBadLocations: every location that cannot hold the results is
// refused by CreateOutDir, before any work.
func TestOutDirBadLocations(t *testing.T) {
	root := t.TempDir()
	file := filepath.Join(root, "file")
	require.NoError(t, os.WriteFile(file, []byte("x"), 0o644))
	dangling := filepath.Join(root, "dangling")
	require.NoError(t, os.Symlink(filepath.Join(root, "nowhere"), dangling))
	cases := map[string]struct{ dir, want string }{
		"exists":          {root, "already exists"},
		"below a file":    {filepath.Join(file, "run"), "cannot create its parent"},
		"dangling link":   {dangling, "already exists"},
		"name too long":   {filepath.Join(root, strings.Repeat("x", 300)), "bytes long"},
		"below file deep": {filepath.Join(file, "a", "b"), "cannot create its parent"},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			_, err := CreateOutDir(c.dir)
			require.Error(t, err)
			assert.Contains(t, err.Error(), c.want)
		})
	}
	t.Run("read-only parent", func(t *testing.T) {
		if os.Geteuid() == 0 || runtime.GOOS == "windows" {
			t.Skip("root (or Windows) can write in a read-only folder")
		}
		ro := filepath.Join(root, "ro")
		require.NoError(t, os.Mkdir(ro, 0o555))
		_, err := CreateOutDir(filepath.Join(ro, "run"))
		require.Error(t, err)
		assert.Contains(t, err.Error(), "cannot write in")
	})
}

// TestCleanStale: the temporary directory of a killed run is removed, that
// of a running process is left alone and not listed, and that of another
// host is listed and left alone.
func TestCleanStale(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("no process check on Windows")
	}
	parent := t.TempDir()
	host, _ := os.Hostname()
	cmd := exec.Command("true")
	require.NoError(t, cmd.Run())
	dead := cmd.ProcessState.Pid()
	mk := func(name, marker string) string {
		p := filepath.Join(parent, name)
		require.NoError(t, os.Mkdir(p, 0o700))
		require.NoError(t, os.WriteFile(filepath.Join(p, "summary.json"), []byte("{}"), 0o644))
		if marker != "" {
			require.NoError(t, os.WriteFile(filepath.Join(p, tmpMarker), []byte(marker), 0o644))
		}
		return p
	}
	killed := mk(".run.tmp-1", itoa(dead)+" "+host+" 2026-01-01T00:00:00Z\n")
	running := mk(".run2.tmp-2", itoa(os.Getpid())+" "+host+" 2026-01-01T00:00:00Z\n")
	elsewhere := mk(".run3.tmp-3", "12 some-other-host 2026-01-01T00:00:00Z\n")
	foreign := mk(".cache.tmp-4", "") // no marker: not ours
	got, err := CleanStale(parent)
	require.NoError(t, err)
	require.Len(t, got, 2)
	byPath := map[string]StaleDir{}
	for _, s := range got {
		byPath[s.Path] = s
	}
	assert.True(t, byPath[killed].Removed)
	assert.NoDirExists(t, killed)
	assert.False(t, byPath[elsewhere].Removed)
	assert.Contains(t, byPath[elsewhere].Reason, "some-other-host")
	assert.DirExists(t, elsewhere)
	assert.DirExists(t, running)
	assert.DirExists(t, foreign)
	none, err := CleanStale(filepath.Join(parent, "missing"))
	require.NoError(t, err)
	assert.Empty(t, none)
}

func itoa(n int) string { return string(appendInt(nil, n)) }

func appendInt(b []byte, n int) []byte {
	if n >= 10 {
		b = appendInt(b, n/10)
	}
	return append(b, byte('0'+n%10))
}
