package funnel

import (
	"math"

	"funnellab/sim/rng"
)

// Heterogeneous reps (sales.skill_cv and sales.own_load_cv, issue 13
// mechanism 6). Each rep of a replication has a skill k, a lognormal
// multiplier of mean 1 and coefficient of variation skill_cv: it
// multiplies the odds of winning the opportunities the rep owns (p becomes
// kp/(1-p+kp), so a win rate of 1 or 0 stays one), the odds that the rep's
// call attempt reaches the prospect (the cell's agents are not reps), and
// divides the duration of the rep's reached calls (a skilled rep needs
// less time for the same conversation). Each rep's own-pipeline rate is
// likewise multiplied by a lognormal of mean 1 and cv own_load_cv.
//
// Both are drawn once per replication, before anything else of the team,
// from dedicated streams (rep_skill, rep_own_load), rep by rep in index
// order: no other stream's draws change, and a policy cannot change them.
// With a cv of 0 nothing is drawn and nothing is multiplied: every rep has
// the team's values exactly.

// Stream names of the reps' draws.
const (
	streamSkill   = "rep_skill"
	streamOwnLoad = "rep_own_load"
)

// lognormalMean1 returns the log-mean and log-sd of a lognormal of mean 1
// and coefficient of variation cv.
func lognormalMean1(cv float64) (mu, sigma float64) {
	s2 := math.Log1p(cv * cv)
	return -s2 / 2, math.Sqrt(s2)
}

// drawReps draws the reps' skills and own-pipeline rates of replication
// rep (or gives every rep the team's values).
func (s *Sim) drawReps(rep uint64) {
	m := s.m
	for i := range s.reps {
		s.reps[i].skill, s.reps[i].ownRate = 1, m.ownRate
	}
	if m.skillSigma > 0 {
		s.repRng.Seed(rng.Seeds(m.seed, streamSkill, rep))
		r := s.use(&s.repRng)
		for i := range s.reps {
			s.reps[i].skill = math.Exp(m.skillMu + m.skillSigma*r.NormFloat64())
		}
	}
	if m.loadSigma > 0 {
		s.repRng.Seed(rng.Seeds(m.seed, streamOwnLoad, rep))
		r := s.use(&s.repRng)
		for i := range s.reps {
			s.reps[i].ownRate = m.ownRate * math.Exp(m.loadMu+m.loadSigma*r.NormFloat64())
		}
	}
}

// oddsTimes multiplies the odds of probability q by k.
func oddsTimes(q, k float64) float64 {
	if q >= 1 || q <= 0 {
		return q
	}
	o := k * q / (1 - q)
	return o / (1 + o)
}

// repWin is the win probability q of p's opportunity under its rep's skill.
func (s *Sim) repWin(p *prospect, q float64) float64 {
	if s.m.skillSigma == 0 {
		return q
	}
	return oddsTimes(q, s.reps[p.rep].skill)
}
