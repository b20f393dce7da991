package funnel

import (
	"context"
	"math"
	"math/rand/v2"
	"unsafe"

	"funnellab/policies"
	"funnellab/sim"
)

// Event kinds. Their order is also their priority among events at the same
// instant: a rep finishing a task acts before timers, journeys, signals and
// arrivals look for one.
const (
	evRepFree   uint8 = iota // a rep finishes its current task
	evCellFree               // a tele-qualification agent finishes a call
	evTimer                  // a prospect's timer: acceptance window, retry, stall
	evReview                 // marketing reviews the reasons sales gave (learning)
	evJourney                // a prospect moves to its next stage, or decides
	evSignal                 // a prospect emits a signal
	evArrival                // an inquiry arrives from a channel
	evOwnTask                // an idle rep's own-pipeline task has arrived
	evOpen                   // the team starts work
	evCellOpen               // the tele-qualification cell starts work
	evLeadHours              // the reps' hours for marketing leads begin
	evWeek                   // end of a week: the weekly series read the queues
	evSwitch                 // the policy switch (switch.go)
	evOutbound               // a rep's prospecting finds a prospect (outbound.go)
)

// event is the payload of a scheduled event.
type event struct {
	kind uint8
	idx  int32 // channel, rep or prospect slot
}

// Sim is the reusable state of one replication. A Sim is not safe for
// concurrent use; give each worker its own.
//
// Its parts are kept apart as in a process-interaction model: the engine
// (the event queue), the population (prospect slots), the team (reps, their
// queues and the pooled one), the random streams, the tallies (the
// monitors), and the state of each policy mechanism, embedded from the
// mechanism's own file (routing.go, cell.go, leadhours.go, learn.go,
// recycle.go).
type Sim struct {
	_ [64]byte // keep the fields below off cache lines of neighbouring objects

	m        *Model
	pol      policies.Policy
	r        *policies.Rules
	expected float64 // inquiries in a replication, on average (reserveSlots)
	// How the signal loop applies the gate in force (setPolicy,
	// marketing.go); noInline (tests only) always asks the policy, the
	// reference of the inlined gates.
	inlineGate uint8
	noInline   bool
	noShare    bool // tests only: responses kept apart from speeds from the start (tally.go)
	noForward  bool // tests only: no signal is drawn ahead (signals.go)
	dueScan    bool // tests only: dueLead scans every entry (priority.go)

	// The engine.
	q       sim.Queue[event]
	endTime float64

	// The population: prospect slots, free slots, arrivals so far, and the
	// last hand-off ticket.
	ps       table // prospect records (table.go)
	free     []int32
	arrivals int64
	tickets  uint32

	// The team: reps, the idle stack, the pooled queue, whether the
	// team's opening is booked, and how reps call (calls.go).
	reps     []rep
	idle     []int32
	pooled   line
	openSet  bool
	repCalls caller
	effortOn bool // reps may have effort debt to work (openeffort.go, nurturecalls.go)

	streams // streams.go
	tallies // tally.go

	routing   // routing.go
	cell      // cell.go
	leadHours // leadhours.go
	learning  // learn.go
	recycle   // recycle.go
	switching // switch.go

	nurtureCalls            // nurturecalls.go
	outboundState           // outbound.go
	parking                 // park.go
	reviewWaits             // reviewwait.go
	queueCount              // queuecount.go
	load          loadIndex // loadindex.go

	hook *hooks // tests only: observers of process steps; nil otherwise
	_    [64]byte
}

// NewSim returns a Sim for the model.
func (m *Model) NewSim() *Sim {
	s := &Sim{m: m, streams: newStreams(m)}
	s.draw = rand.New(&s.src)
	s.slow = newExpSlow()
	s.reps = make([]rep, m.reps)
	s.idle = make([]int32, 0, m.reps)
	var expected float64 // inquiries in a replication, on average
	for _, c := range m.channels {
		expected += c.rate * m.horizon
	}
	expected += m.outbound.rate * m.horizon // outbound.go; 0 without prospecting
	// One value per first attempt: reserve room for every inquiry, rather
	// than copying a growing slice in every new Sim (up to sim.ReserveBytes
	// each: past it the slices grow by appending).
	n := sim.ReserveCap(int(min(expected*1.02, math.MaxInt32))+64, unsafe.Sizeof(float64(0)))
	s.speeds.reserve(n)
	// responses get their buffer when they part from the speeds
	// (splitResponses): a funnel that hands every lead over at its
	// inquiry never needs it.
	if m.journeys {
		// Journeys keep months of events pending: park those beyond the
		// current day in day buckets (see sim.Queue).
		s.q.SetBucketWidth(24)
		// The slot table is reserved by each run, for its policy
		// (reserveSlots); the prospect table grows by pages (table.go),
		// without copies.
	}
	s.expected = expected
	s.q.SetPrefetch(m.journeys && expected >= prefetchFrom) // prefetch.go
	return s
}

