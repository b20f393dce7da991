package funnel

import (
	"math"

	"funnellab/sim/rng"
)

// Marketing's learning ([reconcile-2017] in docs/sources.md), under
// policies with a learning rate. Reps review every lead handed to them: they give a reason each time they
// reject one or disqualify it on a call (so does the cell), off-target
// (the prospect cannot buy, or its account does not fit) or another (no
// budget, not interested, ...). The reviews of the first period are the
// "first sample of leads reviewed by reps". Every learning.period_days,
// until the end of the observation, marketing reviews the period: its
// off-target share is the off-target reasons over the hand-offs to sales
// in the period, and
//
//   - the MQL threshold moves by rate × step_points × (off-target share −
//     target_off_target), kept between 0 and max_threshold: more
//     off-target leads, a higher bar;
//   - each channel keeps a weight, the share of its base spend marketing
//     still buys (from min_channel_weight to 1): a channel whose hand-offs
//     were off-target more often than the period's average loses
//     rate × (its share − the average) of its weight, one below the
//     average regains as much.
//
// The reasons are those the reps believe (reasons.go: exact at
// sales.reason_accuracy 1). With learning.kpi_weight above 0 the review
// also chases the KPI the policy is measured on (incentives.go).
//
// A channel's weight thins its inquiries: each arrival has a uniform of
// its own (hashed from the seed, the replication and the arrival's number,
// the same under every policy) and happens only if it is below the
// channel's weight. An arrival that does not happen still makes its shared
// draws, so the other prospects are the same as under every other policy.

// learning is marketing's learning state.
type learning struct {
	learn      bool
	threshold  float64   // MQL threshold in force
	weights    []float64 // per channel: share of its base spend kept
	nextReview float64   // +Inf without learning
	reasons    []reasonCount
	kpiOn      bool     // learning chases the KPI too (learning.kpi_weight > 0; incentives.go)
	kpi        kpi      // the KPI marketing is measured on
	scratch    prospect // thinned arrivals draw their profile here
}

// reasonCount counts, per channel, the hand-offs to sales of the current
// review period and the off-target reasons reps gave; with a KPI weight,
// also the period's inquiries and its KPI (incentives.go).
type reasonCount struct {
	offTarget, all int
	inquiries      int
	kpi            float64
}

// resetLearning sets the threshold and weights at the start of a run.
func (s *Sim) resetLearning() {
	m := s.m
	l := s.r.Learning
	s.learn = l.Rate > 0
	s.threshold = m.mqlThreshold
	s.weights = s.weights[:0]
	s.reasons = s.reasons[:0]
	for range m.channels {
		s.weights = append(s.weights, 1)
		s.reasons = append(s.reasons, reasonCount{})
	}
	s.nextReview = math.Inf(1)
	if s.learn && l.PeriodHours < s.reviewEnd() {
		s.nextReview = l.PeriodHours
	} else {
		s.learn = false
	}
	s.resetKPI()
}

// noteReason records the reason a rep (or the cell) gives for a lead it
// rejects or disqualifies: the one it believes (reasons.go; at
// sales.reason_accuracy 1, the truth), in this order: competitor (a
// competitor watching), off-target (a student, bad contact data, or an
// account that does not fit), no budget (none yet), not interested (the
// rest: too early, or not receptive). Learning uses the off-target ones
// (competitors included: they are off-target too).
func (s *Sim) noteReason(p *prospect) {
	r := s.giveReason(p)
	if s.learn && r.offTarget() && p.flags&fOutbound == 0 { // not marketing's (outbound.go)
		s.reasons[p.channel].offTarget++
	}
	if p.flags&fCounted == 0 {
		return
	}
	switch r {
	case reasonCompetitor:
		s.res.Metrics[ReasonsCompetitor]++
	case reasonOffTarget:
		s.res.Metrics[ReasonsOffTarget]++
	case reasonNoBudget:
		s.res.Metrics[ReasonsNoBudget]++
	default:
		s.res.Metrics[ReasonsNotInterested]++
	}
}

// noteHandOff counts a lead reviewed in the period: a hand-off to sales,
// or a lead passed to the cell (counted once, not again when the cell
// hands it over).
func (s *Sim) noteHandOff(p *prospect) {
	if s.learn {
		s.reasons[p.channel].all++
	}
}

// review applies a period's reasons (and, with a KPI weight, the KPI
// marketing is measured on: incentives.go) to the threshold and the
// channel mix.
func (s *Sim) review(t float64) {
	l := s.r.Learning
	if s.kpiOn {
		s.reviewKPI()
	} else {
		var off, all int
		for _, c := range s.reasons {
			off += c.offTarget
			all += c.all
		}
		if all > 0 {
			share := float64(off) / float64(all)
			s.threshold = min(l.MaxThreshold, max(0, s.threshold+l.Rate*l.StepPoints*(share-l.TargetOffTarget)))
			for i, c := range s.reasons {
				if c.all == 0 {
					continue
				}
				w := s.weights[i] - l.Rate*(float64(c.offTarget)/float64(c.all)-share)
				s.weights[i] = min(1, max(l.MinChannelWeight, w))
			}
		}
	}
	clear(s.reasons)
	s.nextReview = t + l.PeriodHours
	if s.nextReview < s.reviewEnd() {
		s.q.Schedule(s.nextReview, evReview, event{kind: evReview})
	} else {
		s.nextReview = math.Inf(1) // the gate is fixed from now to the end
	}
	s.resumeWaits() // the signals that waited for this review (reviewwait.go)
}

// reviewEnd is when reviews stop: the end of the observation (or of the
// inquiries, when the run has no observation end).
func (s *Sim) reviewEnd() float64 {
	if s.m.observe > 0 {
		return s.m.observe
	}
	return s.m.horizon
}

// thinned reports whether channel ch's arrival number seq does not happen
// under the current channel weights.
func (s *Sim) thinned(ch int, seq uint64) bool {
	w := s.weights[ch]
	if w >= 1 {
		return false
	}
	h, _ := rng.SubSeed(s.thinKey[0], s.thinKey[1], seq)
	return float64(h>>11)*0x1p-53 >= w
}
