package funnel

import (
	"fmt"

	"funnellab/scenarios"
	"funnellab/sim"
)

// Lead hours (policy key lead_hours) restrict when reps call marketing
// leads to a window of their working day: a daily batch (HBR 2011's firms
// that answer the next day). Outside the window a free rep works its own
// pipeline; when the window opens, the idle reps look for leads. 0 to 24
// means whenever reps work (no window).

// leadHours is the lead-hours mechanism's state.
type leadHours struct {
	leadWindow  *sim.Hours // nil: whenever reps work
	leadOpenSet bool       // the window's next opening is booked
}

// compileLeadHours returns a policy's lead hours on the calendar's working
// days (every day for an always-open calendar), or nil for no window.
func compileLeadHours(p scenarios.Policy, alwaysOpen bool, workDays []int) (*sim.Hours, error) {
	if p.LeadHours.OpenHour <= 0 && p.LeadHours.CloseHour >= 24 {
		return nil, nil
	}
	days := workDays
	if alwaysOpen {
		days = []int{0, 1, 2, 3, 4, 5, 6}
	}
	h, err := sim.NewHours(p.LeadHours.OpenHour, p.LeadHours.CloseHour, days...)
	if err != nil {
		return nil, fmt.Errorf("policy %q: lead hours: %w", p.Name, err)
	}
	return &h, nil
}

// resetLeadHours sets the window of policy index pol.
func (s *Sim) resetLeadHours(pol int) {
	s.leadWindow, s.leadOpenSet = s.m.leadHours[pol], false
}

// leadHoursOpen reports whether reps may call marketing leads at t.
func (s *Sim) leadHoursOpen(t float64) bool {
	return s.leadWindow == nil || s.leadWindow.IsOpen(t)
}

// leadTime reports whether reps may call marketing leads at t under the
// policy's lead hours; if not, it makes sure the idle reps are woken when
// those hours begin.
func (s *Sim) leadTime(t float64) bool {
	if s.leadHoursOpen(t) {
		return true
	}
	if !s.leadOpenSet {
		s.q.Schedule(s.leadWindow.NextOpen(t), evLeadHours, event{kind: evLeadHours})
		s.leadOpenSet = true
	}
	return false
}

// leadHoursBegin runs when the window opens: the idle reps look for work.
func (s *Sim) leadHoursBegin(t float64) {
	s.leadOpenSet = false
	for i := len(s.idle) - 1; i >= 0; i-- {
		s.tryStart(t, s.idle[i])
	}
}