// reserveSlots reserves the event calendar's slot table for the peak of
// pending events a run will reach, rather than grow it by copies that stay
// allocated until the collector frees them (Reserve caps the
// reservation). With journeys, the peak is about one event per two
// inquiries (0.37 to 0.50 per prospect in the default company, at 1× and
// 3.3× its rate, under every preset). A policy that learns once kept one
// event more per nurtured lead, the signal after the next review, and
// peaked at about one per inquiry; its signal now waits for the review
// without an event (reviewwait.go), and it peaks at 0.36.
func (s *Sim) reserveSlots() {
	if !s.m.journeys {
		return
	}
	s.q.Reserve(int(min(s.expected*0.6, math.MaxInt32)) + 1024)
}

// ctxCheckEvery is how many events run between two looks at the context.
const ctxCheckEvery = 1 << 16

// Run simulates replication rep under policy index pol and returns its
// result. It returns ctx.Err() if the context is cancelled during the run.
func (s *Sim) Run(ctx context.Context, rep, pol int) (Result, error) {
	s.reset(rep, pol)
	m := s.m
	for i := range m.channels {
		s.nextArrival(0, i)
	}
	if m.outbound.perRepH > 0 {
		s.nextOutbound(0)
	}
	for i := range s.reps {
		s.armWake(0, int32(i))
	}
	if s.learn {
		s.q.Schedule(s.nextReview, evReview, event{kind: evReview})
	}
	s.q.Schedule(hoursPerWeek, evWeek, event{kind: evWeek})
	s.scheduleSwitch()
	var n int64
	var last float64
	until := math.Inf(1) // the events that run: those at or before the end of observation, if any
	if m.observe > 0 {
		until = m.observe
	}
	for {
		t, ev, ok := s.q.PopUntil(until)
		if !ok {
			break
		}
		n++
		if s.q.Prefetching() {
			s.prefetchAhead()
		}
		if ev.kind != evWeek {
			last = t // the weekly ticks do not extend a run without an end of observation
		}
		if n%ctxCheckEvery == 0 && ctx.Err() != nil {
			return Result{}, ctx.Err()
		}
		switch ev.kind {
		case evRepFree:
			s.repFree(t, ev.idx)
		case evCellFree:
			s.cellFree(t, ev.idx)
		case evReview:
			if s.learn { // a switch may have stopped the learning (switch.go)
				s.review(t)
			}
		case evTimer:
			s.timer(t, ev.idx)
		case evJourney:
			s.journey(t, ev.idx)
		case evSignal:
			s.signal(t, ev.idx)
		case evArrival:
			s.arrive(t, int(ev.idx))
		case evOwnTask:
			s.wakeUp(t, ev.idx)
		case evWeek:
			s.weekEnd(t)
		case evLeadHours:
			s.leadHoursBegin(t)
		case evCellOpen:
			s.cellOpen(t)
		case evOpen:
			s.teamOpen(t)
		case evSwitch:
			s.applySwitch(t)
		case evOutbound:
			s.outboundArrive(t)
		}
	}
	s.endTime = last
	if m.observe > 0 {
		s.endTime = m.observe
	}
	s.res.Events = n - int64(len(s.weeks)) // the weekly ticks are bookkeeping
	s.finish()
	return s.res, nil
}

// cancel cancels the event of h, if h refers to one. Most handles a
// handler cancels refer to none (a prospect released with no timer, no
// signal, no journey event pending), and this check inlines where the
// generic Queue.Cancel does not everywhere: about 3.5 calls per inquiry of
// the reference funnel, 11 instructions each (callgrind).
func (s *Sim) cancel(h sim.Handle) {
	if h.Valid() {
		s.q.Cancel(h)
	}
}

// reset prepares the Sim for replication rep under policy index pol.
func (s *Sim) reset(rep, pol int) {
	pol = s.resetSwitch(pol) // the policy in force at the start
	s.setPolicy(pol)
	s.resetStreams(uint64(rep))
	s.q.Reset()
	s.ps.reset()
	s.waiting = 0
	s.free = s.free[:0]
	s.tickets = 0
	s.arrivals = 0
	s.drawReps(uint64(rep))
	s.resetTeam()
	s.resetLoadIndex()
	s.resetTallies()
	s.resetRouting()
	s.resetRecycle()
	s.resetCell(pol)
	s.resetLeadHours(pol)
	s.resetLearning()
	s.resetNurtureCalls()
	s.resetOutbound(uint64(rep))
	s.effortOn = s.m.effortPerH > 0 || s.ncOn || s.m.outbound.perRepH > 0
	s.resetParking()
	s.resetWaits()
	s.reserveSlots()
}
