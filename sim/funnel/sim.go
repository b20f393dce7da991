package funnel

import (
	"context"
	"math"
	"math/rand/v2"
	"slices"

	"funnellab/policies"
	"funnellab/sim"
	"funnellab/sim/rng"
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
)

// event is the payload of a scheduled event.
type event struct {
	kind uint8
	idx  int32 // channel, rep or prospect slot
}

// Prospect status: where the prospect is in our process.
const (
	psFree      uint8 = iota // slot unused
	psNurture                // in marketing's hands, nurtured
	psDropped                // out of marketing's database
	psWaiting                // handed over, waiting in a queue for a call attempt
	psCalling                // a rep is calling it
	psRetry                  // between two call attempts
	psOpp                    // an opportunity is open
	psCellWait               // waiting for the tele-qualification cell
	psCellCall               // an agent of the cell is calling it
	psCellRetry              // between two attempts of the cell
)

// Timer kinds of a prospect.
const (
	tmNone uint8 = iota
	tmIgnore
	tmRetry
	tmStall
	tmCellRetry
)

// Prospect flags.
const (
	fCounted   uint16 = 1 << iota // arrived after the warm-up
	fMQL                          // score reached the MQL threshold once
	fHanded                       // handed over at least once
	fRejected                     // rejected by a rep at least once
	fIgnored                      // ignored by a rep at least once
	fLate                         // first attempt after the hot window, or never reached
	fEarly                        // current opportunity opened before evaluating
	fTried                        // current hand-off has had an attempt
	fReached                      // current hand-off has reached the prospect
	fPendReach                    // outcome of the current call: reached
	fPendSQL                      // outcome of the current call: sales qualified
	fFromCell                     // current hand-off was qualified by the cell (its first touch was the cell's)
	fRecycled                     // given back by sales at least once: on the recycle track while in nurture
)

// prospect is one inquiry's latent state and its progress through our
// process. Latent draws that every policy must share are made at arrival;
// draws whose number depends on the policy come from the prospect's own
// streams (jrn for its journey, sig for its signals, sal for sales).
type prospect struct {
	// First cache line: what a signal or journey event reads and writes.
	eng, engT float64 // engagement points, and when they were last updated
	jE, jT    float64 // remaining unit hazard of the current stage, and when it was last updated
	sig       rand.PCG
	flags     uint16
	handoffs  uint16
	status    uint8
	stage     uint8
	kind      uint8
	segment   uint8
	pendSig   uint8 // signal already drawn for the pending signal event, plus 1; 0 none
	recAuth   uint8
	recFit    bool
	fitHigh   bool
	auth      uint8
	budget    uint8
	attempts  uint8
	timer     uint8

	cooldown   float64 // not handed over again before this time
	nurtSince  float64
	jH, sH, tH sim.Handle
	tAt        float64 // time of the pending timer (tH)
	arrival    float64
	hotUntil   float64
	handedAt   float64
	cycleEnd   float64 // earliest decision time with our open opportunity
	rejectedAt float64
	jrn, sal   rand.PCG
	ticket     uint32  // unique per hand-off; validates queue entries
	rep        int32   // rep of the current hand-off (or agent of the cell), -1 pooled
	slaH       float32 // working hours to the first attempt of the current hand-off; 0: no SLA
	channel    uint8
	touchBin   uint8 // delay bucket of the current hand-off's first touch, plus 1; 0 none
}

// entry is a queued lead: prospect slot and hand-off ticket.
type entry struct {
	slot   int32
	ticket uint32
}

// ring is a growable ring buffer, taken from the front (FIFO) or the back
// (LIFO).
type ring[T any] struct {
	buf        []T
	head, size int
}

func (r *ring[T]) push(x T) {
	if r.size == len(r.buf) {
		n := make([]T, max(16, 2*len(r.buf)))
		for i := 0; i < r.size; i++ {
			n[i] = r.buf[(r.head+i)%len(r.buf)]
		}
		r.buf, r.head = n, 0
	}
	r.buf[(r.head+r.size)%len(r.buf)] = x
	r.size++
}

// pushFront puts x before the current front.
func (r *ring[T]) pushFront(x T) {
	r.push(x) // grows if needed
	r.size--
	r.head = (r.head - 1 + len(r.buf)) % len(r.buf)
	r.buf[r.head] = x
	r.size++
}

func (r *ring[T]) popFront() T {
	x := r.buf[r.head]
	r.head = (r.head + 1) % len(r.buf)
	r.size--
	return x
}

func (r *ring[T]) popBack() T {
	r.size--
	return r.buf[(r.head+r.size)%len(r.buf)]
}

func (r *ring[T]) reset() { r.head, r.size = 0, 0 }

// line is a queue of leads. Entries whose ticket no longer matches are
// skipped when taken (see nextLead).
type line struct{ ring[entry] }

// peek returns the entry pop would return, leaving it in the line.
func (l *line) peek(d policies.Discipline) entry {
	if d == policies.LIFO {
		return l.buf[(l.head+l.size-1)%len(l.buf)]
	}
	return l.buf[l.head]
}

func (l *line) pop(d policies.Discipline) entry {
	if d == policies.LIFO {
		return l.popBack()
	}
	return l.popFront()
}

// ownTask is a piece of a rep's own pipeline.
type ownTask struct {
	dur   float64
	value float64 // deal closed on completion, 0 if none
}

// rep is one sales rep.
type rep struct {
	own      ring[ownTask]
	ownNext  float64    // arrival time of its next own task (+Inf: none)
	ownRng   rand.PCG   // its own-pipeline stream
	wake     sim.Handle // event waking it, while idle, when an own task arrives
	leads    line
	openOpps int32
	busy     bool
	idle     bool // in the Sim's idle stack
	curLead  entry
	curOwn   ownTask
	isLead   bool
	start    float64
	freeH    sim.Handle // the end of its current task
}

// topDeal is one of the largest deals won.
type topDeal struct {
	value     float64
	marketing bool
}

// Sim is the reusable state of one replication. A Sim is not safe for
// concurrent use; give each worker its own.
type Sim struct {
	_ [64]byte // keep the fields below off cache lines of neighbouring objects

	m   *Model
	pol policies.Policy
	r   *policies.Rules

	q         sim.Queue[event]
	ps        []prospect
	free      []int32
	reps      []rep
	idle      []int32
	pooled    line
	openSet   bool
	rr        int // round-robin pointer
	tickets   uint32
	arrivals  int64
	endTime   float64
	draw      *rand.Rand // draws from the PCG that src points at
	src       pcgRef
	arrS      []*rng.Stream
	prosS     *rng.Stream
	ownKey    [2]uint64
	jKey      [2]uint64
	sKey      [2]uint64
	aKey      [2]uint64
	res       Result
	acc       accum
	speeds    []float64
	toRevenue []float64
	top       [5]topDeal

	// Routing territory: next rep in turn, per segment.
	terrRR []int
	// The tele-qualification cell (policies with qualify: cell).
	agents      []agent
	cellIdle    []int32
	cellQ       line
	cellCall    duration
	cellHours   sim.Hours
	cellOpenSet bool
	// The policy's hours for marketing leads (nil: whenever reps work).
	leadHours   *sim.Hours
	leadOpenSet bool
	// Marketing's learning (policies with a learning rate).
	learn      bool
	threshold  float64   // MQL threshold in force
	weights    []float64 // per channel: share of its base spend kept
	nextReview float64   // +Inf without learning
	reasons    []reasonCount
	thinKey    [2]uint64
	scratch    prospect // thinned arrivals draw their profile here
	hook       *hooks   // tests only: observers of process steps; nil otherwise
	// Plot detail of the run (weekly series are appended to weeks).
	detail Detail
	weeks  []Week
	week   Week // the week in progress
	// The recycle track: touches and email opens per hour, journey speed-up.
	recTouch, recOpen, recSpeed float64
	_                           [64]byte
}

// hooks lets tests observe the process steps policies claim to shape. Each
// field may be nil.
type hooks struct {
	sales func(t float64, p *prospect) // a hand-off to sales, after routing
	opp   func(t float64, p *prospect) // an opportunity opens
	drop  func(t float64, p *prospect) // marketing's gate drops a lead
	call  func(t float64, p *prospect) // a rep starts a call attempt
}

