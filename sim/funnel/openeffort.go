package funnel

// Effort while an opportunity is open (sales.hours_per_open_week, issue 13
// mechanism 3). Besides its first meeting (sales.opportunity_hours, added
// to the qualifying call), each open opportunity asks its rep for
// hours_per_open_week hours of work per calendar week it stays open
// (follow-ups, proposals, meetings), so a policy that opens many weak
// opportunities pays for them in capacity.
//
// The hours are kept as a per-rep debt, accrued in closed form (open
// opportunities × rate × time) whenever the rep's number of open
// opportunities changes or it looks for work, and worked as a task of its
// own before any other work (like the first meeting) once it reaches
// effortChunkH. A rep idle at work would have done the follow-ups in its
// idle time: when an idle rep looks for work again, the working hours it
// spent idle are taken off its debt first. The engine stays honest (the
// hours displace leads and own work exactly when the rep has no slack,
// one chunk late at most) and cheap: no event per opportunity or per week,
// one accrual per change in the count and per task, one extra task per
// chunk. (Shrinking the rep's working calendar in proportion to its open
// opportunities instead would give every rep its own calendar, to be
// recomputed at every change, for every working-hours computation.)
//
// The hours inside the measured window are tallied (accum.openEffortHours:
// every hour asked for, whether worked as a task or absorbed by idle time);
// hours worked as a task count in the reps' busy time like any other task,
// not in their hours on marketing leads.

// effortChunkH is the least debt, in hours, a rep works as a task.
const effortChunkH = 0.25

// accrueEffort books the effort rep rp's open opportunities asked for
// since its last accrual, up to t.
func (s *Sim) accrueEffort(t float64, rp *rep) {
	m := s.m
	if rp.openOpps > 0 && t > rp.effT {
		rate := float64(rp.openOpps) * m.effortPerH
		rp.effDebt += rate * (t - rp.effT)
		if a, b := maxf(rp.effT, m.warmup), minf(t, m.windowEnd); b > a {
			s.acc.openEffortHours += rate * (b - a)
		}
	}
	if m.outbound.perRepH > 0 && t > rp.effT {
		s.accrueProspecting(t, rp) // outbound.go
	}
	rp.effT = t
}

// oppOpened counts an opportunity opened for rep r at t.
func (s *Sim) oppOpened(t float64, r int32) {
	rp := &s.reps[r]
	if s.m.effortPerH > 0 {
		s.accrueEffort(t, rp)
	}
	rp.openOpps++
	s.touchRep(r) // loadindex.go
}

// oppClosed counts an opportunity of rep r closed (decided or stalled) at t.
func (s *Sim) oppClosed(t float64, r int32) {
	rp := &s.reps[r]
	if s.m.effortPerH > 0 {
		s.accrueEffort(t, rp)
	}
	rp.openOpps--
	s.touchRep(r)
}

// startEffort starts rep r (free, at work) on its effort debt, if it
// reaches effortChunkH after the rep's idle time since idleAt has worked
// it off; it reports whether the rep started.
func (s *Sim) startEffort(t float64, r int32) bool {
	m := s.m
	rp := &s.reps[r]
	s.accrueEffort(t, rp)
	if rp.idle {
		rp.effDebt = maxf(rp.effDebt-m.hours.OpenHours(rp.idleAt, t), 0)
		rp.idleAt = t
	}
	if rp.effDebt < effortChunkH {
		return false
	}
	rp.curOwn = ownTask{dur: rp.effDebt}
	rp.effDebt = 0
	rp.isLead, rp.curEffort, rp.busy, rp.start = false, true, true, t
	s.touchRep(r)
	rp.freeH = s.q.Schedule(m.hours.AddWork(t, rp.curOwn.dur), evRepFree, event{kind: evRepFree, idx: r})
	return true
}

// resetEffort clears rep rp's effort at the start of a replication.
func (rp *rep) resetEffort() {
	rp.effDebt, rp.effT, rp.idleAt, rp.curEffort = 0, 0, 0, false
}
