package results

import (
	"encoding/json"
	"math"
	"slices"
)

// Summary describes one metric of one policy over the replications of a run.
//
// In JSON the fields are named mean, sd, ci95_low, ci95_high, p05, p50, p95
// and n; a NaN or infinite statistic is written as null, and null (or a
// missing field) is read back as NaN.
type Summary struct {
	// Mean and SD are the sample mean and standard deviation.
	Mean, SD float64
	// CI95Low and CI95High bound the 95% confidence interval for the mean.
	CI95Low, CI95High float64
	// P05, P50 and P95 are the 5th, 50th and 95th percentiles by Hyndman
	// and Fan's definition 7 (see the package documentation); P50 is the
	// conventional sample median.
	P05, P50, P95 float64
	// N is the number of values summarized.
	N int
}

// Summarize returns the summary of values, which it does not modify.
//
// For an empty slice every statistic is NaN and N is 0. For a single value
// SD and the interval are NaN, and the mean and percentiles are the value. If
// values holds a NaN every statistic is NaN; remove undefined replications
// first if that is not wanted.
func Summarize(values []float64) Summary {
	nan := math.NaN()
	s := Summary{
		Mean: nan, SD: nan, CI95Low: nan, CI95High: nan,
		P05: nan, P50: nan, P95: nan,
		N: len(values),
	}
	if len(values) == 0 {
		return s
	}
	var m Moments
	for _, v := range values {
		m.Add(v)
	}
	s.Mean, s.SD = m.Mean, m.SD()
	s.CI95Low, s.CI95High = CI(m, 0.95)
	if math.IsNaN(m.Mean) {
		return s // stat.Quantile would return NaN too; skip the sort.
	}
	sorted := slices.Clone(values)
	slices.Sort(sorted)
	s.P05 = quantile7(sorted, 0.05)
	s.P50 = quantile7(sorted, 0.50)
	s.P95 = quantile7(sorted, 0.95)
	return s
}

// quantile7 is the p quantile of sorted values by Hyndman and Fan's
// definition 7 (the default of R and NumPy): linear interpolation between
// the order statistics at h = (n-1)p. gonum's stat.Quantile offers only
// definitions 1 and 4, whose median of 1..5 is not 3.
func quantile7(sorted []float64, p float64) float64 {
	h := float64(len(sorted)-1) * p
	i := int(math.Floor(h))
	if i >= len(sorted)-1 {
		return sorted[len(sorted)-1]
	}
	return sorted[i] + (h-float64(i))*(sorted[i+1]-sorted[i])
}

// summaryJSON is the JSON form of Summary.
type summaryJSON struct {
	Mean     Float `json:"mean"`
	SD       Float `json:"sd"`
	CI95Low  Float `json:"ci95_low"`
	CI95High Float `json:"ci95_high"`
	P05      Float `json:"p05"`
	P50      Float `json:"p50"`
	P95      Float `json:"p95"`
	N        int   `json:"n"`
}

// MarshalJSON implements json.Marshaler, writing NaN and ±Inf as null.
func (s Summary) MarshalJSON() ([]byte, error) {
	return json.Marshal(summaryJSON{
		Mean: Float(s.Mean), SD: Float(s.SD),
		CI95Low: Float(s.CI95Low), CI95High: Float(s.CI95High),
		P05: Float(s.P05), P50: Float(s.P50), P95: Float(s.P95),
		N: s.N,
	})
}

// UnmarshalJSON implements json.Unmarshaler, reading null or a missing
// statistic as NaN.
func (s *Summary) UnmarshalJSON(data []byte) error {
	nan := Float(math.NaN())
	j := summaryJSON{Mean: nan, SD: nan, CI95Low: nan, CI95High: nan, P05: nan, P50: nan, P95: nan}
	if err := json.Unmarshal(data, &j); err != nil {
		return err
	}
	*s = Summary{
		Mean: float64(j.Mean), SD: float64(j.SD),
		CI95Low: float64(j.CI95Low), CI95High: float64(j.CI95High),
		P05: float64(j.P05), P50: float64(j.P50), P95: float64(j.P95),
		N: j.N,
	}
	return nil
}
