package funnel

import (
	"testing"

	"github.com/stretchr/testify/require"
)

// TestTablePages: records keep their address as the table grows (nothing
// is copied), a page is added only when the last is full, and a reset
// keeps the pages for the next replication.
func TestTablePages(t *testing.T) {
	var tb table
	first := tb.at(tb.add())
	first.arrival = 42
	for i := 1; i < 3*pageLen+1; i++ {
		require.Equal(t, int32(i), tb.add())
		tb.at(int32(i)).arrival = float64(i)
	}
	require.Same(t, first, tb.at(0))
	require.Equal(t, 42.0, tb.at(0).arrival)
	require.Equal(t, float64(2*pageLen+5), tb.at(2*pageLen+5).arrival)
	require.Len(t, tb.pages, 4)
	require.Equal(t, int32(3*pageLen+1), tb.len())
	tb.reset()
	require.Zero(t, tb.len())
	require.Len(t, tb.pages, 4, "pages kept")
	require.Same(t, first, tb.at(tb.add()))
}
