package funnel

import (
	"funnellab/sim/rng"
)

// Arrivals. Each channel's inquiries are a Poisson process (thinned by
// its seasonality), drawn from the channel's own stream. An arriving
// prospect draws its latent profile (kind, segment, stage, fit, role, and
// what marketing records of them) from the shared prospect stream, in a
// fixed number of draws, and seeds its private streams from its arrival
// number: the k-th prospect is the same under every policy. Its inquiry is
// its first signal (marketing.go).

// nextArrival schedules channel ch's next inquiry after t, if before the
// horizon. Seasonal channels are thinned from the peak rate.
func (s *Sim) nextArrival(t float64, ch int) {
	c := &s.m.channels[ch]
	if c.rate <= 0 {
		return
	}
	r := s.arrS[ch]
	peak := c.rate * c.seasonMax
	for {
		t += s.exp(r.Source()) / peak
		if t >= s.m.horizon {
			return
		}
		if !c.seasonal || r.Float64()*c.seasonMax < c.season[int(t/(30.4*24))%12] {
			break
		}
	}
	// Its lane, not the heap (sim.Queue.ScheduleLane): a channel has one
	// inquiry pending at a time, never cancelled.
	s.q.ScheduleLane(ch, t, evArrival, event{kind: evArrival, idx: int32(ch)})
}

// arrive creates a prospect from channel ch and lets marketing see its
// inquiry.
func (s *Sim) arrive(t float64, ch int) {
	m := s.m
	s.nextArrival(t, ch)
	seq := uint64(s.arrivals)
	s.arrivals++
	c := &m.channels[ch]
	r := s.prosS
	if s.learn && s.thinned(ch, seq) {
		// Marketing has cut this channel's spend: the inquiry does not
		// happen under this policy. Its shared draws are still made, so
		// the next prospects are the same as under every other policy.
		s.sample(m.hot, r.Source())
		if m.journeys {
			s.drawProfile(&s.scratch, c, r)
		}
		return
	}
	id := s.newSlot()
	p := s.ps.at(id)
	s.res.Arrivals++
	s.noteInquiry(ch)
	*p = prospect{} // cleared in place: a composite literal would be built and copied
	p.arrival = t
	p.hotUntil = t + s.sample(m.hot, r.Source())
	p.rep = -1
	s.become(p, psNurture)
	p.channel = uint8(ch)
	p.fitHigh, p.recFit = true, true
	p.sal.Seed(rng.SubSeed(s.aKey[0], s.aKey[1], seq))
	p.jrn.Seed(rng.SubSeed(s.jKey[0], s.jKey[1], seq))
	if t >= m.warmup {
		p.flags |= fCounted
		s.res.Metrics[Inquiries]++
		s.acc.inquiryCost += c.costPerLead
	}
	// (the kind is drawn below, with the profile; see countWindows)
	p.nurtSince = t
	if m.journeys {
		s.beginJourney(t, id, p, c, r, seq)
	}
	s.countWindows(t, p)
	if s.hook != nil && s.hook.arrive != nil {
		s.hook.arrive(t, id, s.ps.at(id))
	}
	if !s.observe(t, id, c.inquiry, true) {
		s.scheduleSignal(t, id, s.ps.at(id))
	}
	if s.ncOn {
		s.armNurtureCall(t, id, s.ps.at(id)) // nurturecalls.go
	}
}

// beginJourney draws new prospect p's profile from r (the prospect stream
// of its source) and seeds its signal stream from its number seq; a
// genuine prospect's buying journey starts at t. Marketing's inquiries and
// the reps' outbound prospects alike.
func (s *Sim) beginJourney(t float64, id int32, p *prospect, c *channel, r *rng.Stream, seq uint64) {
	p.sig.Seed(rng.SubSeed(s.sKey[0], s.sKey[1], seq))
	s.drawProfile(p, c, r)
	if p.kind == kindGenuine {
		if p.stage >= stObjective {
			s.drawBudget(p)
		}
		p.jE = s.exp(&p.jrn)
		p.jT = t
		s.scheduleJourney(t, id, p)
	}
}

// drawProfile draws a prospect's kind, segment, stage, fit and role, and
// what marketing records of them, from the shared prospect stream (always
// the same number of draws).
func (s *Sim) drawProfile(p *prospect, c *channel, r *rng.Stream) {
	m := s.m
	uKind, uSeg, uStage, uFit, uAuth := r.Float64(), r.Float64(), r.Float64(), r.Float64(), r.Float64()
	uErrFit, uErrAuth, uRecAuth := r.Float64(), r.Float64(), r.Float64()
	p.kind = uint8(pickIndex(c.kinds, uKind))
	p.segment = uint8(pickIndex(m.segCum, uSeg))
	p.auth = uint8(pickIndex(c.auth, uAuth))
	p.fitHigh = uFit < c.fitHigh
	if p.kind == kindGenuine {
		p.stage = uint8(pickIndex(c.stages, uStage))
	} else {
		p.fitHigh = false // accounts that cannot buy do not fit the profile
	}
	p.recFit = p.fitHigh
	if uErrFit < m.dataError {
		p.recFit = !p.recFit
	}
	p.recAuth = p.auth
	if uErrAuth < m.dataError {
		p.recAuth = uint8(uRecAuth * 3)
	}
}
