package report

import (
	"testing"

	"github.com/stretchr/testify/require"

	"funnellab/results"
)

// TestVerdictOnProfit: with a policy that brings more revenue and less
// profit, the verdict on revenue picks it and the verdict on profit picks
// the other; Verdict is VerdictOn revenue.
func TestVerdictOnProfit(t *testing.T) {
	tab := results.NewTable([]string{"waterfall", "objective", "bant"}, []string{"revenue", "profit"}, 4)
	for r := range 4 {
		x := float64(r)
		for p, v := range [3][2]float64{{100 + x, 50 + x}, {130 + 2*x, 40 + x}, {110 + x, 70 + 2*x}} {
			tab.Set(r, p, 0, v[0])
			tab.Set(r, p, 1, v[1])
		}
	}
	rep, err := tab.Report(nil, 7)
	require.NoError(t, err)
	rev, _, err := VerdictOn(rep, "", "revenue")
	require.NoError(t, err)
	same, _, err := Verdict(rep, "")
	require.NoError(t, err)
	require.Equal(t, rev, same)
	require.Contains(t, rev, "objective has the highest mean revenue")
	require.Equal(t, "objective", ComparedOn(rep, "waterfall", "revenue"))
	prof, _, err := VerdictOn(rep, "", "profit")
	require.NoError(t, err)
	require.Contains(t, prof, "bant has the highest mean profit")
	require.Contains(t, prof, "bant brings")
	require.Contains(t, prof, "more profit than waterfall")
	require.Equal(t, "bant", ComparedOn(rep, "waterfall", "profit"))
}
