package funnel

import (
	"context"
	"math"

	"funnellab/policies"
	"funnellab/sim"
	"funnellab/sim/rng"
)

// Event kinds, and their priorities among events at the same instant: the
// end of a call frees a rep before a new arrival or an opening looks for one.
const (
	evCallEnd uint8 = iota
	evArrival
	evOpen
)

// event is the payload of a scheduled event.
type event struct {
	kind uint8
	idx  int32 // channel (arrival) or rep (call end)
}

// prospect holds one prospect's latent draws and its progress.
type prospect struct {
	arrival   float64
	hotUntil  float64
	callDur   float64
	callStart float64
	uQualify  float64
	uWin      float64
	zDeal     float64
	hot       bool // first call started while hot
	counted   bool // arrived after the warm-up
}

// line is the queue of prospects waiting for a rep: a ring buffer of
// prospect indexes, taken from the front (FIFO) or the back (LIFO).
type line struct {
	buf        []int32
	head, size int
}

func (l *line) push(p int32) {
	if l.size == len(l.buf) {
		n := make([]int32, max(16, 2*len(l.buf)))
		for i := 0; i < l.size; i++ {
			n[i] = l.buf[(l.head+i)%len(l.buf)]
		}
		l.buf, l.head = n, 0
	}
	l.buf[(l.head+l.size)%len(l.buf)] = p
	l.size++
}

func (l *line) popFront() int32 {
	p := l.buf[l.head]
	l.head = (l.head + 1) % len(l.buf)
	l.size--
	return p
}

func (l *line) popBack() int32 {
	l.size--
	return l.buf[(l.head+l.size)%len(l.buf)]
}

// Sim is the reusable state of one replication. A Sim is not safe for
// concurrent use; give each worker its own.
type Sim struct {
	_ [64]byte // keep the fields below off cache lines of neighbouring objects
	m *Model

	q         sim.Queue[event]
	prospects []prospect
	free      []int32 // free prospect slots
	waiting   line
	idle      []int32 // idle reps
	onCall    []int32 // prospect on call per rep
	openSet   bool    // an evOpen event is pending

	arrivals []*rng.Stream // one per channel
	hotS     *rng.Stream
	callS    *rng.Stream
	qualS    *rng.Stream
	winS     *rng.Stream
	dealS    *rng.Stream

	// accumulators of the current run
	pol       policies.Policy
	res       Result
	waitSum   float64
	waited    int64
	within1h  int64
	hotCount  int64
	qualified int64
	revenue   float64
	busy      float64 // rep busy hours inside the measured window
	_         [64]byte
}

// Stream names of the per-prospect draws.
const (
	streamHot      = "hot_window"
	streamCall     = "call_duration"
	streamQualify  = "qualify"
	streamWin      = "win"
	streamDealSize = "deal_value"
)

// NewSim returns a Sim for the model.
func (m *Model) NewSim() *Sim {
	s := &Sim{m: m}
	for _, c := range m.channels {
		s.arrivals = append(s.arrivals, rng.New(m.seed, c.stream, 0))
	}
	s.hotS = rng.New(m.seed, streamHot, 0)
	s.callS = rng.New(m.seed, streamCall, 0)
	s.qualS = rng.New(m.seed, streamQualify, 0)
	s.winS = rng.New(m.seed, streamWin, 0)
	s.dealS = rng.New(m.seed, streamDealSize, 0)
	s.onCall = make([]int32, m.reps)
	s.idle = make([]int32, 0, m.reps)
	return s
}

// ctxCheckEvery is how many events run between two looks at the context.
const ctxCheckEvery = 1 << 16

// Run simulates replication rep under policy index pol and returns its
// result. It returns ctx.Err() if the context is cancelled during the run.
func (s *Sim) Run(ctx context.Context, rep, pol int) (Result, error) {
	s.reset(rep, pol)
	m := s.m
	for i, c := range m.channels {
		if c.rate > 0 {
			if t := s.arrivals[i].ExpFloat64() / c.rate; t < m.horizon {
				s.q.Schedule(t, evArrival, event{kind: evArrival, idx: int32(i)})
			}
		}
	}
	var n int64
	for {
		t, ev, ok := s.q.Pop()
		if !ok {
			break
		}
		n++
		if n%ctxCheckEvery == 0 && ctx.Err() != nil {
			return Result{}, ctx.Err()
		}
		switch ev.kind {
		case evArrival:
			s.arrive(t, int(ev.idx))
		case evCallEnd:
			s.endCall(t, ev.idx)
		case evOpen:
			s.openSet = false
			s.dispatch(t)
		}
	}
	s.res.Events = n
	s.finish()
	return s.res, nil
}

func (s *Sim) reset(rep, pol int) {
	m := s.m
	r := uint64(rep)
	for i, c := range m.channels {
		s.arrivals[i].Reset(m.seed, c.stream, r)
	}
	s.hotS.Reset(m.seed, streamHot, r)
	s.callS.Reset(m.seed, streamCall, r)
	s.qualS.Reset(m.seed, streamQualify, r)
	s.winS.Reset(m.seed, streamWin, r)
	s.dealS.Reset(m.seed, streamDealSize, r)
	s.q.Reset()
	s.prospects = s.prospects[:0]
	s.free = s.free[:0]
	s.waiting.head, s.waiting.size = 0, 0
	s.idle = s.idle[:0]
	for i := m.reps - 1; i >= 0; i-- {
		s.idle = append(s.idle, int32(i))
	}
	s.openSet = false
	s.pol = m.Policies[pol]
	s.res = Result{}
	s.waitSum, s.waited, s.within1h, s.hotCount, s.qualified = 0, 0, 0, 0, 0
	s.revenue, s.busy = 0, 0
}

