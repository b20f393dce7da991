package plots

import (
	"fmt"
	"math"
	"strconv"
)

// DelayBuckets are response-delay buckets by their upper edges in hours,
// shortest first: bucket k holds delays from edge k-1 (inclusive) to edge
// k (exclusive), the first starts at zero and the last, from the last edge
// up, is open. len(edges)+1 buckets. The engine's are funnel.DelayBuckets;
// the plots take them from the caller, with the rates.
type DelayBuckets []float64

// Labels names the buckets for an axis, shortest first: "< 5 min",
// "5–30 min", ..., "2–24 h", "> 24 h". A range is in minutes when its lower
// edge is below an hour, in hours otherwise. It returns an error if there
// is no edge or the edges are not finite, positive and increasing.
func (b DelayBuckets) Labels() ([]string, error) {
	if len(b) == 0 {
		return nil, fmt.Errorf("no delay bucket edges")
	}
	for k, e := range b {
		if math.IsNaN(e) || math.IsInf(e, 0) || e <= 0 || (k > 0 && e <= b[k-1]) {
			return nil, fmt.Errorf("delay bucket edges %v are not finite, positive and increasing", []float64(b))
		}
	}
	n := len(b)
	labels := make([]string, n+1)
	labels[0] = "< " + durationLabel(b[0])
	for k := 1; k < n; k++ {
		if lo, hi := b[k-1], b[k]; lo < 1 {
			labels[k] = shortNumber(60*lo) + "–" + shortNumber(60*hi) + " min"
		} else {
			labels[k] = shortNumber(lo) + "–" + shortNumber(hi) + " h"
		}
	}
	labels[n] = "> " + durationLabel(b[n-1])
	return labels, nil
}

// durationLabel writes a duration in hours, in minutes below an hour.
func durationLabel(h float64) string {
	if h < 1 {
		return shortNumber(60*h) + " min"
	}
	return shortNumber(h) + " h"
}

// shortNumber writes x to two decimals at most, without trailing zeros.
func shortNumber(x float64) string {
	return strconv.FormatFloat(math.Round(100*x)/100, 'f', -1, 64)
}
