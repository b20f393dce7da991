package funnel

import (
	"funnellab/policies"
)

// Queues of leads. A line is a ring buffer of (slot, ticket) entries,
// taken from the front (fifo) or the back (lifo); an entry whose ticket no
// longer matches its prospect's is stale and skipped.

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
