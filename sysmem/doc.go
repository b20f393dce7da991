// Package sysmem tells how much memory this process may use and reads and
// writes memory sizes.
//
//	available.go  Available: the least of the cgroup limits (v2 memory.max,
//	              v1 memory.limit_in_bytes) and /proc/meminfo MemAvailable
//	size.go       ParseSize and FormatSize: "512MiB", "4G", "1.5GB" ↔ bytes
//
// Available works on Linux only; elsewhere it returns an error, which a
// caller treats as "unknown".
package sysmem
