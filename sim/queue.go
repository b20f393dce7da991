package sim

import "math"

// Handle identifies a scheduled event. The zero Handle refers to no event.
type Handle struct {
	slot int32  // index into the slot table, plus one (0 = none)
	gen  uint32 // generation of the slot when the event was scheduled
}

// Valid reports whether h was returned by Schedule (it may have fired since).
func (h Handle) Valid() bool { return h.slot != 0 }

// entry is one heap element. It is kept small (24 bytes) so that sifting
// moves little memory; the payload lives in the slot table.
type entry struct {
	t    float64
	key  uint64 // priority in the top 8 bits, insertion sequence below
	slot int32
}

func (a *entry) less(b *entry) bool {
	if a.t != b.t {
		return a.t < b.t
	}
	return a.key < b.key
}

type slot[T any] struct {
	pos  int32  // index in the heap, -1 when free
	gen  uint32 // incremented each time the slot is released
	next int32  // next free slot, when free
	ev   T
}

// seqBits is the width of the insertion sequence in an entry key.
const seqBits = 56

// Queue is the event calendar: a 4-ary indexed min-heap keyed by
// (time, priority, insertion sequence). The zero value is ready to use.
type Queue[T any] struct {
	heap  []entry
	slots []slot[T]
	free  int32 // head of the free slot list, -1 when empty (see init)
	seq   uint64
	now   float64
	ready bool
}

// Len returns the number of pending events.
func (q *Queue[T]) Len() int { return len(q.heap) }

// Now returns the time of the last event popped (0 before the first).
func (q *Queue[T]) Now() float64 { return q.now }

// Reset empties the queue and sets the clock to 0, keeping its memory.
func (q *Queue[T]) Reset() {
	q.heap = q.heap[:0]
	// Invalidate outstanding handles by bumping every generation, and
	// rebuild the free list in slot order so reuse is deterministic.
	q.free = -1
	for i := len(q.slots) - 1; i >= 0; i-- {
		s := &q.slots[i]
		s.gen++
		s.pos = -1
		s.next = q.free
		var zero T
		s.ev = zero
		q.free = int32(i)
	}
	q.seq = 0
	q.now = 0
	q.ready = true
}

func (q *Queue[T]) init() {
	if !q.ready {
		q.free = -1
		q.ready = true
	}
}

// Schedule adds an event at time t with the given priority (lower runs
// first among events at the same time) and returns its handle. Scheduling
// in the past (t < Now) or at a NaN time panics: it is a model bug.
func (q *Queue[T]) Schedule(t float64, prio uint8, ev T) Handle {
	q.init()
	if !(t >= q.now) { // also catches NaN
		panic("sim: event scheduled in the past or at NaN time")
	}
	var si int32
	if q.free >= 0 {
		si = q.free
		q.free = q.slots[si].next
	} else {
		q.slots = append(q.slots, slot[T]{})
		si = int32(len(q.slots) - 1)
	}
	s := &q.slots[si]
	s.ev = ev
	s.pos = int32(len(q.heap))
	q.heap = append(q.heap, entry{t: t, key: uint64(prio)<<seqBits | q.seq, slot: si})
	q.seq++
	if q.seq >= 1<<seqBits {
		panic("sim: event sequence overflow")
	}
	q.up(int(s.pos))
	return Handle{slot: si + 1, gen: s.gen}
}

// Peek returns the time of the next event, or +Inf if there is none.
func (q *Queue[T]) Peek() float64 {
	if len(q.heap) == 0 {
		return math.Inf(1)
	}
	return q.heap[0].t
}

// Pop removes the next event, advances the clock to its time and returns
// it. ok is false when the queue is empty.
func (q *Queue[T]) Pop() (t float64, ev T, ok bool) {
	if len(q.heap) == 0 {
		return 0, ev, false
	}
	top := q.heap[0]
	last := len(q.heap) - 1
	if last > 0 {
		// The last entry fills the root's place and can only sink.
		q.heap[0] = q.heap[last]
		q.heap = q.heap[:last]
		q.down(0)
	} else {
		q.heap = q.heap[:0]
	}
	s := &q.slots[top.slot]
	ev = s.ev
	q.release(top.slot)
	q.now = top.t
	return top.t, ev, true
}

// Cancel removes a pending event. It returns false if the event has already
// fired or been cancelled.
func (q *Queue[T]) Cancel(h Handle) bool {
	si, ok := q.lookup(h)
	if !ok {
		return false
	}
	q.removeAt(int(q.slots[si].pos))
	q.release(si)
	return true
}

// Reschedule moves a pending event to time t, keeping its payload and
// priority; it takes a new insertion sequence, as if cancelled and scheduled
// again. It returns false if the event is no longer pending.
func (q *Queue[T]) Reschedule(h Handle, t float64) bool {
	si, ok := q.lookup(h)
	if !ok {
		return false
	}
	if !(t >= q.now) {
		panic("sim: event rescheduled into the past or at NaN time")
	}
	i := int(q.slots[si].pos)
	e := &q.heap[i]
	e.t = t
	e.key = e.key&^(1<<seqBits-1) | q.seq
	q.seq++
	q.up(i)
	q.down(int(q.slots[si].pos))
	return true
}

// Payload returns a pointer to a pending event's payload, to read or
// modify it in place; nil if the event is no longer pending.
func (q *Queue[T]) Payload(h Handle) *T {
	si, ok := q.lookup(h)
	if !ok {
		return nil
	}
	return &q.slots[si].ev
}

func (q *Queue[T]) lookup(h Handle) (int32, bool) {
	si := h.slot - 1
	if si < 0 || int(si) >= len(q.slots) {
		return 0, false
	}
	s := &q.slots[si]
	if s.gen != h.gen || s.pos < 0 {
		return 0, false
	}
	return si, true
}

func (q *Queue[T]) release(si int32) {
	s := &q.slots[si]
	s.gen++
	s.pos = -1
	var zero T
	s.ev = zero
	s.next = q.free
	q.free = si
}

// removeAt deletes heap element i, keeping the heap and slot positions right.
func (q *Queue[T]) removeAt(i int) {
	last := len(q.heap) - 1
	if i != last {
		q.heap[i] = q.heap[last]
		q.slots[q.heap[i].slot].pos = int32(i)
		q.heap = q.heap[:last]
		q.down(i)
		q.up(i)
		return
	}
	q.heap = q.heap[:last]
}

func (q *Queue[T]) up(i int) {
	h := q.heap
	e := h[i]
	for i > 0 {
		p := (i - 1) >> 2
		if !e.less(&h[p]) {
			break
		}
		h[i] = h[p]
		q.slots[h[i].slot].pos = int32(i)
		i = p
	}
	h[i] = e
	q.slots[e.slot].pos = int32(i)
}

func (q *Queue[T]) down(i int) {
	h := q.heap
	n := len(h)
	if i >= n {
		return
	}
	e := h[i]
	for {
		c := 4*i + 1
		if c >= n {
			break
		}
		// Smallest of up to four children.
		m := c
		end := c + 4
		if end > n {
			end = n
		}
		for j := c + 1; j < end; j++ {
			if h[j].less(&h[m]) {
				m = j
			}
		}
		if !h[m].less(&e) {
			break
		}
		h[i] = h[m]
		q.slots[h[i].slot].pos = int32(i)
		i = m
	}
	h[i] = e
	q.slots[e.slot].pos = int32(i)
}