// agent is one member of the tele-qualification cell.
type agent struct {
	busy  bool
	idle  bool
	cur   entry
	start float64
}

// reasonCount counts, per channel, the hand-offs to sales of the current
// review period and the off-target reasons reps gave.
type reasonCount struct{ offTarget, all int }

// pcgRef is a rand.Source that draws from the PCG it points at, so one
// *rand.Rand serves every prospect's private streams without allocating.
type pcgRef struct{ p *rand.PCG }

func (r *pcgRef) Uint64() uint64 { return r.p.Uint64() }

// accum holds a replication's running sums.
type accum struct {
	tried, waited, within1h, hot, reached, slaBreach int64
	waitSum                                          float64
	busy, marketingHours                             float64
	revenue, marketingRevenue                        float64
	leaked                                           [numCauses]float64
	leakedN                                          int64
	rejectedN, rejectedBought                        int64
	inquiryCost, nurtureHours, recycleHours          float64
	marketingWins                                    int64
	offTarget                                        int64    // hand-offs to sales of prospects that cannot buy or do not fit
	windowN, windowBought                            [4]int64 // counted prospects with a complete purchase window, and those that bought in it
	genuineN, genuineBought                          int64
}

// Causes of a purchase from a competitor, on our side.
const (
	causeNeverHanded = iota
	causeRejected
	causeIgnored
	causeTooLate
	causeLostInCompetition
	causeRecycled
	numCauses
)

var causeMetric = [numCauses]Metric{
	causeNeverHanded:       LeakedRevenueNeverHanded,
	causeRejected:          LeakedRevenueRejected,
	causeIgnored:           LeakedRevenueIgnored,
	causeTooLate:           LeakedRevenueTooLate,
	causeLostInCompetition: LeakedRevenueLostInCompetition,
	causeRecycled:          LeakedRevenueRecycled,
}

// Stream names.
const (
	streamProspect = "prospect" // latent attributes, drawn at arrival in fixed number
	streamJourney  = "journey"  // key of the per-prospect journey streams
	streamSignals  = "signals"  // key of the per-prospect signal streams
	streamSales    = "sales"    // key of the per-prospect sales streams
	streamOwn      = "own_pipeline"
	streamThinning = "thinning" // key of the per-arrival uniforms of channel cuts (learning)
)

// twoYearsH is the window of "bought within 24 months".
const twoYearsH = 730 * 24

// NewSim returns a Sim for the model.
func (m *Model) NewSim() *Sim {
	s := &Sim{m: m}
	for _, c := range m.channels {
		s.arrS = append(s.arrS, rng.New(m.seed, c.stream, 0))
	}
	s.prosS = rng.New(m.seed, streamProspect, 0)
	s.draw = rand.New(&s.src)
	s.reps = make([]rep, m.reps)
	s.idle = make([]int32, 0, m.reps)
	var expected float64 // inquiries in a replication, on average
	for _, c := range m.channels {
		expected += c.rate * m.horizon
	}
	// One value per first attempt: reserve room for every inquiry, rather
	// than copying a growing slice in every new Sim.
	s.speeds = make([]float64, 0, int(expected*1.02)+64)
	if m.journeys {
		// Journeys keep months of events pending: park those beyond the
		// current day in day buckets (see sim.Queue).
		s.q.SetBucketWidth(24)
		// At the peak, about one event is pending per two inquiries (0.50
		// to 0.53 in the default scenario, at any scale): reserve the slot
		// table at once rather than grow it by copies.
		s.q.Reserve(int(expected*0.6) + 1024)
		// Prospects with journeys stay live for months: reserve room for
		// the expected number at once.
		s.ps = make([]prospect, 0, int(expected*1.02)+1024)
	}
	return s
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
	for i := range s.reps {
		s.armWake(0, int32(i))
	}
	if s.learn {
		s.q.Schedule(s.nextReview, evReview, event{kind: evReview})
	}
	s.q.Schedule(hoursPerWeek, evWeek, event{kind: evWeek})
	var n int64
	var last float64
	for s.q.Len() > 0 {
		if m.observe > 0 && s.q.Peek() > m.observe {
			break
		}
		t, ev, _ := s.q.Pop()
		n++
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
			s.review(t)
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
			s.leadOpenSet = false
			for i := len(s.idle) - 1; i >= 0; i-- {
				s.tryStart(t, s.idle[i])
			}
		case evCellOpen:
			s.cellOpenSet = false
			for i := len(s.cellIdle) - 1; i >= 0; i-- {
				s.cellStart(t, s.cellIdle[i])
			}
		case evOpen:
			s.openSet = false
			for i := len(s.idle) - 1; i >= 0; i-- {
				s.tryStart(t, s.idle[i])
			}
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

func (s *Sim) reset(rep, pol int) {
	m := s.m
	r := uint64(rep)
	for i, c := range m.channels {
		s.arrS[i].Reset(m.seed, c.stream, r)
	}
	s.prosS.Reset(m.seed, streamProspect, r)
	s.ownKey[0], s.ownKey[1] = rng.Seeds(m.seed, streamOwn, r)
	s.jKey[0], s.jKey[1] = rng.Seeds(m.seed, streamJourney, r)
	s.sKey[0], s.sKey[1] = rng.Seeds(m.seed, streamSignals, r)
	s.aKey[0], s.aKey[1] = rng.Seeds(m.seed, streamSales, r)
	s.thinKey[0], s.thinKey[1] = rng.Seeds(m.seed, streamThinning, r)
	s.q.Reset()
	s.ps = s.ps[:0]
	s.free = s.free[:0]
	s.pooled.reset()
	s.idle = s.idle[:0]
	for i := range s.reps {
		rp := &s.reps[i]
		rp.own.reset()
		rp.ownRng.Seed(rng.SubSeed(s.ownKey[0], s.ownKey[1], uint64(i)))
		rp.ownNext, rp.wake = math.Inf(1), sim.Handle{}
		if m.ownRate > 0 {
			rp.ownNext = s.use(&rp.ownRng).ExpFloat64() / m.ownRate
		}
		rp.leads.reset()
		rp.openOpps, rp.busy, rp.isLead = 0, false, false
		rp.idle = true
	}
	for i := m.reps - 1; i >= 0; i-- {
		s.idle = append(s.idle, int32(i))
	}
	s.openSet = false
	s.rr = 0
	s.tickets = 0
	s.arrivals = 0
	s.pol = m.Policies[pol]
	s.r = s.pol.Rules()
	s.res = Result{}
	s.acc = accum{}
	s.speeds = s.speeds[:0]
	s.toRevenue = s.toRevenue[:0]
	s.top = [5]topDeal{}
	s.weeks = s.weeks[:0]
	s.week = Week{}
	s.detail = Detail{}

	s.terrRR = append(s.terrRR[:0], make([]int, len(m.territory))...)
	s.recTouch, s.recOpen, s.recSpeed = m.nurturePerHour, m.openPerHour, m.speedup
	if rc := s.r.Recycle; rc.Separate && m.journeys {
		s.recTouch = rc.TouchesPerWeek / hoursPerWeek
		s.recOpen = s.recTouch * m.openRate
		s.recSpeed = rc.Speedup
	}
	s.resetCell(pol)
	s.leadHours, s.leadOpenSet = m.leadHours[pol], false
	s.resetLearning()
}

// use points the shared *rand.Rand at a prospect's private stream. The
// pointer must not be kept across a call that may grow s.ps.
func (s *Sim) use(p *rand.PCG) *rand.Rand {
	s.src.p = p
	return s.draw
}

func sample(d duration, r *rand.Rand) float64 {
	switch d.kind {
	case durExp:
		return d.mean * r.ExpFloat64()
	case durLognormal:
		return math.Exp(d.mu + d.sigma*r.NormFloat64())
	}
	return d.mean
}

// ---- arrivals --------------------------------------------------------------

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
		t += r.ExpFloat64() / peak
		if t >= s.m.horizon {
			return
		}
		if !c.seasonal || r.Float64()*c.seasonMax < c.season[int(t/(30.4*24))%12] {
			break
		}
	}
	s.q.Schedule(t, evArrival, event{kind: evArrival, idx: int32(ch)})
}

