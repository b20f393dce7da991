package funnel

import (
	"fmt"
	"math"
	"math/rand/v2"

	"funnellab/scenarios"
)

// Random durations, compiled from the scenario (exponential, fixed or
// lognormal with a coefficient of variation) and sampled from a stream.

// sample draws a duration from the stream p (a prospect's, a rep's or a
// shared stream's PCG): the exponential without calls (expdraw.go).
func (s *Sim) sample(d duration, p *rand.PCG) float64 {
	switch d.kind {
	case durExp:
		return d.mean * s.exp(p)
	case durLognormal:
		return math.Exp(d.mu + d.sigma*s.use(p).NormFloat64())
	}
	return d.mean
}

// durKind is a compiled duration distribution.
type durKind uint8

const (
	durExp durKind = iota
	durFixed
	durLognormal
)

// duration is a compiled random duration in hours.
type duration struct {
	kind      durKind
	mean      float64
	mu, sigma float64 // of the log, for lognormal
}

func compileDuration(d scenarios.Duration) (duration, error) {
	switch d.Dist {
	case "exponential":
		return duration{kind: durExp, mean: d.Mean}, nil
	case "fixed":
		return duration{kind: durFixed, mean: d.Mean}, nil
	case "lognormal":
		s2 := math.Log1p(d.CV * d.CV)
		return duration{kind: durLognormal, mean: d.Mean, mu: math.Log(d.Mean) - s2/2, sigma: math.Sqrt(s2)}, nil
	}
	return duration{}, fmt.Errorf("unknown distribution %q", d.Dist)
}
