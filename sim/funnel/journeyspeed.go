package funnel

import (
	"fmt"
	"math"
	"sort"
)

// Time-varying journey speed (journey_speed_by_month). Every journey stage
// rate (deciding included) is multiplied by the factor of the month in
// force, months of 30.4 days from time 0 read in turn through the list and
// repeated. Within a stage the rate is then piecewise constant in time, and
// the transition is exact (a time change, not an approximation by the rate
// at the time the delay is drawn): the stage's unit hazard is consumed at
// rate b·f(t), where b is the rate without the factor (journeyRate), so the
// transition comes at the T with b·(F(T) − F(t)) equal to the remaining
// hazard, F being the integral of the factors (speedClock). A change of b
// (entering or leaving nurture) spends the hazard up to it, as without the
// factor. A scenario without the key, or with every factor 1, has no clock
// and keeps the plain formulas, so its results are unchanged bit for bit.
// The sales cycle and the signal rates do not follow the factor.

// monthH is the length of a month of journey_speed_by_month (as for a
// channel's seasonality), in hours.
const monthH = 30.4 * 24

// speedClock is the integral of the monthly factors.
type speedClock struct {
	f     []float64 // per month of the cycle
	cum   []float64 // cum[i]: integral over months 0..i-1 of the cycle, in hours
	cycle float64   // integral over a whole cycle
}

// compileSpeed returns the clock of the factors, or nil when there are
// none or they are all 1.
func compileSpeed(f []float64) (*speedClock, error) {
	neutral := true
	for i, x := range f {
		if !(x >= 0) || math.IsInf(x, 0) {
			return nil, fmt.Errorf("journey_speed_by_month.%d: got %g, expected a finite factor >= 0", i, x)
		}
		neutral = neutral && x == 1
	}
	if neutral {
		return nil, nil
	}
	c := &speedClock{f: append([]float64(nil), f...), cum: make([]float64, len(f)+1)}
	for i, x := range f {
		c.cum[i+1] = c.cum[i] + x*monthH
	}
	c.cycle = c.cum[len(f)]
	if !(c.cycle > 0) {
		return nil, fmt.Errorf("journey_speed_by_month: got factors summing to 0, expected at least one positive factor")
	}
	return c, nil
}

// meanFactor is the mean of the monthly factors over a cycle: a journey
// of h hours at speed 1 takes about h / meanFactor hours of wall time.
func (c *speedClock) meanFactor() float64 {
	return c.cycle / (float64(len(c.f)) * monthH)
}

// at is F(t), the integral of the factors from time 0 to t.
func (c *speedClock) at(t float64) float64 {
	n := math.Floor(t / monthH)
	L := float64(len(c.f))
	k := math.Floor(n / L)
	i := int(n - k*L)
	return k*c.cycle + c.cum[i] + c.f[i]*(t-n*monthH)
}

// inverse is the first time T with F(T) = x (x >= 0).
func (c *speedClock) inverse(x float64) float64 {
	L := len(c.f)
	k := math.Floor(x / c.cycle)
	rem := x - k*c.cycle
	i := sort.Search(L, func(j int) bool { return c.cum[j+1] > rem })
	if i == L { // rounding: rem is the whole cycle
		k++
		rem = 0
		i = sort.Search(L, func(j int) bool { return c.cum[j+1] > 0 })
	}
	return (k*float64(L)+float64(i))*monthH + (rem-c.cum[i])/c.f[i]
}

// journeyAt is when p's current stage ends if its rate stays as it is,
// its hazard having been last updated at p.jT.
func (s *Sim) journeyAt(p *prospect) float64 {
	c := s.m.speed
	if c == nil {
		return p.jT + p.jE/s.journeyRate(p)
	}
	return max(p.jT, c.inverse(c.at(p.jT)+p.jE/s.journeyRate(p)))
}

// spentHazard is the hazard p's stage has consumed from p.jT to t at its
// current rate.
func (s *Sim) spentHazard(t float64, p *prospect) float64 {
	c := s.m.speed
	if c == nil {
		return s.journeyRate(p) * (t - p.jT)
	}
	return s.journeyRate(p) * (c.at(t) - c.at(p.jT))
}
