package funnel

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
// It returns the metrics it computes and the number of inquiries; it
// processes two events per inquiry (its arrival and the end of its call).
// m must be a model of the reference funnel, as for Lindley. Its buffers
// are allocated once per call (the heap holds at most reps+1 events; the
// waiting ring grows by doubling), never per event.
func HeapLoop(m *Model, rep int) (Metrics, int64) {
	st := newRefStreams(m, rep)
	var a refTally
	h := hlHeap{ev: make([]hlEvent, 0, m.reps+1)}
	calls := make([]hlCall, m.reps) // each rep's current call
	idle := make([]int32, 0, m.reps)
	for i := m.reps - 1; i >= 0; i-- { // rep 0 on top, as in resetTeam
		idle = append(idle, int32(i))
	}
	var wait hlRing

	if t := st.next(m, 0); t < m.horizon {
		h.push(t, evArrival, 0)
	}
	var q refInquiry // the inquiry that arrives
	for len(h.ev) > 0 {
		e := h.pop()
		t := e.t
		var k int32          // the rep that starts a call at t,
		var next *refInquiry // with this inquiry (nil: none)
		if e.kind() == evArrival {
			if at := st.next(m, t); at < m.horizon {
				h.push(at, evArrival, 0)
			}
			q = st.inquiry(m, a.n, t)
			a.n++
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
			a.busyIn(m, c.start, t)
			a.revenue += c.value
			if wait.size == 0 {
				idle = append(idle, k)
				continue
			}
			next = wait.pop()
		}
		// Rep k starts the call of inquiry next at t.
		calls[k] = hlCall{start: t, value: a.start(m, next, t)}
		h.push(t+next.dur, evRepFree, k)
	}
	return a.metrics(m), a.n
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
	buf        []refInquiry
	head, size int
}

func (r *hlRing) push(q refInquiry) {
	if r.size == len(r.buf) {
		nb := make([]refInquiry, max(64, 2*len(r.buf)))
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
func (r *hlRing) pop() *refInquiry {
	q := &r.buf[r.head]
	r.head = (r.head + 1) & (len(r.buf) - 1)
	r.size--
	return q
}
