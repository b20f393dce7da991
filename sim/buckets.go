package sim

import (
	"math"
	"slices"
)

// The calendar's day buckets (Queue.SetBucketWidth): events beyond the
// loaded part of the calendar wait unsorted in buckets of fixed-size
// chunks, and a bucket the clock reaches is sorted into a run at once.

// A bucket is a list of fixed-size chunks: appending never copies, and a
// loaded bucket's chunks go back to a free list for the next buckets.
type bucket struct{ head, tail *chunk }

const chunkLen = 256

type chunk struct {
	n    int
	next *chunk
	e    [chunkLen]entry
}

// SetBucketWidth makes the queue park events at or after the current
// bucket's end in buckets of width w (hours); 0 turns buckets off. It must
// be called on an empty queue.
func (q *Queue[T]) SetBucketWidth(w float64) {
	if q.n != 0 {
		panic("sim: SetBucketWidth on a non-empty queue")
	}
	q.width = w
	q.resetBuckets()
}

// resetBuckets empties the buckets (their chunks go to the free list) and
// the sorted run.
func (q *Queue[T]) resetBuckets() {
	q.cur, q.curPos = q.cur[:0], 0
	for i := range q.buckets {
		q.freeChunks(&q.buckets[i])
	}
	q.buckets = q.buckets[:0]
	q.loaded, q.next = math.Inf(1), 0
	if q.width > 0 {
		q.loaded, q.next = q.width, 1
	}
}

// freeChunks returns a bucket's chunks to the free list.
func (q *Queue[T]) freeChunks(bk *bucket) {
	for c := bk.head; c != nil; {
		next := c.next
		c.n, c.next = 0, q.spare
		q.spare = c
		c = next
	}
	bk.head, bk.tail = nil, nil
}

// fill makes sure the next event, if any, is at the head of the sorted
// run or of the heap. When both are exhausted it loads the next non-empty
// bucket: its valid entries are sorted into the run (sorting a day's events
// at once is cheaper than pushing each through the heap). Events scheduled
// into the loaded bucket afterwards go to the heap, which stays small.
func (q *Queue[T]) fill() {
	for {
		for q.curPos < len(q.cur) {
			e := &q.cur[q.curPos]
			if s := &q.slots[e.slot]; s.pos == posSorted && s.ver == e.ver {
				break
			}
			q.curPos++ // cancelled or moved since
		}
		if q.curPos < len(q.cur) || len(q.heap) > 0 || q.next >= len(q.buckets) {
			return
		}
		q.cur, q.curPos = q.cur[:0], 0
		bk := &q.buckets[q.next]
		for c := bk.head; c != nil; c = c.next {
			for _, e := range c.e[:c.n] {
				if s := &q.slots[e.slot]; s.pos == posBucket && s.ver == e.ver {
					s.pos = posSorted
					q.cur = append(q.cur, e)
				}
			}
		}
		q.sortRun(float64(q.next) * q.width)
		q.freeChunks(bk)
		q.next++
		q.loaded = float64(q.next) * q.width
	}
}

// sortRun sorts the loaded bucket (q.cur, events in [lo, lo+width)) by
// (time, key). A counting sort on the time spreads the entries over about
// len/2 sub-intervals of equal width, in order; an insertion sort then
// orders each (two entries on average). The mapping from time to
// sub-interval is monotone under rounding, so the result is the exact
// (time, key) order, and about three times faster than a comparison sort
// on a day of a million-prospect run.
func (q *Queue[T]) sortRun(lo float64) {
	n := len(q.cur)
	if n < 32 {
		sortEntries(q.cur)
		return
	}
	nsub := 1
	for nsub < n/2 {
		nsub <<= 1
	}
	if cap(q.counts) < nsub+1 {
		q.counts = make([]int32, nsub+1)
	}
	counts := q.counts[:nsub+1]
	clear(counts)
	scale := float64(nsub) / q.width
	sub := func(t float64) int {
		return min(max(int((t-lo)*scale), 0), nsub-1)
	}
	for i := range q.cur {
		counts[sub(q.cur[i].t)+1]++
	}
	for i := 1; i <= nsub; i++ {
		counts[i] += counts[i-1]
	}
	q.tmp = slices.Grow(q.tmp[:0], n)[:n]
	for _, e := range q.cur {
		k := sub(e.t)
		q.tmp[counts[k]] = e
		counts[k]++
	}
	// counts[k] is now the end of sub-interval k.
	start := int32(0)
	for k := 0; k < nsub; k++ {
		if end := counts[k]; end-start > 1 {
			sortEntries(q.tmp[start:end])
		}
		start = counts[k]
	}
	q.cur, q.tmp = q.tmp, q.cur
}

// sortEntries sorts a few entries by insertion; many (ties at one time)
// by comparison, so that no input is quadratic.
func sortEntries(es []entry) {
	if len(es) > 48 {
		slices.SortFunc(es, func(a, b entry) int {
			if a.less(&b) {
				return -1
			}
			return 1 // keys are unique: a and b are never equal
		})
		return
	}
	for i := 1; i < len(es); i++ {
		x := es[i]
		j := i
		for j > 0 && x.less(&es[j-1]) {
			es[j] = es[j-1]
			j--
		}
		es[j] = x
	}
}

// fromCur reports whether the next event is the head of the sorted run
// rather than the heap's root (after fill).
func (q *Queue[T]) fromCur() bool {
	if q.curPos >= len(q.cur) {
		return false
	}
	if len(q.heap) == 0 {
		return true
	}
	return q.cur[q.curPos].less(&q.heap[0])
}
