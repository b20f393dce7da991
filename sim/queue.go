package sim

import (
	"math"
	"slices"
	"unsafe"
)

// Handle identifies a scheduled event. The zero Handle refers to no event.
type Handle struct {
	slot int32  // index into the slot table, plus one (0 = none)
	gen  uint32 // generation of the slot when the event was scheduled
}

// Valid reports whether h was returned by Schedule (it may have fired since).
func (h Handle) Valid() bool { return h.slot != 0 }

// entry is one pending event in the heap, a bucket or the sorted run. It is
// kept small (24 bytes) so that moving it is cheap; the payload lives in the
// slot table. Outside the heap an entry is valid while its slot is still
// parked (posBucket or posSorted) with the same ver.
type entry struct {
	t    float64
	key  uint64 // priority in the top 8 bits, insertion sequence below
	slot int32
	ver  uint32 // the slot's ver when parked; unused in the heap
}

func (a *entry) less(b *entry) bool {
	if a.t != b.t {
		return a.t < b.t
	}
	return a.key < b.key
}

type slot[T any] struct {
	pos  int32  // index in the heap; posFree when free, posBucket when in a bucket
	gen  uint32 // incremented each time the slot is released
	ver  uint32 // incremented each time the event is placed; validates bucket entries
	next int32  // next free slot, when free
	prio uint8
	ev   T
}

const (
	posFree   = -1
	posBucket = -2
	posSorted = -3 // in the loaded bucket's sorted run (q.cur)
)

// seqBits is the width of the insertion sequence in an entry key.
const seqBits = 56

// Queue is the event calendar: a 4-ary indexed min-heap keyed by
// (time, priority, insertion sequence). The zero value is ready to use.
//
// With SetBucketWidth, events far in the future wait in buckets of that
// width (unsorted); when the clock reaches a bucket its events are sorted
// into a run, and only events scheduled into the current bucket go to the
// heap, so the heap stays small however many events are pending. Models with long horizons (journeys of months) keep millions
// of pending events; the buckets keep the heap small and cache-resident.
// The order of events is the same with or without buckets.
type Queue[T any] struct {
	heap  []entry
	slots []slot[T]
	free  int32 // head of the free slot list, -1 when empty (see init)
	seq   uint64
	now   float64
	ready bool
	n     int // pending events
	// hole: the heap's root is vacant, left by Pop for the next Schedule
	// into the heap to fill (one sift-down instead of a sift-down and a
	// sift-up); settle fills it with the last entry before anything else
	// reads the heap.
	hole bool
	// prefetch: Pop prefetches slots ahead in the sorted run (prefetch.go)
	prefetch bool

	width   float64  // bucket width; 0: no buckets
	loaded  float64  // events before this time are in the heap, the others in buckets
	next    int      // index of the next bucket to load
	buckets []bucket // bucket b holds events in [b*width, (b+1)*width)
	spare   *chunk   // free chunks, linked by next
	cur     []entry  // the loaded bucket, sorted; cur[curPos:] are pending (or stale)
	curPos  int
	tmp     []entry // scratch for sortRun
	counts  []int32 // scratch for sortRun

	lanes   []lane[T] // lanes.go
	laneMin int32     // the lane of the earliest lane event, plus one; 0: none
	laneOn  int32     // busy lanes
}

// ReserveBytes caps an up-front reservation (Queue.Reserve, and the
// buffers a model reserves from its expected size): past it a buffer grows
// by appending, with amortised doubling. A reservation proportional to a
// scenario's size is otherwise unbounded (a million inquiries an hour asked
// for 71.5 GB at once; issue 12).
const ReserveBytes = 32 << 20

// ReserveCap returns n, capped so that n elements of size bytes each take
// at most ReserveBytes (and at least one element).
func ReserveCap(n int, size uintptr) int {
	if n <= 0 {
		return 0
	}
	return min(n, max(ReserveBytes/int(max(size, 1)), 1))
}

