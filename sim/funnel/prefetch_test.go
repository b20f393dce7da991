package funnel

import (
	"context"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestPrefetchSameResults runs the default company under every preset with
// prefetching forced on and off: a prefetch only moves data into the
// cache, so the results must be the same to the bit, and the stale or zero
// payloads Ahead may return must never index out of the table.
func TestPrefetchSameResults(t *testing.T) {
	s := loadDefault(t, 90, 180, 1)
	s.Policies = everyPreset()
	m, err := Compile(s)
	require.NoError(t, err)
	require.Less(t, m.NewSim().expected, float64(prefetchFrom), "the default company is below the prefetch threshold")
	for pi, p := range m.Policies {
		var rs [2]Result
		for k, on := range []bool{false, true} {
			sm := m.NewSim()
			sm.q.SetPrefetch(on)
			r, err := sm.Run(context.Background(), 1, pi)
			require.NoError(t, err)
			rs[k] = r
		}
		requireSameResult(t, rs[0], rs[1], p.Name())
	}
}

// TestMillionPrefetches: the default company over a year is below the
// threshold, and BenchmarkMillion's (its rates scaled up 52.6 times) above.
func TestMillionPrefetches(t *testing.T) {
	for _, scale := range []float64{1, 1e6 / 19000.0} {
		s := loadDefault(t, 365, 730, 1)
		for i := range s.Marketing.Channels {
			s.Marketing.Channels[i].RatePerHour *= scale
		}
		m, err := Compile(s)
		require.NoError(t, err)
		require.Equal(t, scale > 1, m.NewSim().q.Prefetching(), "scale %g", scale)
	}
}
