package funnel

import (
	"testing"

	"github.com/stretchr/testify/require"
)

// TestPushDoubles: push keeps every value in order and grows the buffer
// by doubling, so the copies it leaves behind add up to less than its
// final capacity.
func TestPushDoubles(t *testing.T) {
	var buf []float64
	left := 0 // capacity of the buffers left behind
	for i := range 100000 {
		if len(buf) == cap(buf) {
			left += cap(buf)
		}
		buf = push(buf, float64(i))
	}
	for i, v := range buf {
		require.Equal(t, float64(i), v)
	}
	require.Less(t, left, cap(buf), "copies left behind")
	require.Less(t, cap(buf), 2*len(buf)+1024)
}