func (s *Sim) draw(d duration, r *rng.Stream) float64 {
	switch d.kind {
	case durExp:
		return d.mean * r.ExpFloat64()
	case durLognormal:
		return math.Exp(d.mu + d.sigma*r.NormFloat64())
	}
	return d.mean
}

// arrive creates a prospect from channel ch, schedules the channel's next
// arrival and hands the prospect over according to the policy.
func (s *Sim) arrive(t float64, ch int) {
	m := s.m
	c := &m.channels[ch]
	if next := t + s.arrivals[ch].ExpFloat64()/c.rate; next < m.horizon {
		s.q.Schedule(next, evArrival, event{kind: evArrival, idx: int32(ch)})
	}
	var id int32
	if n := len(s.free); n > 0 {
		id = s.free[n-1]
		s.free = s.free[:n-1]
	} else {
		s.prospects = append(s.prospects, prospect{})
		id = int32(len(s.prospects) - 1)
	}
	p := &s.prospects[id]
	*p = prospect{
		arrival:  t,
		hotUntil: t + s.draw(m.hot, s.hotS),
		callDur:  s.draw(m.call, s.callS),
		uQualify: s.qualS.Float64(),
		uWin:     s.winS.Float64(),
		zDeal:    s.dealS.NormFloat64(),
		counted:  t >= m.warmup,
	}
	s.res.Arrivals++
	if p.counted {
		s.res.Metrics[Inquiries]++
	}
	// Policy direct: straight to the sales queue.
	s.waiting.push(id)
	s.dispatch(t)
}

// dispatch starts calls while a rep is idle, a lead waits and the team is
// at work; if leads wait while the team is off, it books the opening.
func (s *Sim) dispatch(t float64) {
	if s.waiting.size == 0 || len(s.idle) == 0 {
		return
	}
	if !s.m.hours.IsOpen(t) {
		if !s.openSet {
			s.q.Schedule(s.m.hours.NextOpen(t), evOpen, event{kind: evOpen})
			s.openSet = true
		}
		return
	}
	for s.waiting.size > 0 && len(s.idle) > 0 {
		var id int32
		if s.pol.Queue == policies.LIFO {
			id = s.waiting.popBack()
		} else {
			id = s.waiting.popFront()
		}
		n := len(s.idle) - 1
		rep := s.idle[n]
		s.idle = s.idle[:n]
		s.startCall(t, rep, id)
	}
}

func (s *Sim) startCall(t float64, rep, id int32) {
	p := &s.prospects[id]
	p.callStart = t
	p.hot = t < p.hotUntil
	s.onCall[rep] = id
	if p.counted {
		w := t - p.arrival
		s.res.Metrics[Contacted]++
		s.waitSum += w
		if w > 0 {
			s.waited++
		}
		if w <= 1 {
			s.within1h++
		}
		if p.hot {
			s.hotCount++
		}
	}
	s.q.Schedule(t+p.callDur, evCallEnd, event{kind: evCallEnd, idx: rep})
}

func (s *Sim) endCall(t float64, rep int32) {
	m := s.m
	id := s.onCall[rep]
	p := &s.prospects[id]
	// Rep time inside the measured window [warmup, horizon).
	if lo, hi := math.Max(p.callStart, m.warmup), math.Min(t, m.horizon); hi > lo {
		s.busy += hi - lo
	}
	if p.counted {
		pq := m.qualifyCold
		if p.hot {
			pq = m.qualifyHot
		}
		switch {
		case p.uQualify >= pq:
			s.res.Outcomes.Disqualified++
		case p.uWin >= m.winRate:
			s.qualified++
			s.res.Outcomes.Lost++
		default:
			s.qualified++
			s.res.Outcomes.Won++
			s.revenue += math.Exp(m.dealMu + m.dealSigma*p.zDeal)
		}
	}
	s.free = append(s.free, id)
	s.idle = append(s.idle, rep)
	s.dispatch(t)
}

// finish turns the accumulators into the replication's metrics.
func (s *Sim) finish() {
	m := s.m
	r := &s.res.Metrics
	c := r[Contacted]
	r[WaitedShare] = ratio(float64(s.waited), c)
	r[WaitMeanH] = ratio(s.waitSum, c)
	r[ContactedWithin1hShare] = ratio(float64(s.within1h), c)
	r[HotContactShare] = ratio(float64(s.hotCount), c)
	r[QualifiedShare] = ratio(float64(s.qualified), c)
	r[DealsWon] = float64(s.res.Outcomes.Won)
	r[Revenue] = s.revenue
	r[RepUtilization] = ratio(s.busy, float64(m.reps)*m.hours.OpenHours(m.warmup, m.horizon))
}

// ratio returns a/b, or NaN when b is 0 (a share of nothing is undefined,
// and must not pass for 0 in an average).
func ratio(a, b float64) float64 {
	if b == 0 {
		return math.NaN()
	}
	return a / b
}
