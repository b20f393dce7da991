package funnel

// leadTime reports whether reps may call marketing leads at t under the
// policy's lead hours; if not, it makes sure the idle reps are woken when
// those hours begin.
func (s *Sim) leadTime(t float64) bool {
	if s.leadHours == nil || s.leadHours.IsOpen(t) {
		return true
	}
	if !s.leadOpenSet {
		s.q.Schedule(s.leadHours.NextOpen(t), evLeadHours, event{kind: evLeadHours})
		s.leadOpenSet = true
	}
	return false
}
