package calibration

import (
	"fmt"
	"math"
)

// Comparisons of a target, as in a finding's compare key.
const (
	Within  = "within"
	AtLeast = "at_least"
	AtMost  = "at_most"
)

// Target is a published figure a calibration reaches for.
type Target struct {
	ID        string
	Published float64
	// Compare is Within, AtLeast or AtMost.
	Compare string
	// Low and High bound the band of simulated means that reproduce the
	// figure (−Inf or +Inf on the open side of a bound).
	Low, High float64
	// Scale is the unit of the residual: the band's half-width
	// tolerance·|published| for Within; for a bound the same tolerance
	// scale, or 0.1·|published| when the tolerance is 0; 1 if that is 0.
	Scale float64
	// Weight multiplies the target's squared residual in the loss.
	Weight float64
}

// NewTarget returns the target of a finding: its published value, its
// comparison and its relative tolerance (the band of findings.Bounds), with
// weight 1.
func NewTarget(id string, published float64, compare string, tolerance float64) (Target, error) {
	if math.IsNaN(published) || math.IsInf(published, 0) || !(tolerance >= 0) || math.IsInf(tolerance, 0) {
		return Target{}, fmt.Errorf("target %s: published %g and tolerance %g must be finite, tolerance ≥ 0", id, published, tolerance)
	}
	p, tol := published, tolerance
	t := Target{ID: id, Published: p, Compare: compare, Weight: 1, Scale: tol * math.Abs(p)}
	switch compare {
	case Within:
		t.Low, t.High = p-tol*math.Abs(p), p+tol*math.Abs(p)
	case AtLeast:
		t.Low, t.High = p*(1-tol), math.Inf(1)
	case AtMost:
		t.Low, t.High = math.Inf(-1), p*(1+tol)
	default:
		return Target{}, fmt.Errorf("target %s: compare %q: expected %s, %s or %s", id, compare, Within, AtLeast, AtMost)
	}
	if t.Scale == 0 {
		t.Scale = 0.1 * math.Abs(p)
	}
	if t.Scale == 0 {
		t.Scale = 1
	}
	return t, nil
}

// Residual is the target's residual at a simulated mean: (mean −
// published)/Scale for Within; for a bound, 0 inside the band and else the
// distance to the bound over Scale (negative below a lower bound). NaN if
// the mean is.
func (t Target) Residual(mean float64) float64 {
	switch t.Compare {
	case AtLeast:
		if mean < t.Low {
			return (mean - t.Low) / t.Scale
		}
		return 0 * mean // NaN stays NaN
	case AtMost:
		if mean > t.High {
			return (mean - t.High) / t.Scale
		}
		return 0 * mean
	}
	return (mean - t.Published) / t.Scale
}

// InBand reports whether a simulated mean reproduces the target.
func (t Target) InBand(mean float64) bool { return mean >= t.Low && mean <= t.High }

// Active reports whether the target constrains the keys locally at a
// simulated mean: a two-sided target always, a bound only outside its band
// (inside, its residual is 0 whatever small change of the keys).
func (t Target) Active(mean float64) bool { return t.Compare == Within || !t.InBand(mean) }

// Loss is Σ wᵢ·rᵢ² over the targets at the simulated means; +Inf if a mean
// is NaN or infinite (the target is undefined there).
func Loss(ts []Target, means []float64) float64 {
	l := 0.0
	for i, t := range ts {
		r := t.Residual(means[i])
		if math.IsNaN(r) || math.IsInf(r, 0) {
			return math.Inf(1)
		}
		l += t.Weight * r * r
	}
	return l
}

// Weights returns the diagonal of W at the simulated means: wᵢ/Scaleᵢ² for
// an active target, 0 for a bound inside its band.
func Weights(ts []Target, means []float64) []float64 {
	w := make([]float64, len(ts))
	for i, t := range ts {
		if t.Active(means[i]) {
			w[i] = t.Weight / (t.Scale * t.Scale)
		}
	}
	return w
}
