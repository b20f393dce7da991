package funnel

import (
	"math"
	"slices"
	"testing"

	"funnellab/policies"

	"github.com/stretchr/testify/require"
)

// TestQuantileNearestRank: quantile is the value of rank ⌈q·n⌉, whatever
// the input order; the 0.5-quantile of an odd count is the median.
// quantile is the q-quantile of medianQuantile.
func quantile(xs []float64, q float64) float64 {
	_, v := medianQuantile(xs, q)
	return v
}

func TestQuantileNearestRank(t *testing.T) {
	for _, tc := range []struct {
		in   []float64
		q    float64
		want float64
	}{
		{[]float64{3}, 0.9, 3},
		{[]float64{10, 1, 9, 2, 8, 3, 7, 4, 6, 5}, 0.9, 9},   // rank 9 of 10
		{[]float64{10, 1, 9, 2, 8, 3, 7, 4, 6, 5}, 0.95, 10}, // rank 10
		{[]float64{10, 1, 9, 2, 8, 3, 7, 4, 6, 5}, 0.1, 1},
		{[]float64{5, 4, 3, 2, 1}, 0.5, 3},
	} {
		require.Equal(t, tc.want, quantile(slices.Clone(tc.in), tc.q), "%v q=%v", tc.in, tc.q)
	}
	// 30 values: 0.9·30 = 27 exactly, so rank 27, not 28.
	var xs []float64
	for i := range 30 {
		xs = append(xs, float64(30-i))
	}
	require.Equal(t, 27.0, quantile(xs, 0.9))
	require.True(t, math.IsNaN(quantile(nil, 0.9)))
}

// TestResponseFromInquiry: the response from inquiry is measured from the
// inquiry to each counted prospect's first call attempt, once per
// prospect. On the waterfall (no cell: every attempt is a rep's) it equals
// the median and p90 recomputed from the reps' calls, and exceeds the
// response from the hand-off (the MQL moment comes after the inquiry);
// under direct, which hands every inquiry over once, at its arrival, the
// two coincide.
func TestResponseFromInquiry(t *testing.T) {
	s := withPolicies(t, policies.Entry("waterfall", "waterfall"), policies.Entry("direct", "direct"))
	type key struct {
		arrival float64
		channel uint8
	}
	for pol, name := range []string{"waterfall", "direct"} {
		seen := map[key]bool{}
		var got []float64
		res := runHooked(t, s, pol, 1, &hooks{call: func(tm float64, p *prospect) {
			k := key{p.arrival, p.channel}
			if p.flags&fCounted == 0 || seen[k] {
				return
			}
			seen[k] = true
			got = append(got, tm-p.arrival)
		}})[0].Metrics
		require.NotEmpty(t, got, name)
		med, p90 := medianQuantile(slices.Clone(got), 0.9)
		require.InDelta(t, med, res[ResponseFromInquiryMedianH], 1e-9, "%s: response_from_inquiry_median_h", name)
		require.InDelta(t, p90, res[ResponseFromInquiryP90H], 1e-9, "%s: response_from_inquiry_p90_h", name)
		require.GreaterOrEqual(t, res[ResponseFromInquiryP90H], res[ResponseFromInquiryMedianH], name)
		require.GreaterOrEqual(t, res[ResponseFromHandoffP90H], res[ResponseFromHandoffMedianH], name)
		t.Logf("%s: from inquiry median %.2f h p90 %.1f h; from hand-off median %.2f h p90 %.1f h", name,
			res[ResponseFromInquiryMedianH], res[ResponseFromInquiryP90H], res[ResponseFromHandoffMedianH], res[ResponseFromHandoffP90H])
		if name == "direct" {
			require.Equal(t, res[ResponseFromHandoffMedianH], res[ResponseFromInquiryMedianH], "direct: the hand-off is the inquiry")
			require.Equal(t, res[ResponseFromHandoffP90H], res[ResponseFromInquiryP90H], "direct: the hand-off is the inquiry")
			continue
		}
		require.Greater(t, res[ResponseFromInquiryMedianH], 2*res[ResponseFromHandoffMedianH], "waterfall: the MQL comes after the inquiry")
	}
}
