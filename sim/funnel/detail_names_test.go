package funnel

import (
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestDelayBinNamesCarryEdges: each speed-to-lead bin's name in detail.csv
// says its lower edge, which reads back as DelayBinEdges to three
// significant digits, and the names are unique and in order.
func TestDelayBinNamesCarryEdges(t *testing.T) {
	seen := map[string]bool{}
	for b := range NumDelayBins {
		name := DelayBinMetric(b)
		require.False(t, seen[name], name)
		seen[name] = true
		require.True(t, strings.HasPrefix(name, "delay_bin_"+strconv.Itoa(b/10)+strconv.Itoa(b%10)+"_from_"), name)
		label := name[strings.LastIndex(name, "_")+1:]
		scale := map[string]float64{"min": 1.0 / 60, "h": 1, "d": 24}
		var unit string
		for u := range scale {
			if strings.HasSuffix(label, u) && (unit == "" || len(u) > len(unit)) {
				unit = u
			}
		}
		require.NotEmpty(t, unit, name)
		v, err := strconv.ParseFloat(strings.TrimSuffix(label, unit), 64)
		require.NoError(t, err, name)
		got, want := v*scale[unit], DelayBinEdges[b]
		if want == 0 {
			require.Zero(t, got, name)
			continue
		}
		require.InEpsilon(t, want, got, 0.005, name)
	}
}
