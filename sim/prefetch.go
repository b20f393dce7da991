package sim

import "unsafe"

// Prefetching. A large model's events mostly touch slots and records not
// touched for days, which are no longer in the processor's caches: such an
// event waited for two reads from memory in a row, its slot, then the
// record its payload names. The sorted run of a loaded bucket says which
// events come next, so Pop prefetches the slot of the event slotAhead
// places ahead, and a model can prefetch the record that the payload a
// few places ahead names (Queue.Ahead). A prefetch never faults and
// changes no result. What it buys depends on the machine's last-level
// cache: docs/speed.md, "Prefetching, and the whole process on the EPYC".

// SetPrefetch turns the prefetching of slots on or off (off in the zero
// Queue). It costs a few instructions per event, which a calendar whose
// slots fit in the cache pays for nothing.
func (q *Queue[T]) SetPrefetch(on bool) { q.prefetch = on }

// Prefetching reports whether prefetching is on, for a model to prefetch
// what the payloads ahead name only then (Ahead).
func (q *Queue[T]) Prefetching() bool { return q.prefetch }

// slotAhead is how many events ahead in the sorted run Pop prefetches a
// slot: twice the distance at which a model reads payloads (Ahead), so
// that the slot is in the cache when the payload is read.
const slotAhead = 16

// prefetchSlot prefetches the slot of the event slotAhead places after
// the head of the sorted run, if prefetching is on.
func (q *Queue[T]) prefetchSlot() {
	if !q.prefetch {
		return
	}
	if a := q.curPos + slotAhead; a < len(q.cur) {
		PrefetchRange(unsafe.Pointer(&q.slots[q.cur[a].slot]), unsafe.Sizeof(slot[T]{}))
	}
}

// Ahead returns the payload of the event k places after the head of the
// sorted run (k ≥ 0), for the model to prefetch what it names; ok is false
// past the run's end. The event may have been cancelled or moved since it
// was parked, so the payload may be stale or zero: use it only as a hint.
// Events in the heap are not counted, so the k-th event of the run is at
// least k places ahead.
func (q *Queue[T]) Ahead(k int) (ev T, ok bool) {
	a := q.curPos + k
	if a >= len(q.cur) {
		return ev, false
	}
	return q.slots[q.cur[a].slot].ev, true
}