func (s *Sim) newSlot() int32 {
	if n := len(s.free); n > 0 {
		id := s.free[n-1]
		s.free = s.free[:n-1]
		return id
	}
	s.ps = append(s.ps, prospect{})
	return int32(len(s.ps) - 1)
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
		sample(m.hot, r.Rand)
		if m.journeys {
			s.drawProfile(&s.scratch, c, r)
		}
		return
	}
	id := s.newSlot()
	p := &s.ps[id]
	s.res.Arrivals++
	*p = prospect{} // cleared in place: a composite literal would be built and copied
	p.arrival = t
	p.hotUntil = t + sample(m.hot, r.Rand)
	p.rep = -1
	p.status = psNurture
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
		p.sig.Seed(rng.SubSeed(s.sKey[0], s.sKey[1], seq))
		s.drawProfile(p, c, r)
		if p.kind == kindGenuine {
			if p.stage >= stObjective {
				s.drawBudget(p)
			}
			p.jE = s.use(&p.jrn).ExpFloat64()
			p.jT = t
			s.scheduleJourney(t, id, p)
		}
	}
	s.countWindows(t, p)
	if !s.observe(t, id, c.inquiry, true) {
		s.scheduleSignal(t, id, &s.ps[id])
	}
}

// purchaseWindows are the windows of the bought-within shares, in hours:
// 3, 6, 12 and 24 months (of 365/12 days).
var purchaseWindows = [4]float64{3 * 730, 6 * 730, 12 * 730, 24 * 730}

// countWindows counts a new counted prospect in the denominators it
// belongs to: the windows that end within the observation, and valid
// inquiries (not bad contact data).
func (s *Sim) countWindows(t float64, p *prospect) {
	if p.flags&fCounted == 0 {
		return
	}
	if p.kind != kindBadData {
		s.res.Metrics[ValidInquiries]++
	}
	for i, w := range purchaseWindows {
		if s.m.observe == 0 || t+w <= s.m.observe {
			s.acc.windowN[i]++
			if i == len(purchaseWindows)-1 && p.kind == kindGenuine {
				s.acc.genuineN++
			}
		}
	}
}