// Reserve makes room for n pending events at once, so that a model which
// knows its size does not copy a growing slot table (and leave the copies
// behind as garbage). The reservation is capped at ReserveBytes; the table
// grows past it as needed.
func (q *Queue[T]) Reserve(n int) {
	q.init()
	n = ReserveCap(n, unsafe.Sizeof(slot[T]{}))
	if n > cap(q.slots) {
		q.slots = slices.Grow(q.slots, n-len(q.slots))
	}
}

// Slots returns the number of event slots the queue has used at most at
// once: the peak of pending events.
func (q *Queue[T]) Slots() int { return len(q.slots) }

// Len returns the number of pending events.
func (q *Queue[T]) Len() int { return q.n }

// Now returns the time of the last event popped (0 before the first).
func (q *Queue[T]) Now() float64 { return q.now }

// Reset empties the queue and sets the clock to 0, keeping its memory.
func (q *Queue[T]) Reset() {
	q.heap = q.heap[:0]
	q.hole = false
	// Invalidate outstanding handles by bumping every generation, and
	// rebuild the free list in slot order so reuse is deterministic.
	q.free = -1
	for i := len(q.slots) - 1; i >= 0; i-- {
		s := &q.slots[i]
		s.gen++
		s.ver++
		s.pos = posFree
		s.next = q.free
		var zero T
		s.ev = zero
		q.free = int32(i)
	}
	q.seq = 0
	q.now = 0
	q.n = 0
	q.ready = true
	q.resetBuckets()
	q.resetLanes()
}

func (q *Queue[T]) init() {
	if !q.ready {
		q.free = -1
		q.ready = true
		q.resetBuckets()
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
		if len(q.slots) == cap(q.slots) {
			// Double, rather than append's quarter past a large size:
			// the copies a growing table leaves behind add up to about
			// its final size instead of four times it.
			q.slots = slices.Grow(q.slots, max(len(q.slots), 64))
		}
		q.slots = append(q.slots, slot[T]{})
		si = int32(len(q.slots) - 1)
	}
	s := &q.slots[si]
	s.ev = ev
	s.prio = prio
	q.place(si, t, uint64(prio)<<seqBits|q.seq)
	q.seq++
	if q.seq >= 1<<seqBits {
		panic("sim: event sequence overflow")
	}
	q.n++
	return Handle{slot: si + 1, gen: s.gen}
}

// place puts slot si's event at time t with key into the heap, or into its
// bucket if it is beyond the loaded part of the calendar.
func (q *Queue[T]) place(si int32, t float64, key uint64) {
	s := &q.slots[si]
	s.ver++
	if t < q.loaded {
		if q.hole {
			// The root Pop left vacant: the new entry can only sink
			// from there.
			q.hole = false
			s.pos = 0
			q.heap[0] = entry{t: t, key: key, slot: si}
			q.down(0)
			return
		}
		s.pos = int32(len(q.heap))
		q.heap = append(q.heap, entry{t: t, key: key, slot: si})
		q.up(int(s.pos))
		return
	}
	b := int(t / q.width)
	for b >= len(q.buckets) {
		q.buckets = append(q.buckets, bucket{})
	}
	s.pos = posBucket
	bk := &q.buckets[b]
	if bk.tail == nil || bk.tail.n == chunkLen {
		c := q.spare
		if c != nil {
			q.spare = c.next
			c.next = nil
		} else {
			c = new(chunk)
		}
		if bk.tail == nil {
			bk.head = c
		} else {
			bk.tail.next = c
		}
		bk.tail = c
	}
	bk.tail.e[bk.tail.n] = entry{t: t, key: key, slot: si, ver: s.ver}
	bk.tail.n++
}

