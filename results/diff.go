package results

import (
	"encoding/json"
	"fmt"
	"math"
)

// Diff is the paired comparison of policy B with policy A on one metric,
// over replications that used common random numbers.
//
// In JSON the fields are named metric, a, b, mean_diff, ci95_low, ci95_high,
// rel_diff and n; a NaN or infinite statistic is written as null, and null
// is read back as NaN.
type Diff struct {
	// Metric, A and B name the metric and the two policies compared.
	Metric, A, B string
	// MeanDiff is the mean of the per-replication differences B - A.
	MeanDiff float64
	// CI95Low and CI95High bound its 95% confidence interval.
	CI95Low, CI95High float64
	// RelDiff is MeanDiff relative to the mean of A, NaN if that mean is 0.
	RelDiff float64
	// N is the number of paired replications.
	N int
}

// PairedDiff compares policy b with policy a on a metric from their values
// in the same replications: va[r] and vb[r] must come from replication r.
// It returns the mean and 95% confidence interval of the differences
// vb[r] - va[r], and an error if va and vb differ in length.
//
// With fewer than two replications the interval is NaN, and with none
// MeanDiff and RelDiff are NaN too.
func PairedDiff(metric, a, b string, va, vb []float64) (Diff, error) {
	if len(va) != len(vb) {
		return Diff{}, fmt.Errorf("results: paired difference of %q: policy %q has %d values, policy %q has %d",
			metric, a, len(va), b, len(vb))
	}
	nan := math.NaN()
	d := Diff{Metric: metric, A: a, B: b, MeanDiff: nan, CI95Low: nan, CI95High: nan, RelDiff: nan, N: len(va)}
	if len(va) == 0 {
		return d, nil
	}
	var diff, ma Moments
	for r := range va {
		diff.Add(vb[r] - va[r])
		ma.Add(va[r])
	}
	d.MeanDiff = diff.Mean
	d.CI95Low, d.CI95High = CI(diff, 0.95)
	if ma.Mean != 0 {
		d.RelDiff = diff.Mean / ma.Mean
	}
	return d, nil
}

// Significant reports whether the 95% confidence interval excludes zero. It
// is false if either end of the interval is NaN.
func (d Diff) Significant() bool {
	if math.IsNaN(d.CI95Low) || math.IsNaN(d.CI95High) {
		return false
	}
	return d.CI95Low > 0 || d.CI95High < 0
}

// diffJSON is the JSON form of Diff.
type diffJSON struct {
	Metric   string `json:"metric"`
	A        string `json:"a"`
	B        string `json:"b"`
	MeanDiff Float  `json:"mean_diff"`
	CI95Low  Float  `json:"ci95_low"`
	CI95High Float  `json:"ci95_high"`
	RelDiff  Float  `json:"rel_diff"`
	N        int    `json:"n"`
}

// MarshalJSON implements json.Marshaler, writing NaN and ±Inf as null.
func (d Diff) MarshalJSON() ([]byte, error) {
	return json.Marshal(diffJSON{
		Metric: d.Metric, A: d.A, B: d.B,
		MeanDiff: Float(d.MeanDiff),
		CI95Low:  Float(d.CI95Low), CI95High: Float(d.CI95High),
		RelDiff: Float(d.RelDiff),
		N:       d.N,
	})
}

// UnmarshalJSON implements json.Unmarshaler, reading null or a missing
// statistic as NaN.
func (d *Diff) UnmarshalJSON(data []byte) error {
	nan := Float(math.NaN())
	j := diffJSON{MeanDiff: nan, CI95Low: nan, CI95High: nan, RelDiff: nan}
	if err := json.Unmarshal(data, &j); err != nil {
		return err
	}
	*d = Diff{
		Metric: j.Metric, A: j.A, B: j.B,
		MeanDiff: float64(j.MeanDiff),
		CI95Low:  float64(j.CI95Low), CI95High: float64(j.CI95High),
		RelDiff: float64(j.RelDiff),
		N:       j.N,
	}
	return nil
}