// countPurchase counts a purchase (from anyone) at t in the windows it
// falls in.
func (s *Sim) countPurchase(t float64, p *prospect) {
	for i, w := range purchaseWindows {
		if t-p.arrival <= w && (s.m.observe == 0 || p.arrival+w <= s.m.observe) {
			s.acc.windowBought[i]++
			if i == len(purchaseWindows)-1 && p.kind == kindGenuine {
				s.acc.genuineBought++
			}
		}
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

// drawBudget sets the budget when the objective is recognised.
func (s *Sim) drawBudget(p *prospect) {
	g := &s.m.segments[p.segment]
	u := s.use(&p.jrn).Float64()
	switch {
	case u < g.budgetAlloc:
		p.budget = budgetAllocated
	case u < g.budgetAlloc+g.budgetAfter:
		p.budget = budgetAfterSolutions
	default:
		p.budget = budgetNone
	}
}

// ---- journey ---------------------------------------------------------------

// journeyRate is the rate of leaving the prospect's current stage.
func (s *Sim) journeyRate(p *prospect) float64 {
	r := s.m.segments[p.segment].stageRate[p.stage]
	if p.status == psNurture && p.stage < stEvaluating {
		if p.flags&fRecycled != 0 {
			r *= 1 + s.recSpeed
		} else {
			r *= 1 + s.m.speedup
		}
	}
	return r
}

func (s *Sim) scheduleJourney(t float64, id int32, p *prospect) {
	p.jH = s.q.Schedule(t+p.jE/s.journeyRate(p), evJourney, event{kind: evJourney, idx: id})
}

// spendHazard must be called just before a change of status that may change
// the prospect's journey rate (entering or leaving nurture): it consumes the
// hazard spent at the old rate. Call rescheduleJourney after the change.
func (s *Sim) spendHazard(t float64, p *prospect) {
	if p.kind != kindGenuine || !s.m.journeys || p.stage >= stEvaluating || !p.jH.Valid() {
		return
	}
	p.jE -= s.journeyRate(p) * (t - p.jT)
	p.jE = math.Max(p.jE, 0)
	p.jT = t
}

func (s *Sim) rescheduleJourney(t float64, p *prospect) {
	if p.kind != kindGenuine || !s.m.journeys || p.stage >= stEvaluating || !p.jH.Valid() {
		return
	}
	s.q.Reschedule(p.jH, t+p.jE/s.journeyRate(p))
}

// journey moves a prospect to its next stage, or, from evaluating, makes
// it decide.
func (s *Sim) journey(t float64, id int32) {
	p := &s.ps[id]
	if p.stage < stEvaluating {
		p.stage++
		if p.stage == stObjective {
			s.drawBudget(p)
		}
		p.jE = s.use(&p.jrn).ExpFloat64()
		p.jT = t
		s.scheduleJourney(t, id, p)
		s.rescheduleSignal(t, id, p)
		return
	}
	if p.status == psOpp && t < p.cycleEnd {
		// The prospect waits for the end of our sales cycle.
		p.jH = s.q.Schedule(p.cycleEnd, evJourney, event{kind: evJourney, idx: id})
		return
	}
	p.jH = sim.Handle{}
	s.decide(t, id, p)
}

// decide ends a genuine prospect's journey: it decides nothing, buys from
// us (if our opportunity is open) or buys from a competitor.
func (s *Sim) decide(t float64, id int32, p *prospect) {
	m := s.m
	g := &m.segments[p.segment]
	counted := p.flags&fCounted != 0
	oppOpen := p.status == psOpp
	if oppOpen {
		s.reps[p.rep].openOpps--
	}
	d := s.decision(p)
	bought := false
	switch {
	case d.uND < g.noDecision:
		if counted {
			s.res.Outcomes.NoDecision++
		}
	case oppOpen && d.uWin < math.Min(1, g.winRate*s.boost(p, g)):
		bought = true
		if counted {
			s.res.Outcomes.Won++
			s.win(t, p, math.Exp(g.dealMu+g.dealSigma*d.zDeal))
		}
	default:
		bought = true
		if counted {
			s.res.Outcomes.Competitor++
			v := math.Exp(g.dealMu + g.dealSigma*d.zDeal)
			c := s.cause(p, oppOpen)
			s.acc.leaked[c] += v
			s.acc.leakedN++
		}
	}
	if counted && bought {
		s.countPurchase(t, p)
	}
	if counted && p.flags&fRejected != 0 && s.rejectWindowComplete(p) {
		s.acc.rejectedN++
		if bought && t-p.rejectedAt <= twoYearsH {
			s.acc.rejectedBought++
		}
	}
	s.leaveNurture(t, p)
	s.release(id, p)
}

// decisionDraws are the latent draws of a prospect's decision.
type decisionDraws struct {
	zDeal float64 // standard normal of its deal value
	uWin  float64 // below the win probability: buys from us, if our opportunity is open
	uND   float64 // below the no-decision share: decides nothing
}

// decision draws the prospect's decision from its journey stream, once,
// when it decides. The journey stream has drawn a fixed number of values
// by then (one per stage, and the budget), whatever the policy, so every
// policy sees the same deal value and the same uniforms.
func (s *Sim) decision(p *prospect) decisionDraws {
	r := s.use(&p.jrn)
	return decisionDraws{zDeal: r.NormFloat64(), uWin: r.Float64(), uND: r.Float64()}
}

func (s *Sim) boost(p *prospect, g *segment) float64 {
	if p.flags&fEarly != 0 {
		return g.earlyBoost
	}
	return 1
}

// cause is our side's reason for a purchase from a competitor: the first
// failure in priority order (see docs/metrics.md). A lead still with sales
// when the prospect buys was ignored if no attempt was made on it yet, and
// reached too late otherwise.
func (s *Sim) cause(p *prospect, oppOpen bool) int {
	switch f := p.flags; {
	case oppOpen:
		return causeLostInCompetition
	case p.status == psWaiting && p.attempts == 0:
		return causeIgnored
	case p.status == psWaiting || p.status == psRetry || p.status == psCalling:
		return causeTooLate
	case p.status == psCellWait || p.status == psCellCall || p.status == psCellRetry:
		return causeTooLate // marketing's cell had it and had not handed it over yet
	case f&fRejected != 0:
		return causeRejected
	case f&fIgnored != 0:
		return causeIgnored
	case f&fLate != 0:
		return causeTooLate
	case f&fHanded != 0:
		return causeRecycled
	}
	return causeNeverHanded
}

// rejectWindowComplete reports whether the 24 months after the prospect's
// first rejection end within the observation.
func (s *Sim) rejectWindowComplete(p *prospect) bool {
	return s.m.observe == 0 || p.rejectedAt+twoYearsH <= s.m.observe
}

func (s *Sim) win(t float64, p *prospect, value float64) {
	s.acc.revenue += value
	s.acc.marketingRevenue += value
	s.acc.marketingWins++
	s.week.WonRevenue += value
	s.toRevenue = append(s.toRevenue, (t-p.arrival)/24)
	s.addTop(value, true)
}

func (s *Sim) addTop(v float64, marketing bool) {
	i := len(s.top)
	for i > 0 && s.top[i-1].value < v {
		i--
	}
	if i == len(s.top) {
		return
	}
	copy(s.top[i+1:], s.top[i:len(s.top)-1])
	s.top[i] = topDeal{v, marketing}
}

// release frees a prospect's slot, cancelling its pending events.
func (s *Sim) release(id int32, p *prospect) {
	s.q.Cancel(p.sH)
	s.q.Cancel(p.tH)
	s.q.Cancel(p.jH)
	p.status = psFree
	p.ticket = 0
	s.free = append(s.free, id)
}

// ---- signals and marketing -------------------------------------------------

func (s *Sim) signalRate(p *prospect) float64 {
	r := s.m.sigTotal[p.stage]
	if p.status == psNurture {
		if p.flags&fRecycled != 0 {
			r += s.recOpen
		} else {
			r += s.m.openPerHour
		}
	}
	return r
}

func (s *Sim) scheduleSignal(t float64, id int32, p *prospect) {
	if p.status == psDropped || p.status == psFree {
		return
	}
	r := s.signalRate(p)
	if r <= 0 {
		return
	}
	limit := s.quietUntil(p)
	hard := limit // an event of the prospect's own at hard redraws its clock
	if s.learn && p.status == psNurture {
		// The gate may change at the next review: signals after it are
		// events, judged by the gate then in force.
		limit = math.Min(limit, s.nextReview)
	}
	var w float64 // working clock, for business-hours signals
	if s.m.sigBusiness {
		w = s.m.hours.WorkBefore(t)
	}
	for {
		dt := s.use(&p.sig).ExpFloat64() / r
		next := t + dt
		if s.m.sigBusiness {
			// The clock runs in working time, faster by the ratio of
			// calendar to working hours, so the weekly count is unchanged.
			w += dt / s.m.sigScale
			next = s.m.hours.AtWork(w)
		}
		if next < limit {
			// Fast-forward (see quietUntil): draw the signal now, and
			// apply it at once unless it can change anything beyond the
			// prospect's own engagement.
			sig := s.drawSignal(p, r)
			if p.status == psOpp {
				// No gate to pass: the signal is private to the prospect.
				s.engage(next, p, sig)
				if sig == policies.HandRaise {
					s.raise(next, p, false)
				}
				t = next
				continue
			}
			if sig != policies.HandRaise && !s.scoreMatters(p) {
				t = next // nothing the signal could change is ever read again
				continue
			}
			// Would it hand the lead over? A hand-raise draws its hot
			// window and level from the signal stream: keep the stream's
			// state, to give the draws back to the event if it does.
			level, sig0, hot0 := -1.0, p.sig, p.hotUntil
			if sig == policies.HandRaise {
				level = s.raise(next, p, false)
			}
			eng, score := p.eng, math.NaN()
			if s.scoreMatters(p) {
				eng = s.engagementAt(next, p) + s.m.scoreSignal[sig]
				score = s.profileScore(p) + eng
			}
			if s.gate(next, p, sig, score, eng, level, false).Act == policies.Keep {
				if s.scoreMatters(p) {
					p.eng, p.engT = eng, next
					s.countMQL(p, score)
				}
				t = next
				continue
			}
			p.sig, p.hotUntil = sig0, hot0 // the event draws them again
			p.pendSig = uint8(sig) + 1
		} else if next >= hard && (p.status == psNurture || p.status == psOpp) {
			// The next signal comes after the prospect's next journey or
			// timer event (which redraws the clock: rates change, or the
			// prospect leaves) or after the end of the observation: it
			// would be cancelled before firing, so it is not scheduled at
			// all.
			return
		}
		p.sH = s.q.Schedule(next, evSignal, event{kind: evSignal, idx: id})
		return
	}
}

// quietUntil is the time until which a prospect's signals can be applied
// without events. While it is in nurture, nothing but its own signals and
// its own journey can touch it, so its signals up to its next journey event
// (and the end of the observation) can be drawn and applied in a loop; a
// signal that would hand it over still becomes an event at its time (the
// policy's gate is a pure function of the lead and the signal). While an opportunity is
// open, no signal can hand it over and nothing but its journey and its
// stall timer can change it, so every signal until the first of those that
// will act is applied in the loop. The results are the same as with one
// event per signal: the prospect's streams are drawn in the same order, and
// what is applied early is private to the prospect (its engagement, its MQL
// flag, an order-free count, its hot window, read only by a call attempt
// after a later hand-off).
func (s *Sim) quietUntil(p *prospect) float64 {
	if p.status != psNurture && p.status != psOpp {
		return math.Inf(-1)
	}
	end := s.m.observe
	if end == 0 {
		end = math.Inf(1)
	}
	if p.kind == kindGenuine && s.m.journeys && p.jH.Valid() {
		next := p.jT + p.jE/s.journeyRate(p) // as scheduleJourney computed it
		if p.status == psOpp && p.stage >= stEvaluating {
			// The decision waits for the end of our sales cycle (journey).
			next = math.Max(next, p.cycleEnd)
		}
		end = math.Min(end, next)
	}
	if p.status == psOpp && p.timer == tmStall && (p.kind != kindGenuine || p.stage < stEvaluating) {
		end = math.Min(end, p.tAt) // a stall timer that will act (see timer)
	}
	return end
}

// drawSignal draws which signal fires, given the total rate r.
func (s *Sim) drawSignal(p *prospect, r float64) policies.Signal {
	u := s.use(&p.sig).Float64() * r
	for k, x := range &s.m.sigRate[p.stage] {
		if u < x {
			return policies.Signal(k)
		}
		u -= x
	}
	return policies.EmailOpen
}

// rescheduleSignal redraws the signal clock after a change of rate (the
// clocks are exponential, so redrawing is exact).
func (s *Sim) rescheduleSignal(t float64, id int32, p *prospect) {
	s.q.Cancel(p.sH)
	p.sH, p.pendSig = sim.Handle{}, 0
	s.scheduleSignal(t, id, p)
}

// signal draws which signal fires and lets marketing observe it.
func (s *Sim) signal(t float64, id int32) {
	p := &s.ps[id]
	p.sH = sim.Handle{}
	var sig policies.Signal
	if p.pendSig > 0 {
		sig, p.pendSig = policies.Signal(p.pendSig-1), 0
	} else {
		sig = s.drawSignal(p, s.signalRate(p))
	}
	if !s.observe(t, id, sig, false) {
		s.scheduleSignal(t, id, &s.ps[id])
	}
}

// observe updates the lead's engagement and, if the lead is in marketing's
// hands, asks the policy what to do with it. It reports whether marketing
// acted (handed it over or dropped it: its signal clock is then redrawn or
// stopped).
func (s *Sim) observe(t float64, id int32, sig policies.Signal, inquiry bool) (acted bool) {
	p := &s.ps[id]
	score := s.engage(t, p, sig)
	level := -1.0
	if sig == policies.HandRaise {
		level = s.raise(t, p, inquiry)
	}
	d := s.gate(t, p, sig, score, p.eng, level, inquiry)
	switch d.Act {
	case policies.Hand:
		s.handOff(t, id, p, d.SLAHours)
		return true
	case policies.Drop:
		if p.flags&fCounted != 0 {
			s.res.Metrics[MarketingDropped]++
		}
		if s.hook != nil && s.hook.drop != nil {
			s.hook.drop(t, p)
		}
		s.drop(t, id, p)
		return true
	}
	return false
}

// raise handles a hand-raise: it restarts the prospect's hot window (an
// inquiry's was set at arrival) and returns the objective level marketing
// reads from it.
func (s *Sim) raise(t float64, p *prospect, inquiry bool) float64 {
	m := s.m
	if !inquiry {
		p.hotUntil = t + sample(m.hot, s.use(&p.sig))
	}
	level := 0.0
	if p.kind == kindGenuine {
		level = float64(p.stage)
	}
	if m.levelNoise > 0 {
		level += m.levelNoise * s.use(&p.sig).NormFloat64()
	}
	return level
}

// gate says what marketing does with the lead on this signal: nothing
// unless it is in nurture and past its cooldown; otherwise what the
// policy's gate says.
func (s *Sim) gate(t float64, p *prospect, sig policies.Signal, score, interest, level float64, inquiry bool) policies.Decision {
	if p.status != psNurture || t < p.cooldown {
		return policies.Decision{}
	}
	return s.pol.HandOff(policies.Lead{Score: score, Interest: interest, Threshold: s.threshold, Level: level,
		Fit: p.recFit, HandOffs: int(p.handoffs), Inquiry: inquiry}, sig)
}

// engage adds a signal to the prospect's engagement (decayed to t), counts
// the lead as an MQL the first time its score reaches the threshold, and
// returns the score.
func (s *Sim) engage(t float64, p *prospect, sig policies.Signal) float64 {
	if !s.scoreMatters(p) {
		return math.NaN() // never read: see scoreMatters
	}
	p.eng = s.engagementAt(t, p) + s.m.scoreSignal[sig]
	p.engT = t
	score := s.profileScore(p) + p.eng
	s.countMQL(p, score)
	return score
}

// scoreMatters reports whether the lead's score can still be read: by a
// policy whose gate uses it, or to count the lead as an MQL. Once neither
// holds, engagement is not kept up to date (its value is never read again),
// which saves an exponential per signal.
func (s *Sim) scoreMatters(p *prospect) bool {
	return s.r.ScoreGate || p.flags&fMQL == 0
}

// countMQL counts the lead as an MQL the first time its score reaches the
// threshold.
func (s *Sim) countMQL(p *prospect, score float64) {
	if score >= s.threshold && p.flags&fMQL == 0 {
		p.flags |= fMQL
		if p.flags&fCounted != 0 {
			s.res.Metrics[MQLs]++
		}
	}
}

func (s *Sim) engagementAt(t float64, p *prospect) float64 {
	if p.engT > 0 || p.eng > 0 {
		return p.eng * decay(-(t-p.engT)*s.m.decayRate)
	}
	return p.eng
}

func (s *Sim) profileScore(p *prospect) float64 {
	var score float64
	if p.recFit {
		score += s.m.scoreFit
	}
	if p.recAuth < 3 {
		score += s.m.scoreAuth[p.recAuth]
	}
	return score
}

// leaveNurture ends a nurture spell (for the nurture cost) and must be
// called before p.status leaves psNurture.
func (s *Sim) leaveNurture(t float64, p *prospect) {
	if p.status == psNurture && p.flags&fCounted != 0 {
		h := math.Min(t, s.m.windowEnd) - p.nurtSince
		if p.flags&fRecycled != 0 {
			s.acc.recycleHours += h
		} else {
			s.acc.nurtureHours += h
		}
	}
}

// ---- hand-off and sales ----------------------------------------------------

// quality is a lead's true quality on [0, 1]: 0 for a prospect that cannot
// buy; otherwise a quarter for a fitting account, a quarter for a decision
// maker (an eighth for an influencer) and half the stage's progress.
func quality(p *prospect) float64 {
	if p.kind != kindGenuine {
		return 0
	}
	q := 0.5 * float64(p.stage) / float64(stEvaluating)
	if p.fitHigh {
		q += 0.25
	}
	switch p.auth {
	case authDecisionMaker:
		q += 0.25
	case authInfluencer:
		q += 0.125
	}
	return q
}

// workload is rep r's open work items at t: own tasks waiting, leads
// queued, opportunities open.
func (s *Sim) workload(t float64, r int) int {
	rp := &s.reps[r]
	s.pullOwn(t, rp)
	return rp.own.size + rp.leads.size + int(rp.openOpps)
}

// route picks the rep of a hand-off, or -1 for the pooled queue.
func (s *Sim) route(t float64, p *prospect) int32 {
	switch s.r.Routing {
	case policies.Territory:
		g, reps := int(p.segment), s.m.territory
		if g >= len(reps) {
			g = 0
		}
		r := reps[g][s.terrRR[g]%len(reps[g])]
		s.terrRR[g]++
		return r
	case policies.RoundRobin:
		r := s.rr
		s.rr = (s.rr + 1) % len(s.reps)
		return int32(r)
	case policies.LeastLoaded:
		best, bw := 0, math.MaxInt
		for i := range s.reps {
			w := s.workload(t, i)
			if s.reps[i].busy {
				w++ // the task in progress: an idle rep is less loaded than a busy one
			}
			if w < bw {
				best, bw = i, w
			}
		}
		return int32(best)
	}
	return -1
}

// handOff takes a lead out of nurture as the gate decided: to the
// tele-qualification cell if the policy has one, else to sales.
func (s *Sim) handOff(t float64, id int32, p *prospect, sla float64) {
	s.leave(t, id, p, psWaiting)
	p.handedAt = t
	p.touchBin = 0
	p.flags &^= fTried | fFromCell
	if s.r.Qualify == policies.ByCell {
		p.slaH = float32(sla) // the gate's SLA, for the hand-off to sales after the cell
		s.toCell(t, id, p)
		return
	}
	s.toSales(t, id, p, sla)
}

// leave takes a lead out of nurture into status st: its journey and
// signal rates change.
func (s *Sim) leave(t float64, id int32, p *prospect, st uint8) {
	if s.m.journeys {
		s.spendHazard(t, p)
		s.leaveNurture(t, p)
	}
	p.status = st
	if s.m.journeys {
		s.rescheduleJourney(t, p)
		s.rescheduleSignal(t, id, p)
	}
}

// toSales hands a lead to sales, with an SLA of sla working hours.
func (s *Sim) toSales(t float64, id int32, p *prospect, sla float64) {
	m := s.m
	counted := p.flags&fCounted != 0
	p.status = psWaiting
	p.handoffs++
	s.tickets++
	p.ticket = s.tickets
	p.attempts = 0
	p.handedAt = t // the SLA runs from the hand-off to sales
	p.slaH = float32(sla)
	p.flags = p.flags&^(fReached|fEarly) | fHanded
	if p.flags&fFromCell == 0 {
		p.flags &^= fTried
	}
	p.rep = s.route(t, p)
	if p.flags&fFromCell == 0 {
		s.noteHandOff(p) // a lead from the cell was reviewed when it entered the cell
	}
	if s.hook != nil && s.hook.sales != nil {
		s.hook.sales(t, p)
	}
	if counted {
		s.res.Metrics[Handoffs]++
		s.week.Handoffs++
		if p.kind != kindGenuine || !p.fitHigh {
			s.acc.offTarget++
		}
	}
	if s.r.Veto {
		reading := quality(p) + m.judgeBias + m.judgeNoise*s.use(&p.sal).NormFloat64()
		if reading <= m.judgeBar+m.judgeBarPerItem*float64(s.workload(t, int(p.rep))) {
			if counted {
				s.res.Metrics[Rejected]++
			}
			if p.flags&fRejected == 0 {
				p.rejectedAt = t
			}
			p.flags |= fRejected
			s.noteReason(p)
			s.setback(t, id, p, policies.Rejected)
			return
		}
	}
	if counted {
		s.res.Metrics[SALs]++
	}
	if p.rep >= 0 {
		s.setTimer(p, id, tmIgnore, t+m.acceptH)
	}
	s.enqueue(t, id, p)
}

func (s *Sim) setTimer(p *prospect, id int32, kind uint8, at float64) {
	s.q.Cancel(p.tH)
	p.timer, p.tAt = kind, at
	p.tH = s.q.Schedule(at, evTimer, event{kind: evTimer, idx: id})
}

func (s *Sim) clearTimer(p *prospect) {
	s.q.Cancel(p.tH)
	p.tH, p.timer = sim.Handle{}, tmNone
}

// enqueue puts a lead in its rep's queue (or the pooled one) and wakes a rep.
func (s *Sim) enqueue(t float64, id int32, p *prospect) {
	p.status = psWaiting
	e := entry{slot: id, ticket: p.ticket}
	if p.rep >= 0 {
		rp := &s.reps[p.rep]
		rp.leads.push(e)
		switch {
		case rp.idle:
			s.tryStart(t, p.rep)
		case s.r.Priority == policies.SLAFirst && rp.busy && !rp.isLead && p.slaH > 0 && p.attempts == 0 && s.m.hours.IsOpen(t) &&
			(s.leadHours == nil || s.leadHours.IsOpen(t)):
			s.interrupt(t, p.rep, p)
		}
		return
	}
	s.pooled.push(e)
	for i := len(s.idle) - 1; i >= 0 && s.pooled.size > 0; i-- {
		if !s.tryStart(t, s.idle[i]) {
			break
		}
	}
}

// setback gives a lead back to marketing, as the policy says.
func (s *Sim) setback(t float64, id int32, p *prospect, why policies.Setback) {
	s.clearTimer(p)
	if s.pol.After(why) == policies.Nurture && s.m.journeys {
		s.spendHazard(t, p)
		p.status = psNurture
		p.flags |= fRecycled // onto the recycle track (the nurture track unless the policy has its own)
		p.nurtSince = t
		p.eng = 0 // engagement starts over, or the lead would bounce straight back
		p.cooldown = t + s.r.CooldownDays*24
		s.rescheduleJourney(t, p)
		s.rescheduleSignal(t, id, p)
		return
	}
	s.drop(t, id, p)
}

// drop takes a lead out of marketing's database: it emits no more signals
// and is never handed over again. A genuine prospect goes on with its
// journey; any other's state is final.
func (s *Sim) drop(t float64, id int32, p *prospect) {
	s.spendHazard(t, p)
	s.leaveNurture(t, p)
	p.status = psDropped
	s.rescheduleJourney(t, p)
	s.q.Cancel(p.sH) // marketing no longer looks at its signals
	p.sH, p.pendSig = sim.Handle{}, 0
	if p.kind != kindGenuine || !s.m.journeys {
		// It can never buy now: its state is final.
		if p.flags&fCounted != 0 {
			s.res.Outcomes.NeverBought++
			s.countRejectedNeverBought(p)
		}
		s.release(id, p)
	}
}

func (s *Sim) countRejectedNeverBought(p *prospect) {
	if p.flags&fRejected != 0 && s.rejectWindowComplete(p) {
		s.acc.rejectedN++
	}
}

// tryStart gives idle rep r its next task, if it is at work and has one.
// It reports whether the rep started something.
func (s *Sim) tryStart(t float64, r int32) bool {
	rp := &s.reps[r]
	if rp.busy {
		return false
	}
	if !s.m.hours.IsOpen(t) {
		if !s.openSet {
			s.q.Schedule(s.m.hours.NextOpen(t), evOpen, event{kind: evOpen})
			s.openSet = true
		}
		return false
	}
	started := false
	switch s.r.Priority {
	case policies.OwnFirst:
		started = s.startOwn(t, r) || s.startLead(t, r)
	case policies.LeadsFirst:
		started = s.startLead(t, r) || s.startOwn(t, r)
	default: // SLAFirst
		if s.leadDue(t, r) {
			started = s.startLead(t, r) || s.startOwn(t, r)
		} else {
			started = s.startOwn(t, r) || s.startLead(t, r)
		}
	}
	if started && rp.idle {
		rp.idle = false
		s.q.Cancel(rp.wake)
		rp.wake = sim.Handle{}
		if n := len(s.idle) - 1; s.idle[n] == r { // the usual case: the top of the stack
			s.idle = s.idle[:n]
		} else {
			for i, x := range s.idle {
				if x == r {
					s.idle = append(s.idle[:i], s.idle[i+1:]...)
					break
				}
			}
		}
	}
	return started
}

func (s *Sim) startOwn(t float64, r int32) bool {
	rp := &s.reps[r]
	s.pullOwn(t, rp)
	if rp.own.size == 0 {
		return false
	}
	rp.curOwn = rp.own.popFront()
	rp.isLead, rp.busy, rp.start = false, true, t
	rp.freeH = s.q.Schedule(s.m.hours.AddWork(t, rp.curOwn.dur), evRepFree, event{kind: evRepFree, idx: r})
	return true
}

// nextLead pops the next valid lead for rep r: its own queue first, then
// the pooled one.
func (s *Sim) nextLead(r int32) (entry, bool) {
	for _, l := range [2]*line{&s.reps[r].leads, &s.pooled} {
		for l.size > 0 {
			e := l.pop(s.r.Queue)
			if p := &s.ps[e.slot]; p.ticket == e.ticket && p.status == psWaiting {
				return e, true
			}
		}
	}
	return entry{}, false
}

// weekEnd closes the week ending at t: the queue is the number of
// marketing leads waiting for a rep (valid entries of the reps' and the
// pooled queues).
func (s *Sim) weekEnd(t float64) {
	waiting := 0
	count := func(l *line) {
		for i := 0; i < l.size; i++ {
			e := l.buf[(l.head+i)%len(l.buf)]
			if p := &s.ps[e.slot]; p.ticket == e.ticket && p.status == psWaiting {
				waiting++
			}
		}
	}
	for i := range s.reps {
		count(&s.reps[i].leads)
	}
	count(&s.pooled)
	s.week.Queue = float64(waiting)
	s.weeks = append(s.weeks, s.week)
	s.week = Week{}
	if s.q.Len() > 0 { // without an end of observation the run ends when nothing else is pending
		s.q.Schedule(t+hoursPerWeek, evWeek, event{kind: evWeek})
	}
}

// touch notes an attempt on p: the first after marketing's decision is
// its first touch (marked late if the prospect is no longer hot).
func (s *Sim) touch(t float64, p *prospect, hot bool) {
	if p.flags&fTried != 0 {
		return
	}
	p.flags |= fTried
	if !hot {
		p.flags |= fLate
	}
	s.firstTouch(t, p, hot)
}

// contactProb is the probability that an attempt reaches p: the hot or
// cold contact probability, never for bad contact data.
func (s *Sim) contactProb(p *prospect, hot bool) float64 {
	switch {
	case p.kind == kindBadData:
		return 0
	case hot:
		return s.m.contactHot
	}
	return s.m.contactCld
}

// firstTouch records the first attempt after marketing's hand-off
// decision (by a rep, or by the cell): the speed-to-lead metrics.
func (s *Sim) firstTouch(t float64, p *prospect, hot bool) {
	if p.flags&fCounted == 0 {
		return
	}
	w := t - p.handedAt
	b := DelayBucket(w)
	p.touchBin = uint8(b) + 1
	s.detail.Touches[b]++
	s.detail.Delays[delayBin(w)]++
	s.acc.tried++
	s.acc.waitSum += w
	s.speeds = append(s.speeds, w)
	if w > 0 {
		s.acc.waited++
	}
	if w <= 1 {
		s.acc.within1h++
	}
	if hot {
		s.acc.hot++
	}
}

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

// interrupt stops rep r's own task for lead p, while the team is at work,
// if finishing the task first would breach p's SLA: the rest of the task goes back to the front of the
// rep's own queue (with its deal, if any), and the rep calls its next lead.
func (s *Sim) interrupt(t float64, r int32, p *prospect) {
	m := s.m
	rp := &s.reps[r]
	done := m.hours.OpenHours(rp.start, t)
	rest := math.Max(rp.curOwn.dur-done, 0)
	if m.hours.OpenHours(p.handedAt, t)+rest <= float64(p.slaH) {
		return // the task ends in time
	}
	s.acc.busy += m.hours.OpenHours(maxf(rp.start, m.warmup), minf(t, m.windowEnd))
	s.q.Cancel(rp.freeH)
	rp.own.pushFront(ownTask{dur: rest, value: rp.curOwn.value})
	rp.busy = false
	if !s.startLead(t, r) {
		s.startOwn(t, r)
	}
}

// leadDue reports whether the lead rep r would take next has an SLA that
// an own task started now would breach: its first attempt is due within
// the mean own-task duration (working hours).
func (s *Sim) leadDue(t float64, r int32) bool {
	for _, l := range [2]*line{&s.reps[r].leads, &s.pooled} {
		for l.size > 0 {
			e := l.peek(s.r.Queue)
			p := &s.ps[e.slot]
			if p.ticket != e.ticket || p.status != psWaiting {
				l.pop(s.r.Queue) // stale: drop it now
				continue
			}
			if p.attempts > 0 || p.slaH == 0 {
				return false
			}
			return s.m.hours.OpenHours(p.handedAt, t)+s.m.ownTask.mean >= float64(p.slaH)
		}
	}
	return false
}

// startLead makes a call attempt on rep r's next lead. The attempt's
// outcome is drawn now, from the prospect's sales stream, and applied when
// the call ends.
func (s *Sim) startLead(t float64, r int32) bool {
	if !s.leadTime(t) {
		return false
	}
	e, ok := s.nextLead(r)
	if !ok {
		return false
	}
	m := s.m
	p := &s.ps[e.slot]
	if p.timer == tmIgnore {
		s.clearTimer(p)
	}
	p.status = psCalling
	p.rep = r
	p.attempts++
	if s.hook != nil && s.hook.call != nil {
		s.hook.call(t, p)
	}
	hot := t < p.hotUntil
	counted := p.flags&fCounted != 0
	if p.attempts == 1 && counted && p.slaH > 0 && m.hours.OpenHours(p.handedAt, t) > float64(p.slaH) {
		s.acc.slaBreach++
	}
	s.touch(t, p, hot)
	rnd := s.use(&p.sal)
	pc := s.contactProb(p, hot)
	p.flags &^= fPendReach | fPendSQL
	var dur float64
	if rnd.Float64() < pc {
		p.flags |= fPendReach
		if p.attempts == 1 && p.flags&fFromCell == 0 && counted && p.touchBin > 0 {
			s.detail.Reached[p.touchBin-1]++
		}
		pq := m.qualifyCld
		if hot {
			pq = m.qualifyHot
		}
		receptive := rnd.Float64() < pq
		dur = sample(m.call, rnd)
		if receptive && s.bantMet(p, rnd, m.bantAcc) >= s.r.SQLMinBANT {
			p.flags |= fPendSQL
			if m.journeys {
				dur += sample(m.oppWork, rnd)
			}
		}
	} else {
		dur = m.attemptH
	}
	rp := &s.reps[r]
	rp.curLead, rp.isLead, rp.busy, rp.start = e, true, true, t
	s.q.Schedule(m.hours.AddWork(t, dur), evRepFree, event{kind: evRepFree, idx: r})
	return true
}

// bantMet is the number of BANT criteria a call reads as met: each
// criterion is read right with probability acc. Budget is met by an
// allocated budget, and, unless the policy is strict, by one to be set
// after seeing solutions. Without journeys every criterion is met and read
// right (the reference funnel).
func (s *Sim) bantMet(p *prospect, rnd *rand.Rand, acc float64) int {
	if !s.m.journeys {
		return 4
	}
	genuine := p.kind == kindGenuine
	truth := [4]bool{
		genuine && (p.budget == budgetAllocated || (p.budget == budgetAfterSolutions && !s.r.StrictBudget)),
		p.auth == authDecisionMaker,
		genuine && p.stage >= stAware,
		genuine && p.stage >= stObjective,
	}
	n := 0
	for _, v := range truth {
		if (rnd.Float64() < acc) == v {
			n++
		}
	}
	return n
}

// repFree ends rep r's current task and applies its outcome.
func (s *Sim) repFree(t float64, r int32) {
	m := s.m
	rp := &s.reps[r]
	rp.busy = false
	// Working hours of the task inside the measured window (work pauses
	// outside working hours, so this is its duration when unclipped).
	d := m.hours.OpenHours(maxf(rp.start, m.warmup), minf(t, m.windowEnd))
	s.acc.busy += d
	if rp.isLead {
		s.acc.marketingHours += d
		s.endCall(t, rp.curLead)
	} else if rp.curOwn.value > 0 && t >= m.warmup {
		s.acc.revenue += rp.curOwn.value
		s.res.Metrics[DealsWon]++
		s.addTop(rp.curOwn.value, false)
	}
	if !s.tryStart(t, r) && !rp.idle {
		rp.idle = true
		s.idle = append(s.idle, r)
		s.armWake(t, r)
	}
}

func (s *Sim) endCall(t float64, e entry) {
	p := &s.ps[e.slot]
	if p.ticket != e.ticket || p.status != psCalling {
		return // the prospect decided during the call
	}
	counted := p.flags&fCounted != 0
	if p.flags&fPendReach == 0 {
		if int(p.attempts) < s.r.Attempts {
			p.status = psRetry
			s.setTimer(p, e.slot, tmRetry, t+s.r.SpacingHours)
			return
		}
		p.flags |= fLate
		s.setback(t, e.slot, p, policies.Unreached)
		return
	}
	if p.flags&fReached == 0 {
		p.flags |= fReached
		if counted {
			s.acc.reached++
		}
	}
	if p.flags&fPendSQL == 0 {
		s.noteReason(p)
		s.setback(t, e.slot, p, policies.Disqualified)
		return
	}
	if counted {
		s.res.Metrics[SQLs]++
		s.res.Metrics[Opportunities]++
		if p.touchBin > 0 {
			s.detail.Qualified[p.touchBin-1]++
		}
	}
	s.openOpportunity(t, e.slot, p)
}

func (s *Sim) openOpportunity(t float64, id int32, p *prospect) {
	m := s.m
	if s.hook != nil && s.hook.opp != nil {
		s.hook.opp(t, p)
	}
	p.status = psOpp
	s.reps[p.rep].openOpps++
	if !m.journeys {
		// The reference funnel: decided at once.
		s.reps[p.rep].openOpps--
		g := &m.segments[0]
		counted := p.flags&fCounted != 0
		d := s.decision(p) // the journey stream is otherwise unused here
		if d.uWin < g.winRate {
			if counted {
				s.res.Outcomes.Won++
				s.win(t, p, math.Exp(g.dealMu+g.dealSigma*d.zDeal))
			}
		} else if counted {
			s.res.Outcomes.Competitor++
			s.acc.leaked[causeLostInCompetition] += math.Exp(g.dealMu + g.dealSigma*d.zDeal)
			s.acc.leakedN++
		}
		s.release(id, p)
		return
	}
	g := &m.segments[p.segment]
	if p.stage < stEvaluating {
		p.flags |= fEarly
	}
	p.cycleEnd = t + g.cycleH*s.use(&p.sal).ExpFloat64()
	if p.kind != kindGenuine {
		// Nobody there will ever buy: the opportunity dies at the end of
		// the cycle, as a stall.
		s.setTimer(p, id, tmStall, p.cycleEnd)
		return
	}
	if s.r.StallDays > 0 && p.stage < stEvaluating {
		s.setTimer(p, id, tmStall, t+s.r.StallDays*24)
	}
}

// timer handles a prospect's timer.
func (s *Sim) timer(t float64, id int32) {
	p := &s.ps[id]
	kind := p.timer
	p.tH, p.timer = sim.Handle{}, tmNone
	switch kind {
	case tmIgnore:
		if p.status != psWaiting {
			return
		}
		if p.flags&fCounted != 0 {
			s.res.Metrics[Ignored]++
		}
		p.flags |= fIgnored
		s.setback(t, id, p, policies.Ignored)
	case tmRetry:
		if p.status == psRetry {
			if s.r.Routing == policies.Pooled {
				p.rep = -1 // back to the shared queue, not the first caller's
			}
			s.enqueue(t, id, p)
		}
	case tmCellRetry:
		if p.status == psCellRetry {
			s.cellQueue(t, id, p)
		}
	case tmStall:
		if p.status == psOpp && (p.stage < stEvaluating || p.kind != kindGenuine) {
			s.reps[p.rep].openOpps--
			s.setback(t, id, p, policies.Stalled)
		}
	}
}

// ---- own pipeline ----------------------------------------------------------

// Own-pipeline tasks arrive at each rep as a Poisson process drawn lazily
// from the rep's own stream: a rep takes in the tasks that have arrived by
// the time it looks at its queue (pullOwn), and only an idle rep needs an
// event to wake it when the next one arrives (armWake). A task's duration
// and outcome are drawn when it arrives.

// pullOwn moves the own tasks that have arrived by t into the rep's queue.
func (s *Sim) pullOwn(t float64, rp *rep) {
	m := s.m
	for rp.ownNext <= t {
		r := s.use(&rp.ownRng)
		task := ownTask{dur: sample(m.ownTask, r)}
		won, z := r.Float64() < m.ownWin, r.NormFloat64()
		if won {
			task.value = math.Exp(m.ownMu + m.ownSigma*z)
		}
		rp.own.push(task)
		rp.ownNext += r.ExpFloat64() / m.ownRate
		if rp.ownNext >= m.windowEnd {
			rp.ownNext = math.Inf(1)
		}
	}
}

// armWake books an idle rep's wake-up for its next own task (at the next
// working instant from its arrival: an idle rep off work has nothing to do
// before the opening).
func (s *Sim) armWake(t float64, r int32) {
	rp := &s.reps[r]
	s.q.Cancel(rp.wake)
	rp.wake = sim.Handle{}
	if !math.IsInf(rp.ownNext, 1) {
		at := s.m.hours.NextOpen(math.Max(rp.ownNext, t))
		rp.wake = s.q.Schedule(at, evOwnTask, event{kind: evOwnTask, idx: r})
	}
}

// wakeUp runs when an idle rep's own task has arrived.
func (s *Sim) wakeUp(t float64, r int32) {
	rp := &s.reps[r]
	rp.wake = sim.Handle{}
	if !s.tryStart(t, r) && rp.idle {
		s.armWake(t, r)
	}
}

// ---- end of a replication --------------------------------------------------

// finish classifies the prospects still live and turns the running sums into
// the replication's metrics.
func (s *Sim) finish() {
	m := s.m
	end := s.endTime
	for i := range s.ps {
		p := &s.ps[i]
		if p.status == psFree || p.flags&fCounted == 0 {
			continue
		}
		switch p.status {
		case psWaiting, psCalling, psRetry, psOpp, psCellWait, psCellCall, psCellRetry:
			s.res.Outcomes.Open++
		default:
			s.res.Outcomes.NeverBought++
		}
		s.leaveNurture(end, p)
		if p.flags&fRejected != 0 && s.rejectWindowComplete(p) {
			s.acc.rejectedN++
		}
	}
	// Work in progress at the end of the observation counts up to the end.
	for i := range s.reps {
		rp := &s.reps[i]
		if !rp.busy {
			continue
		}
		d := m.hours.OpenHours(maxf(rp.start, m.warmup), minf(end, m.windowEnd))
		s.acc.busy += d
		if rp.isLead {
			s.acc.marketingHours += d
		}
	}
	a := &s.acc
	r := &s.res.Metrics
	tried := float64(a.tried)
	r[Contacted] = tried
	r[WaitedShare] = ratio(float64(a.waited), tried)
	r[WaitMeanH] = ratio(a.waitSum, tried)
	r[SpeedToLeadMedianH] = median(s.speeds)
	r[ContactedWithin1hShare] = ratio(float64(a.within1h), tried)
	r[HotContactShare] = ratio(float64(a.hot), tried)
	r[NeverContactedShare] = ratio(r[Handoffs]-float64(a.reached), r[Handoffs])
	r[QualifiedShare] = ratio(r[SQLs], tried)
	r[SLABreaches] = float64(a.slaBreach)
	r[DealsWon] += float64(s.res.Outcomes.Won)
	r[MarketingDealsWon] = float64(a.marketingWins)
	r[OffTargetHandoffShare] = ratio(float64(a.offTarget), r[Handoffs])
	r[CellCost] = float64(len(s.agents)) * s.cellHours.OpenHours(m.warmup, m.windowEnd) * s.r.Cell.CostPerHour
	r[MQLThresholdEnd] = s.threshold
	s.res.Detail = s.detail
	s.res.Detail.Weeks = slices.Clone(s.weeks) // the Sim reuses its buffer
	r[Revenue] = a.revenue
	r[MarketingRevenue] = a.marketingRevenue
	r[HandoffWasteShare] = ratio(r[Rejected]+r[Ignored], r[Handoffs])
	r[RejectedLaterBoughtShare] = ratio(float64(a.rejectedBought), float64(a.rejectedN))
	for i, m := range [4]Metric{BoughtWithin3mShare, BoughtWithin6mShare, BoughtWithin12mShare, BoughtWithin24mShare} {
		r[m] = ratio(float64(a.windowBought[i]), float64(a.windowN[i]))
	}
	r[GenuineBoughtWithin24mShare] = ratio(float64(a.genuineBought), float64(a.genuineN))
	r[LeakedProspects] = float64(a.leakedN)
	var leaked float64
	for c, v := range a.leaked {
		r[causeMetric[c]] = v
		leaked += v
	}
	r[LeakedRevenue] = leaked
	r[RepUtilization] = ratio(a.busy, float64(m.reps)*m.hours.OpenHours(m.warmup, m.windowEnd))
	r[RepHoursMarketingLeads] = a.marketingHours
	r[MarketingCost] = a.inquiryCost + (a.nurtureHours*m.nurturePerHour+a.recycleHours*s.recTouch)*m.costTouch
	r[SalesCost] = a.marketingHours * m.costRepHour
	r[CostPerWonDeal] = ratio(r[MarketingCost]+r[SalesCost]+r[CellCost], float64(a.marketingWins))
	n := 0
	for _, d := range s.top {
		if d.value > 0 && d.marketing {
			n++
		}
	}
	r[Top5DealsFromMarketing] = float64(n)
	r[TimeToRevenueMedianDays] = median(s.toRevenue)
}

// median returns the median of xs (NaN if empty), reordering xs. It runs
// in linear expected time (quickselect), since a replication may have
// hundreds of thousands of values.
func median(xs []float64) float64 {
	n := len(xs)
	if n == 0 {
		return math.NaN()
	}
	hi := selectKth(xs, n/2)
	if n%2 == 1 {
		return hi
	}
	// The lower middle is the largest value left of position n/2.
	lo := xs[0]
	for _, x := range xs[1 : n/2] {
		lo = math.Max(lo, x)
	}
	return (lo + hi) / 2
}

// selectKth partially orders xs so that xs[k] is the value of rank k, all
// values before it are <= it and all after are >= it, and returns it.
func selectKth(xs []float64, k int) float64 {
	lo, hi := 0, len(xs)-1
	for lo < hi {
		// Median of three as pivot: deterministic, and good on sorted input.
		mid := lo + (hi-lo)/2
		a, b, c := xs[lo], xs[mid], xs[hi]
		pivot := math.Max(math.Min(a, b), math.Min(math.Max(a, b), c))
		i, j := lo, hi
		for i <= j {
			for xs[i] < pivot {
				i++
			}
			for xs[j] > pivot {
				j--
			}
			if i <= j {
				xs[i], xs[j] = xs[j], xs[i]
				i++
				j--
			}
		}
		switch {
		case k <= j:
			hi = j
		case k >= i:
			lo = i
		default:
			return xs[k]
		}
	}
	return xs[k]
}

// minf and maxf are math.Min and math.Max for values known not to be NaN
// or signed zeros, cheap enough for the event loop.
func minf(a, b float64) float64 {
	if a < b {
		return a
	}
	return b
}

func maxf(a, b float64) float64 {
	if a > b {
		return a
	}
	return b
}

// ratio returns a/b, or NaN when b is 0 (a share of nothing is undefined,
// and must not pass for 0 in an average).
func ratio(a, b float64) float64 {
	if b == 0 {
		return math.NaN()
	}
	return a / b
}
