package sysmem

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
)

// root is where /proc and /sys are read from; tests point it at fake files.
var root = "/"

// goos is the operating system Available assumes; tests change it.
var goos = runtime.GOOS

// ErrUnsupported is returned by Available where it cannot know (any
// system but Linux): the caller treats the memory available as unknown.
var ErrUnsupported = errors.New("sysmem: the memory available is known on Linux only")

// cgroupV1Unlimited: cgroup v1 writes "no limit" as a huge number (the
// largest page-aligned int64, 9223372036854771712); any limit at or above
// this is no limit.
const cgroupV1Unlimited = 1 << 62

// Available returns the memory this process may use, in bytes: the least
// of its cgroup v2 limit (memory.max of its cgroup, found from
// /proc/self/cgroup under /sys/fs/cgroup; "max" is no limit), its cgroup
// v1 limit (memory.limit_in_bytes of its memory cgroup) and the system's
// available memory (/proc/meminfo MemAvailable, or MemFree + Cached on
// kernels without it). source names where the figure came from, e.g.
// "cgroup v2 /sys/fs/cgroup/user.slice/memory.max" or "/proc/meminfo
// MemAvailable". It returns ErrUnsupported on systems other than Linux,
// and an error if none of the files can be read.
func Available() (bytes int64, source string, err error) {
	if goos != "linux" {
		return 0, "", ErrUnsupported
	}
	best, src := int64(math.MaxInt64), ""
	consider := func(v int64, from string) {
		if v > 0 && v < best {
			best, src = v, from
		}
	}
	var errs []error
	if v, from, err := meminfo(); err == nil {
		consider(v, from)
	} else {
		errs = append(errs, err)
	}
	v2, v1, err := cgroupPaths()
	if err != nil {
		errs = append(errs, err)
	}
	if v2 != "" {
		p := filepath.Join("/sys/fs/cgroup", v2, "memory.max")
		if v, ok, err := readLimit(p); err == nil && ok {
			consider(v, "cgroup v2 "+p)
		}
	}
	if v1 != "" {
		for _, dir := range []string{"/sys/fs/cgroup/memory", "/sys/fs/cgroup/memory,cpu", "/sys/fs/cgroup/cpu,memory"} {
			p := filepath.Join(dir, v1, "memory.limit_in_bytes")
			if v, ok, err := readLimit(p); err == nil && ok {
				consider(v, "cgroup v1 "+p)
				break
			}
		}
	}
	if src == "" {
		return 0, "", fmt.Errorf("sysmem: no memory figure found: %w", errors.Join(errs...))
	}
	return best, src, nil
}

// cgroupPaths reads /proc/self/cgroup: the process's cgroup v2 path (the
// "0::" line) and its cgroup v1 memory controller's path.
func cgroupPaths() (v2, v1 string, err error) {
	data, err := os.ReadFile(filepath.Join(root, "proc/self/cgroup"))
	if err != nil {
		return "", "", err
	}
	for _, line := range strings.Split(string(data), "\n") {
		parts := strings.SplitN(line, ":", 3)
		if len(parts) != 3 {
			continue
		}
		if parts[0] == "0" && parts[1] == "" {
			v2 = parts[2]
			continue
		}
		for _, c := range strings.Split(parts[1], ",") {
			if c == "memory" {
				v1 = parts[2]
			}
		}
	}
	return v2, v1, nil
}

// readLimit reads a cgroup memory limit file (a path under the real root):
// ok is false for no limit ("max", or cgroup v1's huge number).
func readLimit(path string) (v int64, ok bool, err error) {
	data, err := os.ReadFile(filepath.Join(root, path))
	if err != nil {
		return 0, false, err
	}
	s := strings.TrimSpace(string(data))
	if s == "max" {
		return 0, false, nil
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		return 0, false, fmt.Errorf("%s: %q is not a number of bytes", path, s)
	}
	if n >= cgroupV1Unlimited || n <= 0 {
		return 0, false, nil
	}
	return n, true, nil
}

// meminfo reads /proc/meminfo: MemAvailable, or MemFree + Cached.
func meminfo() (int64, string, error) {
	data, err := os.ReadFile(filepath.Join(root, "proc/meminfo"))
	if err != nil {
		return 0, "", err
	}
	fields := map[string]int64{}
	sc := bufio.NewScanner(bytes.NewReader(data))
	for sc.Scan() {
		name, rest, ok := strings.Cut(sc.Text(), ":")
		if !ok {
			continue
		}
		f := strings.Fields(rest)
		if len(f) == 0 {
			continue
		}
		n, err := strconv.ParseInt(f[0], 10, 64)
		if err != nil {
			continue
		}
		if len(f) > 1 && strings.EqualFold(f[1], "kB") {
			n *= 1024
		}
		fields[name] = n
	}
	if v, ok := fields["MemAvailable"]; ok {
		return v, "/proc/meminfo MemAvailable", nil
	}
	free, okF := fields["MemFree"]
	cached, okC := fields["Cached"]
	if okF && okC {
		return free + cached, "/proc/meminfo MemFree+Cached", nil
	}
	return 0, "", errors.New("/proc/meminfo: neither MemAvailable nor MemFree and Cached")
}
