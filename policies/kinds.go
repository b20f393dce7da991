package policies

import (
	"fmt"

	"funnellab/scenarios"
)

// direct hands every inquiry to sales the moment it arrives, once.
type direct struct{ *base }

func (d direct) HandOff(l Lead, _ Signal) bool { return l.Inquiry && l.HandOffs == 0 }

// waterfall hands a lead over when its score reaches the MQL threshold;
// by default the rep judges it (SAL) and may reject it (SRL).
type waterfall struct {
	*base
	threshold float64
}

func (w waterfall) HandOff(l Lead, _ Signal) bool { return l.Score >= w.threshold }

// objective hands a lead over only on a hand-raise that reveals a
// recognised objective (level >= min_level); reps have no veto.
type objective struct {
	*base
	minLevel float64
}

func (o objective) HandOff(l Lead, s Signal) bool { return s == HandRaise && l.Level >= o.minLevel }

func init() {
	register("direct", kindDefaults{routing: Pooled, veto: false, priority: OwnFirst, attempts: 1, onReject: Drop},
		func(p scenarios.Policy, b *base) (Policy, error) {
			b.measured = "inquiries"
			return direct{b}, nil
		})
	register("waterfall", kindDefaults{routing: RoundRobin, veto: true, priority: OwnFirst, attempts: 2, onReject: Nurture},
		func(p scenarios.Policy, b *base) (Policy, error) {
			b.measured = "mqls"
			b.rules.ScoreGate = true
			return waterfall{base: b}, nil
		})
	register("objective", kindDefaults{routing: RoundRobin, veto: false, priority: LeadsFirst, attempts: 6, onReject: Nurture},
		func(p scenarios.Policy, b *base) (Policy, error) {
			if p.MinLevel < 0 || p.MinLevel > 3 {
				return nil, fmt.Errorf("policy %q: min_level %g out of [0,3]", p.Name, p.MinLevel)
			}
			b.measured = "opportunities"
			return objective{base: b, minLevel: p.MinLevel}, nil
		})
}

// NewWithScoring builds a policy and gives the score-based kinds the
// scenario's MQL threshold.
func NewWithScoring(p scenarios.Policy, mqlThreshold float64) (Policy, error) {
	pol, err := New(p)
	if err != nil {
		return nil, err
	}
	if w, ok := pol.(waterfall); ok {
		w.threshold = mqlThreshold
		return w, nil
	}
	return pol, nil
}
