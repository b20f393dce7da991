package funnel

// Attempt counts of the hand-offs to sales, for the Velocify figures
// ([velocify] in docs/sources.md): how many rep attempts a hand-off got,
// and at which attempt a converted lead was reached.
//
// A hand-off to sales ends at the first attempt that reaches the prospect
// (it becomes an SQL, or is disqualified), so the attempt that opens an
// opportunity is the attempt at which the hand-off first reached it:
// converted_reached_by_6th_share counts the opportunities opened at the
// hand-off's attempt 6 or earlier. called_once_share counts the hand-offs
// that had a first rep attempt and no second one by the end of the
// observation (reached at the first attempt, given up after it, or
// waiting for the second at the end). Attempts are those of the reps (a
// qualification cell's are its own) on marketing's counted prospects.

// attemptTally holds a replication's attempt counts.
type attemptTally struct {
	first, second int64 // hand-offs to sales with a first, and with a second, rep attempt
	oppBy6        int64 // opportunities opened at the hand-off's attempt 6 or earlier
}

// reachedByAttempt is Velocify's "by the 6th call".
const reachedByAttempt = 6

// noteAttempt counts caller c's attempt on p, just made (p.attempts
// already counts it).
func (s *Sim) noteAttempt(p *prospect, c *caller) {
	if !c.sales || p.flags&(fCounted|fOutbound) != fCounted {
		return
	}
	switch p.attempts {
	case 1:
		s.acc.att.first++
	case 2:
		s.acc.att.second++
	}
}

// noteOpportunityAttempt counts an opportunity opened by a rep's attempt
// on counted prospect p.
func (s *Sim) noteOpportunityAttempt(p *prospect) {
	if int(p.attempts) <= reachedByAttempt {
		s.acc.att.oppBy6++
	}
}

// finishAttempts sets the attempt metrics.
func (s *Sim) finishAttempts() {
	a, r := &s.acc.att, &s.res.Metrics
	r[ConvertedReachedBy6thShare] = ratio(float64(a.oppBy6), r[Opportunities])
	r[CalledOnceShare] = ratio(float64(a.first-a.second), float64(a.first))
}
