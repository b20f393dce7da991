package funnel

import (
	"funnellab/policies"
)

// Queues of leads. A line is a ring buffer of (slot, ticket) entries,
// taken from the front (fifo) or the back (lifo); an entry whose ticket no
// longer matches its prospect's is stale and skipped.

// entry is a queued lead: prospect slot and hand-off ticket, and whether
// it can never be due under sla_first (a retry, or a lead without SLA:
// fixed for the entry's life, so dueLead passes over it without reading
// the prospect).
type entry struct {
	slot   int32
	ticket uint32
	never  bool
}

// ring is a growable ring buffer, taken from the front (FIFO) or the back
// (LIFO). Its length is 0 or a power of two (push makes it 16, then
// doubles it), so that a position wraps with a mask (wrap): the % of a
// variable length was a 64-bit division, on every push and pop.
type ring[T any] struct {
	buf        []T
	head, size int
}

// wrap returns position i (which may be one before the start, or up to
// twice the length) wrapped into buf.
func (r *ring[T]) wrap(i int) int { return i & (len(r.buf) - 1) }

func (r *ring[T]) push(x T) {
	if r.size == len(r.buf) {
		n := make([]T, max(16, 2*len(r.buf)))
		for i := 0; i < r.size; i++ {
			n[i] = r.buf[r.wrap(r.head+i)]
		}
		r.buf, r.head = n, 0
	}
	r.buf[r.wrap(r.head+r.size)] = x
	r.size++
}

// pushFront puts x before the current front.
func (r *ring[T]) pushFront(x T) {
	r.push(x) // grows if needed
	r.size--
	r.head = r.wrap(r.head - 1)
	r.buf[r.head] = x
	r.size++
}

func (r *ring[T]) popFront() T {
	x := r.buf[r.head]
	r.head = r.wrap(r.head + 1)
	r.size--
	return x
}

func (r *ring[T]) popBack() T {
	r.size--
	return r.buf[r.wrap(r.head+r.size)]
}

// removeAt takes out the element at position i of buf (an occupied one),
// keeping the others in order, and returns it.
func (r *ring[T]) removeAt(i int) T {
	x := r.buf[i]
	k := r.wrap(i - r.head) // rank from the front
	if k < r.size-1-k {
		for ; k > 0; k-- { // shift the front part back by one
			r.buf[r.wrap(r.head+k)] = r.buf[r.wrap(r.head+k-1)]
		}
		r.head = r.wrap(r.head + 1)
	} else {
		for ; k < r.size-1; k++ { // shift the back part forward by one
			r.buf[r.wrap(r.head+k)] = r.buf[r.wrap(r.head+k+1)]
		}
	}
	r.size--
	return x
}

func (r *ring[T]) reset() { r.head, r.size = 0, 0 }

// line is a queue of leads. Entries whose ticket no longer matches are
// skipped when taken (see nextLead). It counts the entries in it that may
// be due (not never), so that dueLead need not scan a line of retries.
type line struct {
	ring[entry]
	mayBeDue int
}

func (l *line) push(e entry) {
	l.ring.push(e)
	l.count(e, 1)
}

func (l *line) popFront() entry { return l.count(l.ring.popFront(), -1) }

func (l *line) popBack() entry { return l.count(l.ring.popBack(), -1) }

func (l *line) removeAt(i int) entry { return l.count(l.ring.removeAt(i), -1) }

func (l *line) reset() {
	l.ring.reset()
	l.mayBeDue = 0
}

// count adds n to mayBeDue if e may be due, and returns e.
func (l *line) count(e entry, n int) entry {
	if !e.never {
		l.mayBeDue += n
	}
	return e
}

// index is the position in buf of the entry of rank k in discipline d's
// order (0: the entry pop would return).
func (l *line) index(d policies.Discipline, k int) int {
	if d == policies.LIFO {
		return l.wrap(l.head + l.size - 1 - k)
	}
	return l.wrap(l.head + k)
}

// pop takes the entry at the taking end of discipline d.
func (l *line) pop(d policies.Discipline) entry {
	if d == policies.LIFO {
		return l.popBack()
	}
	return l.popFront()
}