// Peek returns the time of the next event, or +Inf if there is none.
func (q *Queue[T]) Peek() float64 {
	q.settle()
	if h := q.head(); h != nil {
		if q.laneFirst(h) {
			return q.lanes[q.laneMin-1].t
		}
		return h.t
	}
	if q.laneMin != 0 {
		return q.lanes[q.laneMin-1].t
	}
	return math.Inf(1)
}

// head returns the next event of the sorted run or the heap (after
// settle), nil if both are empty: the next event, unless a lane's comes
// first.
func (q *Queue[T]) head() *entry {
	if q.width > 0 {
		q.fill()
		if q.fromCur() {
			return &q.cur[q.curPos]
		}
	}
	if len(q.heap) == 0 {
		return nil
	}
	return &q.heap[0]
}

// Pop removes the next event, advances the clock to its time and returns
// it. ok is false when the queue is empty.
func (q *Queue[T]) Pop() (t float64, ev T, ok bool) {
	return q.PopUntil(math.Inf(1))
}

// PopUntil is Pop for an event at or before limit: ok is false, and
// nothing is removed, when the queue is empty or its next event comes
// after limit. It is Peek and Pop in one look at the calendar.
func (q *Queue[T]) PopUntil(limit float64) (t float64, ev T, ok bool) {
	q.settle()
	if q.width > 0 {
		q.fill()
		if q.fromCur() {
			e := q.cur[q.curPos]
			if q.laneFirst(&e) {
				return q.popLane(limit)
			}
			if !(e.t <= limit) {
				return 0, ev, false
			}
			q.prefetchSlot()
			q.curPos++
			q.n--
			ev = q.slots[e.slot].ev
			q.release(e.slot)
			q.now = e.t
			return e.t, ev, true
		}
	}
	if len(q.heap) == 0 {
		if q.laneMin != 0 {
			return q.popLane(limit)
		}
		return 0, ev, false
	}
	if q.laneFirst(&q.heap[0]) {
		return q.popLane(limit)
	}
	top := q.heap[0]
	if !(top.t <= limit) {
		return 0, ev, false
	}
	q.n--
	// The root stays vacant until the next Schedule into the heap fills
	// it, or settle does: a handler usually schedules an event as soon as
	// it runs.
	q.hole = true
	s := &q.slots[top.slot]
	ev = s.ev
	q.release(top.slot)
	q.now = top.t
	return top.t, ev, true
}

// Cancel removes a pending event. It returns false if the event has already
// fired or been cancelled.
func (q *Queue[T]) Cancel(h Handle) bool {
	if h.slot == 0 {
		return false // the zero Handle: models cancel it often, and this inlines
	}
	return q.cancel(h)
}

func (q *Queue[T]) cancel(h Handle) bool {
	si, ok := q.lookup(h)
	if !ok {
		return false
	}
	if pos := q.slots[si].pos; pos >= 0 {
		// The root may be vacant (hole): removeAt leaves it so, as every
		// entry still in the heap comes after the one popped from it.
		q.removeAt(int(pos))
	}
	q.release(si) // a parked or sorted entry goes stale with the slot's ver
	q.n--
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
	s := &q.slots[si]
	if s.pos >= 0 {
		// The new key may come before the popped root's (a lower
		// priority number at the same time): fill the root first.
		q.settle()
		i := int(s.pos)
		if t < q.loaded {
			e := &q.heap[i]
			e.t = t
			e.key = uint64(s.prio)<<seqBits | q.seq
			q.seq++
			q.up(i)
			q.down(int(s.pos))
			return true
		}
		q.removeAt(i)
	}
	// A parked or sorted entry goes stale when place bumps the slot's ver.
	q.place(si, t, uint64(s.prio)<<seqBits|q.seq)
	q.seq++
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
	if s.gen != h.gen || s.pos == posFree {
		return 0, false
	}
	return si, true
}

func (q *Queue[T]) release(si int32) {
	s := &q.slots[si]
	s.gen++
	s.ver++
	s.pos = posFree
	var zero T
	s.ev = zero
	s.next = q.free
	q.free = si
}
