package sim

// Lanes. A stream of events that is never cancelled or moved, and of
// which at most one is pending at a time (each event schedules the next,
// as a Poisson source does), can wait in a lane of its own instead of the
// heap: Pop compares the earliest lane's event with the heap's root (or
// the sorted run's head) and takes it without sifting anything. Its key is
// taken from the same insertion sequence as every other event's, so the
// order of events is the same as if it had been scheduled into the heap.
// In the reference funnel half of the events are arrivals: their lane
// spares them the heap's sift-down, a slot and its bookkeeping.

// lane holds one lane's pending event, if on.
type lane[T any] struct {
	t   float64
	key uint64
	ev  T
	on  bool
}

// ScheduleLane adds an event at time t with the given priority to lane i
// (0 ≤ i; lanes are made as they are first used), which must be empty: a
// lane holds one event at a time, its stream's next. The event has no
// handle: it cannot be cancelled or moved. Like Schedule it panics on a
// time in the past or at NaN, and on a busy lane: both are model bugs.
func (q *Queue[T]) ScheduleLane(i int, t float64, prio uint8, ev T) {
	q.init()
	if !(t >= q.now) {
		panic("sim: event scheduled in the past or at NaN time")
	}
	for i >= len(q.lanes) {
		q.lanes = append(q.lanes, lane[T]{})
	}
	l := &q.lanes[i]
	if l.on {
		panic("sim: event scheduled into a busy lane")
	}
	*l = lane[T]{t: t, key: uint64(prio)<<seqBits | q.seq, ev: ev, on: true}
	q.seq++
	if q.seq >= 1<<seqBits {
		panic("sim: event sequence overflow")
	}
	q.n++
	q.laneOn++
	if q.laneMin == 0 || l.before(&q.lanes[q.laneMin-1]) {
		q.laneMin = int32(i) + 1
	}
}

// before reports whether lane event l comes before lane event o.
func (l *lane[T]) before(o *lane[T]) bool {
	if l.t != o.t {
		return l.t < o.t
	}
	return l.key < o.key
}

// laneFirst reports whether the earliest lane's event, if any, comes
// before head, the next event of the heap or the sorted run.
func (q *Queue[T]) laneFirst(head *entry) bool {
	if q.laneMin == 0 {
		return false
	}
	l := &q.lanes[q.laneMin-1]
	if l.t != head.t {
		return l.t < head.t
	}
	return l.key < head.key
}

// popLane removes the earliest lane's event and advances the clock to
// it, if it is at or before limit (PopUntil).
func (q *Queue[T]) popLane(limit float64) (t float64, ev T, ok bool) {
	l := &q.lanes[q.laneMin-1]
	if !(l.t <= limit) {
		return 0, ev, false
	}
	t, ev = l.t, l.ev
	var zero T
	l.ev, l.on = zero, false
	q.n--
	q.now = t
	q.laneMin = 0
	if q.laneOn--; q.laneOn == 0 {
		return t, ev, true // no lane left to look for (a single source's lane)
	}
	for i := range q.lanes {
		if o := &q.lanes[i]; o.on && (q.laneMin == 0 || o.before(&q.lanes[q.laneMin-1])) {
			q.laneMin = int32(i) + 1
		}
	}
	return t, ev, true
}

// resetLanes empties the lanes, keeping their memory.
func (q *Queue[T]) resetLanes() {
	clear(q.lanes)
	q.laneMin, q.laneOn = 0, 0
}
