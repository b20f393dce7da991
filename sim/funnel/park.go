package funnel

import (
	"math"

	"funnellab/sim"
)

// Parked signals. A lead with sales, before an opportunity (waiting in a
// queue, between two attempts, or with the tele-qualification cell), emits
// signals that marketing only records: its engagement and MQL flag, an
// order-free count, and, on a hand-raise, its hot window. Nothing but the
// lead's own events and the call attempt that takes it reads them, so its
// next signal is parked in the prospect record (fParked) instead of
// the event queue, and applied, with the same code and the same draws in
// the same order as an event would, when anything touches the lead: its
// timer or journey event, a rep or agent taking it, the end of the run.
// With reps saturated, queued leads wait long and emit many signals: this
// keeps the events per prospect near the unsaturated count, and the
// results bit for bit those of one event per signal (a test runs every
// preset both ways).
//
// The parked signal's time is kept in nurtSince, which no one reads
// outside nurture (leaveNurture) and every entry into nurture sets
// (arrive, toRecycle): a parkable lead is never in nurture, and the
// record stays 208 bytes.
//
// Parking is off while marketing learns (a review may change, mid-run,
// what a signal does, and a KPI is noted per period: learn.go) and
// without an end of observation (a pending signal then keeps the run
// going). A policy switch (switch.go) first applies every parked signal
// up to its time and turns the rest into events: the policy in force then
// changes what a signal does.
type parking struct {
	parkOn bool // signals of parkable leads are parked in this replication
	noPark bool // tests only: never park (the reference of the parked runs)
}

// resetParking decides whether signals are parked from now on; it must
// run after learning is reset, and after a switch.
func (s *Sim) resetParking() {
	s.parkOn = !s.noPark && !s.learn && s.m.observe > 0
}

// parkable reports whether a signal of a lead in status st may be parked.
func parkable(st uint8) bool {
	switch st {
	case psWaiting, psRetry, psCellWait, psCellRetry:
		return true
	}
	return false
}

// park keeps p's next signal, at next, in its record; it reports whether
// it did (else the caller schedules the event).
func (s *Sim) park(next float64, p *prospect) bool {
	if !s.parkOn || !parkable(p.status) {
		return false
	}
	p.nurtSince = next
	p.flags |= fParked
	return true
}

// catchUp applies p's parked signals before t, as their events would have
// been, in order; the last one drawn stays parked (or becomes an event if
// p's status no longer parks).
func (s *Sim) catchUp(t float64, id int32, p *prospect) {
	for p.flags&fParked != 0 && p.nurtSince < t {
		p.flags &^= fParked
		s.signal(p.nurtSince, id) // parks the next one again
	}
}

// unpark catches p up to t and turns its parked signal, if any, into an
// event: p is about to leave the parkable statuses (a call attempt takes
// it).
func (s *Sim) unpark(t float64, id int32, p *prospect) {
	s.catchUp(t, id, p)
	if p.flags&fParked != 0 {
		p.flags &^= fParked
		p.sH = s.q.Schedule(p.nurtSince, evSignal, event{kind: evSignal, idx: id})
	}
}

// unparkSignal forgets p's parked signal, or its signal waiting for the
// review: its clock is redrawn or stopped.
func unparkSignal(p *prospect) {
	p.flags &^= fParked
	p.waiting = false // reviewwait.go
	p.sH = sim.Handle{}
}

// catchUpAll applies the parked signals at or before t, as the event loop
// applies the signal events at t before the end of the observation or a
// switch; with toEvents, it then turns every parked signal into an event.
func (s *Sim) catchUpAll(t float64, toEvents bool) {
	if !s.parkOn {
		return
	}
	after := math.Nextafter(t, math.Inf(1))
	for i := range s.ps.len() {
		if p := s.ps.at(i); p.flags&fParked != 0 {
			if toEvents {
				s.unpark(after, int32(i), p)
			} else {
				s.catchUp(after, int32(i), p)
			}
		}
	}
}
