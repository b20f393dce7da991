package sim

import (
	"math/rand/v2"
	"testing"
	"unsafe"

	"github.com/stretchr/testify/require"
)

// TestAheadNamesTheEventsToCome: with every event parked in buckets and
// none scheduled into the heap, Ahead(k) after a pop is the payload of the
// event popped k pops later, and ok is false past the run's end.
func TestAheadNamesTheEventsToCome(t *testing.T) {
	var q Queue[int]
	q.SetBucketWidth(1)
	r := rand.New(rand.NewPCG(5, 6))
	const n = 5000
	for i := 0; i < n; i++ {
		q.Schedule(1+9*r.Float64(), 0, i) // buckets 1 to 9: all parked
	}
	type look struct{ pop, k, ev int }
	var looks []look
	var order []int
	for pop := 0; ; pop++ {
		_, ev, ok := q.Pop()
		if !ok {
			break
		}
		order = append(order, ev)
		for _, k := range []int{0, 1, 8, 40} {
			a, ok := q.Ahead(k)
			if ok {
				looks = append(looks, look{pop, k, a})
			} else {
				looks = append(looks, look{pop, k, -1})
			}
		}
	}
	require.Len(t, order, n)
	past := 0
	for _, l := range looks {
		// Ahead(k) after pop p names the event popped at p+1+k, if that
		// event is in the same sorted run (the same bucket).
		if l.ev < 0 {
			past++
			continue
		}
		require.Equal(t, order[l.pop+1+l.k], l.ev, "pop %d, k %d", l.pop, l.k)
	}
	require.Positive(t, past, "Ahead past the end of a run must say so")
	require.Less(t, past, len(looks)/10)
}

// TestPrefetchRange: any address and length, aligned or not, and the end
// of an allocation, are prefetched without a fault.
func TestPrefetchRange(t *testing.T) {
	buf := make([]byte, 4096)
	for _, off := range []int{0, 1, 63, 64, 100} {
		for _, n := range []int{1, 2, 63, 64, 65, 216, 4096 - 100} {
			if off+n <= len(buf) {
				PrefetchRange(unsafe.Pointer(&buf[off]), uintptr(n))
			}
		}
	}
	var x struct{ a, b int64 }
	PrefetchRange(unsafe.Pointer(&x), unsafe.Sizeof(x))
	require.Zero(t, testing.AllocsPerRun(100, func() {
		PrefetchRange(unsafe.Pointer(&x), unsafe.Sizeof(x))
	}))
}
