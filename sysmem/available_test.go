package sysmem

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// fakeRoot writes files (path relative to the root → contents) under a
// temporary root and points Available at it for the test.
func fakeRoot(t *testing.T, files map[string]string) {
	t.Helper()
	dir := t.TempDir()
	for p, c := range files {
		full := filepath.Join(dir, p)
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(full, []byte(c), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	oldRoot, oldOS := root, goos
	root, goos = dir, "linux"
	t.Cleanup(func() { root, goos = oldRoot, oldOS })
}

const meminfo8G = "MemTotal:       16000000 kB\nMemFree:         1000000 kB\nMemAvailable:    8388608 kB\nCached:          2000000 kB\n"

func TestAvailable(t *testing.T) {
	cases := []struct {
		name   string
		files  map[string]string
		want   int64
		source string
	}{
		{"meminfo only", map[string]string{"proc/meminfo": meminfo8G, "proc/self/cgroup": "0::/\n"},
			8 << 30, "/proc/meminfo MemAvailable"},
		{"meminfo without MemAvailable", map[string]string{"proc/meminfo": "MemFree: 1024 kB\nCached: 1024 kB\n"},
			2 << 20, "/proc/meminfo MemFree+Cached"},
		{"cgroup v2 limit below", map[string]string{"proc/meminfo": meminfo8G, "proc/self/cgroup": "0::/user.slice/job\n",
			"sys/fs/cgroup/user.slice/job/memory.max": "2147483648\n"},
			2 << 30, "cgroup v2 /sys/fs/cgroup/user.slice/job/memory.max"},
		{"cgroup v2 max", map[string]string{"proc/meminfo": meminfo8G, "proc/self/cgroup": "0::/job\n",
			"sys/fs/cgroup/job/memory.max": "max\n"},
			8 << 30, "/proc/meminfo MemAvailable"},
		{"cgroup v2 limit above", map[string]string{"proc/meminfo": meminfo8G, "proc/self/cgroup": "0::/job\n",
			"sys/fs/cgroup/job/memory.max": "17179869184\n"},
			8 << 30, "/proc/meminfo MemAvailable"},
		{"cgroup v1 limit", map[string]string{"proc/meminfo": meminfo8G, "proc/self/cgroup": "5:cpu:/\n4:memory:/docker/abc\n0::/\n",
			"sys/fs/cgroup/memory/docker/abc/memory.limit_in_bytes": "1073741824\n"},
			1 << 30, "cgroup v1 /sys/fs/cgroup/memory/docker/abc/memory.limit_in_bytes"},
		{"cgroup v1 unlimited", map[string]string{"proc/meminfo": meminfo8G, "proc/self/cgroup": "4:memory:/x\n",
			"sys/fs/cgroup/memory/x/memory.limit_in_bytes": "9223372036854771712\n"},
			8 << 30, "/proc/meminfo MemAvailable"},
		{"v1 and v2, the least", map[string]string{"proc/meminfo": meminfo8G, "proc/self/cgroup": "4:memory:/x\n0::/y\n",
			"sys/fs/cgroup/memory/x/memory.limit_in_bytes": "3221225472\n", "sys/fs/cgroup/y/memory.max": "4294967296\n"},
			3 << 30, "cgroup v1 /sys/fs/cgroup/memory/x/memory.limit_in_bytes"},
		{"cgroup only", map[string]string{"proc/self/cgroup": "0::/\n", "sys/fs/cgroup/memory.max": "1048576\n"},
			1 << 20, "cgroup v2 /sys/fs/cgroup/memory.max"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			fakeRoot(t, c.files)
			got, src, err := Available()
			if err != nil {
				t.Fatal(err)
			}
			if got != c.want || src != c.source {
				t.Fatalf("Available() = %d, %q; want %d, %q", got, src, c.want, c.source)
			}
		})
	}
}

func TestAvailableErrors(t *testing.T) {
	fakeRoot(t, map[string]string{})
	if _, _, err := Available(); err == nil {
		t.Fatal("no files: want an error")
	}
	fakeRoot(t, map[string]string{"proc/meminfo": "MemTotal: 5 kB\n"})
	if _, _, err := Available(); err == nil || !strings.Contains(err.Error(), "MemAvailable") {
		t.Fatalf("meminfo without the fields: got %v", err)
	}
	goos = "darwin"
	if _, _, err := Available(); !errors.Is(err, ErrUnsupported) {
		t.Fatalf("darwin: got %v, want ErrUnsupported", err)
	}
}
