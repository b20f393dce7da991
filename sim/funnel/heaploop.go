package funnel

import (
	"math"
	"math/rand/v2"

	"funnellab/sim/rng"
)

// HeapLoop is a single-purpose discrete-event simulation of the reference
// funnel, the baseline issue 18 measured the engine against ("a binary
// heap, no allocation per event"): a hand-written event loop over a
// binary min-heap of small value events (an inquiry's arrival, a rep
// finishing a call), a FIFO ring of waiting inquiries and a stack of idle
// reps. Unlike Lindley, which needs no event queue at all, it pays for an
// event calendar as the engine does, so it is the fair floor of the
// issue's target (the engine within 2× of it).
//
// Events at the same time run in the engine's order (sim.Queue and the
// kinds of sim.go): by time, then by kind (a rep finishing, evRepFree,
// before an arrival, evArrival), then by insertion sequence. It draws from
// the same named streams, in the same order, as Lindley and the model: the
// channel's stream for the inter-arrival times; per inquiry, in arrival
// order, the hot window from the prospect stream, then the sales and
// journey streams reseeded by rng.SubSeed from the arrival number, from
// which come the decision draws, the contact draw, the qualify draw and the
// call duration. Its counts therefore equal the model's to the last bit
// and its sums agree to rounding (TestMatchesHeapLoop).
//
// Which idle rep takes an arriving inquiry changes nothing in the metrics
// but the order of the utilisation sum: it is the top of the idle stack,
// as in the model (reps.go), which starts with rep 0 on top; a rep that
// frees with nobody waiting goes back on top.
//
// It repeats Lindley's set-up of the streams, its draws and its tally on
// purpose: each baseline is one self-contained loop, with nothing between
// it and the machine. Sharing them through functions too large to inline
// cost Lindley 7.7% more instructions (0.712 G to 0.767 G for 10 years,
// callgrind) and the heap loop 0.6%, which would flatter the ratio the
// baselines are for.
//
// It returns the metrics it computes and the number of inquiries; it
// processes two events per inquiry (its arrival and the end of its call).
// m must be a model of the reference funnel, as for Lindley. Its buffers
// are allocated once per call (the heap holds at most reps+1 events; the
// waiting ring grows by doubling), never per event.
func HeapLoop(m *Model, rep int) (Metrics, int64) {
	r := uint64(rep)
	arr := rng.New(m.seed, m.channels[0].stream, r)
	pros := rng.New(m.seed, streamProspect, r)
	k1, k2 := rng.Seeds(m.seed, streamSales, r)
	j1, j2 := rng.Seeds(m.seed, streamJourney, r)
	var pcg, jpcg rand.PCG
	sal, jrn := rand.New(&pcg), rand.New(&jpcg)

	h := hlHeap{ev: make([]hlEvent, 0, m.reps+1)}
	calls := make([]hlCall, m.reps) // each rep's current call
	idle := make([]int32, 0, m.reps)
	for i := m.reps - 1; i >= 0; i-- { // rep 0 on top, as in resetTeam
		idle = append(idle, int32(i))
	}
	var wait hlRing

	var waitSum, busy, revenue float64
	var waited, within1h, hot, qualified, won, n int64
	rate := m.channels[0].rate
	segWin, dealMu, dealSigma := m.segments[0].winRate, m.segments[0].dealMu, m.segments[0].dealSigma

	if t := arr.ExpFloat64() / rate; t < m.horizon {
		h.push(t, evArrival, 0)
	}
	var q hlInquiry // the inquiry that arrives
	for len(h.ev) > 0 {
		e := h.pop()
		t := e.t
		var k int32         // the rep that starts a call at t,
		var next *hlInquiry // with this inquiry (nil: none)
		if e.kind() == evArrival {
			if at := t + arr.ExpFloat64()/rate; at < m.horizon {
				h.push(at, evArrival, 0)
			}
			pcg.Seed(rng.SubSeed(k1, k2, uint64(n)))
			jpcg.Seed(rng.SubSeed(j1, j2, uint64(n)))
			n++
			q.t, q.hotUntil = t, t+m.hot.mean*pros.ExpFloat64()
			q.z, q.uw = jrn.NormFloat64(), jrn.Float64() // the decision draws (and the unused no-decision one)
			_ = sal.Float64()                            // contact draw: always reached here
			q.uq = sal.Float64()
			q.dur = m.call.mean * sal.ExpFloat64()
			top := len(idle) - 1
			if top < 0 {
				wait.push(q)
				continue
			}
			k, next = idle[top], &q
			idle = idle[:top]
		} else {
			// A rep finishes its call: its working time inside the
			// window, the deal it won, then the next waiting inquiry or
			// the idle stack.
			k = e.idx
			c := &calls[k]
			if lo, hi := max(c.start, m.warmup), min(t, m.horizon); hi > lo {
				busy += hi - lo
			}
			revenue += c.value
			if wait.size == 0 {
				idle = append(idle, k)
				continue
			}
			next = wait.pop()
		}
		// Rep k starts the call of inquiry next at t.
		w := t - next.t
		waitSum += w
		if w > 0 {
			waited++
		}
		if w <= 1 {
			within1h++
		}
		isHot := t < next.hotUntil
		if isHot {
			hot++
		}
		pq := m.qualifyCld
		if isHot {
			pq = m.qualifyHot
		}
		c := &calls[k]
		c.start, c.value = t, 0
		if next.uq < pq {
			qualified++
			if next.uw < segWin {
				won++
				c.value = math.Exp(dealMu + dealSigma*next.z)
			}
		}
		h.push(t+next.dur, evRepFree, k)
	}

	var out Metrics
	cn := float64(n)
	out[Inquiries], out[Contacted], out[Handoffs], out[SALs] = cn, cn, cn, cn
	out[WaitedShare] = float64(waited) / cn
	out[WaitMeanH] = waitSum / cn
	out[ContactedWithin1hShare] = float64(within1h) / cn
	out[HotContactShare] = float64(hot) / cn
	out[QualifiedShare] = float64(qualified) / cn
	out[SQLs], out[Opportunities] = float64(qualified), float64(qualified)
	out[DealsWon] = float64(won)
	out[Revenue] = revenue
	out[RepUtilization] = busy / (float64(m.reps) * m.horizon)
	return out, n
}

