package funnel

import (
	"fmt"

	"funnellab/scenarios"
	"funnellab/sim/rng"
)

// Outbound prospecting (sales.prospecting, issue 13 mechanism 11): a
// channel fed by rep hours instead of money, so that "reps prospect their
// own leads because they distrust marketing's" ([reconcile-2017]) can be
// simulated.
//
// Each rep spends hours_per_week hours per calendar week prospecting: the
// hours accrue on its effort debt (openeffort.go) at hours_per_week/168
// per hour and are worked, like the effort on open opportunities, before
// its next task once they reach effortChunkH (idle working time absorbs
// them: an idle rep prospects). The prospects found arrive as one Poisson
// process at reps × hours_per_week × inquiries_per_hour per week, drawn
// from their own stream (streamOutbound), which also draws each one's
// hot window and latent profile (the block's kind, stage, fit and role
// mix) in a fixed number of draws; their private streams are seeded from
// their own arrival count, offset past any marketing arrival
// (outboundSeq0). The marketing channels' arrivals and prospects are
// therefore the same with or without the channel, under every policy.
//
// An outbound prospect is the prospecting rep's own lead (the reps find
// them in turn): it goes straight into that rep's lead queue, with no
// marketing gate, no veto, no acceptance window and no SLA, and is called
// like a hand-off (attempts, BANT reading, opportunity) in the policy's
// order of priority and lead hours. It is not marketing's: it is not
// counted in the inquiries, the funnel counts or the outcomes (the
// conservation law is over marketing's prospects), its call hours are not
// rep hours on marketing leads, nor wasted hand-off hours, nor reasons
// for marketing's learning; given back (unreached, disqualified, stalled)
// it is dropped, never nurtured. A deal it brings counts like an own
// pipeline deal: in deals_won and revenue (with no modelled cost to
// serve), not in marketing's revenue or wins. The metric
// outbound_prospects counts the prospects found in the measured window. With hours_per_week 0 there is no stream,
// no event and no accrual: the model without the mechanism.

// outboundSeq0 offsets the sequence numbers that seed the outbound
// prospects' private streams, past any marketing arrival.
const outboundSeq0 = 1 << 48

// outbound is the compiled prospecting block.
type outbound struct {
	perRepH float64 // prospecting hours per rep per hour (0: none)
	rate    float64 // prospects found per hour, for the team
	ch      channel // the mix of what is found
}

// compileOutbound compiles sales.prospecting.
func (m *Model) compileOutbound(s scenarios.Scenario) error {
	p := s.Sales.Prospecting
	if !(p.HoursPerWeek > 0) {
		return nil
	}
	o := &m.outbound
	o.perRepH = p.HoursPerWeek / hoursPerWeek
	o.rate = float64(m.reps) * o.perRepH * p.InquiriesPerHour
	o.ch = channel{name: "prospecting", rate: o.rate, seasonMax: 1, stream: streamOutbound, fitHigh: p.FitHighShare}
	const key = "sales.prospecting"
	var err error
	k := p.Kinds
	if o.ch.kinds, err = cumulative(k.Genuine, k.Competitor, k.Student, k.BadData); err != nil {
		return fmt.Errorf("%s.kinds: %w", key, err)
	}
	g := p.Stages
	if o.ch.stages, err = cumulative(g.NoNeed, g.ProblemAware, g.Objective, g.Evaluating); err != nil {
		return fmt.Errorf("%s.stages: %w", key, err)
	}
	a := p.Authority
	if o.ch.auth, err = cumulative(a.DecisionMaker, a.Influencer, a.None); err != nil {
		return fmt.Errorf("%s.authority: %w", key, err)
	}
	return nil
}

// outboundState is a Sim's outbound prospecting in a replication.
type outboundState struct {
	obS   *rng.Stream // the prospects found: arrival gaps, hot windows, profiles
	obN   int64       // prospects found so far
	obRep int32       // the rep that finds the next one

	// Tallies of the measured window (tests and docs/model.md).
	obFound, obHours, obCallHours, obWon, obRevenue float64
}

// resetOutbound starts the outbound stream of replication rep and books
// the first prospect found.
func (s *Sim) resetOutbound(rep uint64) {
	m := s.m
	st := s.outboundState
	s.outboundState = outboundState{obS: st.obS}
	if m.outbound.perRepH <= 0 {
		return
	}
	if s.obS == nil {
		s.obS = rng.New(m.seed, streamOutbound, rep)
	} else {
		s.obS.Reset(m.seed, streamOutbound, rep)
	}
}

// nextOutbound books the next prospect found after t, before the horizon.
func (s *Sim) nextOutbound(t float64) {
	o := &s.m.outbound
	if !(o.rate > 0) {
		return
	}
	t += s.exp(s.obS.Source()) / o.rate
	if t < s.m.horizon {
		// The lane after the channels' (arrivals.go).
		s.q.ScheduleLane(len(s.m.channels), t, evOutbound, event{kind: evOutbound})
	}
}

// outboundArrive creates a prospect found by prospecting and puts it in
// its rep's lead queue.
func (s *Sim) outboundArrive(t float64) {
	m := s.m
	c := &m.outbound.ch
	s.nextOutbound(t)
	seq := uint64(outboundSeq0 + s.obN)
	s.obN++
	r := s.obS
	rep := s.obRep
	s.obRep = (s.obRep + 1) % int32(len(s.reps))
	id := s.newSlot()
	p := s.ps.at(id)
	s.res.Arrivals++
	*p = prospect{}
	p.arrival = t
	p.hotUntil = t + s.sample(m.hot, r.Source())
	p.flags = fOutbound
	p.fitHigh, p.recFit = true, true
	p.sal.Seed(rng.SubSeed(s.aKey[0], s.aKey[1], seq))
	p.jrn.Seed(rng.SubSeed(s.jKey[0], s.jKey[1], seq))
	if t >= m.warmup && t < m.windowEnd {
		s.obFound++
	}
	if m.journeys {
		s.beginJourney(t, id, p, c, r, seq)
	}
	// Straight to its rep, as its own lead.
	s.tickets++
	p.ticket = s.tickets
	p.handedAt = t
	p.rep = rep
	s.enqueue(t, id, p)
	if m.journeys {
		s.scheduleSignal(t, id, s.ps.at(id))
	}
}

// accrueProspecting books the prospecting hours of rep rp from its last
// accrual to t (t > rp.effT).
func (s *Sim) accrueProspecting(t float64, rp *rep) {
	m := s.m
	h := m.outbound.perRepH
	rp.effDebt += h * (t - rp.effT)
	if a, b := maxf(rp.effT, m.warmup), minf(t, m.windowEnd); b > a {
		s.obHours += h * (b - a)
	}
}

// outboundWin books a deal won from an outbound prospect, like an own
// pipeline deal.
func (s *Sim) outboundWin(t float64, _ *prospect, value float64) {
	if t < s.m.warmup {
		return
	}
	s.acc.revenue += value // no cost to serve, as for own-pipeline deals (gross_margin)
	s.res.Metrics[DealsWon]++
	s.addTop(value, false)
	s.obWon++
	s.obRevenue += value
}
