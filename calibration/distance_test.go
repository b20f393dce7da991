package calibration

import (
	"math"
	"math/rand/v2"
	"testing"
)

// uniformQuantiles are the quantiles of U(a, b) at ps.
func uniformQuantiles(a, b float64, ps []float64) Quantiles {
	q := Quantiles{P: ps}
	for _, p := range ps {
		q.Q = append(q.Q, a+p*(b-a))
	}
	return q
}

func TestWasserstein1KnownAnswers(t *testing.T) {
	ps := []float64{0.1, 0.25, 0.5, 0.75, 0.9}
	r := rand.New(rand.NewPCG(1, 2))
	sample := make([]float64, 200000)
	for i := range sample {
		sample[i] = r.Float64() * 10 // U(0, 10)
	}
	if d := Wasserstein1(uniformQuantiles(0, 10, ps), sample); d > 0.05 {
		t.Errorf("W1 of a distribution and a large sample of it: %g, want about 0", d)
	}
	// A shift of 3 is a distance of 3.
	if d := Wasserstein1(uniformQuantiles(3, 13, ps), sample); math.Abs(d-3) > 0.05 {
		t.Errorf("W1 of U(3,13) and U(0,10): %g, want 3", d)
	}
	// Twice as spread, over p in [0.1, 0.9]: mean |10p − 20p| = 10 × 0.5 = 5.
	if d := Wasserstein1(uniformQuantiles(0, 20, ps), sample); math.Abs(d-5) > 0.05 {
		t.Errorf("W1 of U(0,20) and U(0,10) over [0.1, 0.9]: %g, want 5", d)
	}
	if d := Wasserstein1(uniformQuantiles(0, 1, ps), nil); !math.IsNaN(d) {
		t.Errorf("empty sample: %g, want NaN", d)
	}
	if d := Wasserstein1(Quantiles{P: []float64{0.5, 0.2}, Q: []float64{1, 2}}, sample); !math.IsNaN(d) {
		t.Errorf("decreasing probabilities: %g, want NaN", d)
	}
}

func TestKSKnownAnswers(t *testing.T) {
	ps := []float64{0.1, 0.25, 0.5, 0.75, 0.9}
	sample := make([]float64, 1000)
	for i := range sample {
		sample[i] = (float64(i) + 0.5) / 100 // U(0, 10), evenly
	}
	if d := KS(uniformQuantiles(0, 10, ps), sample); d > 0.002 {
		t.Errorf("KS of a distribution and its own sample: %g, want 0", d)
	}
	// Against U(0, 20) the sample is below every quantile by p: at p =
	// 0.5 the target's median 10 has the whole sample below: |1 − 0.5|.
	if d := KS(uniformQuantiles(0, 20, ps), sample); math.Abs(d-0.5) > 0.002 {
		t.Errorf("KS of U(0,20) against U(0,10): %g, want 0.5", d)
	}
}