// hlInquiry is a waiting inquiry of HeapLoop, with the draws it was made
// with at its arrival.
type hlInquiry struct {
	t, hotUntil float64 // arrival, end of the hot window
	dur         float64 // call duration
	uq, uw, z   float64 // qualify, win and deal-size draws
}

// hlCall is a rep's current call in HeapLoop: its start, and the value of
// the deal it wins (0 if none), counted when the call ends.
type hlCall struct {
	start, value float64
}

// hlEvent is a HeapLoop event: its time, its key (the kind, which is its
// priority, in the top 8 bits, the insertion sequence below, as in
// sim.Queue) and the rep it concerns (rep-free events).
type hlEvent struct {
	t   float64
	key uint64
	idx int32
}

const hlSeqBits = 56

func (e *hlEvent) kind() uint8 { return uint8(e.key >> hlSeqBits) }

func (a *hlEvent) less(b *hlEvent) bool {
	if a.t != b.t {
		return a.t < b.t
	}
	return a.key < b.key
}

// hlHeap is a binary min-heap of hlEvent values.
type hlHeap struct {
	ev  []hlEvent
	seq uint64
}

func (h *hlHeap) push(t float64, kind uint8, idx int32) {
	h.ev = append(h.ev, hlEvent{t: t, key: uint64(kind)<<hlSeqBits | h.seq, idx: idx})
	h.seq++
	ev := h.ev
	i := len(ev) - 1
	x := ev[i]
	for i > 0 {
		p := (i - 1) / 2
		if !x.less(&ev[p]) {
			break
		}
		ev[i] = ev[p]
		i = p
	}
	ev[i] = x
}

func (h *hlHeap) pop() hlEvent {
	ev := h.ev
	top := ev[0]
	n := len(ev) - 1
	x := ev[n]
	ev = ev[:n]
	h.ev = ev
	if n == 0 {
		return top
	}
	i := 0
	for {
		c := 2*i + 1
		if c >= n {
			break
		}
		if c+1 < n && ev[c+1].less(&ev[c]) {
			c++
		}
		if !ev[c].less(&x) {
			break
		}
		ev[i] = ev[c]
		i = c
	}
	ev[i] = x
	return top
}

// hlRing is HeapLoop's FIFO of waiting inquiries: a ring buffer whose
// length is a power of two, doubled when full.
type hlRing struct {
	buf        []hlInquiry
	head, size int
}

func (r *hlRing) push(q hlInquiry) {
	if r.size == len(r.buf) {
		nb := make([]hlInquiry, max(64, 2*len(r.buf)))
		for i := 0; i < r.size; i++ {
			nb[i] = r.buf[(r.head+i)&(len(r.buf)-1)]
		}
		r.buf, r.head = nb, 0
	}
	r.buf[(r.head+r.size)&(len(r.buf)-1)] = q
	r.size++
}

// pop returns the oldest waiting inquiry; the pointer is valid until the
// next push.
func (r *hlRing) pop() *hlInquiry {
	q := &r.buf[r.head]
	r.head = (r.head + 1) & (len(r.buf) - 1)
	r.size--
	return q
}
