//go:build !amd64

package sim

import "unsafe"

// PrefetchRange does nothing on this architecture (prefetch.go).
func PrefetchRange(p unsafe.Pointer, n uintptr) {}
