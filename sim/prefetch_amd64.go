package sim

import "unsafe"

// PrefetchRange asks the processor to bring every cache line of [p, p+n)
// into its caches, without waiting for them; n must be positive
// (prefetch.go).
//
//go:noescape
func PrefetchRange(p unsafe.Pointer, n uintptr)
