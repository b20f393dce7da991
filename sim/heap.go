package sim

// The calendar's 4-ary heap: sifting an entry up or down, each moved
// entry's slot keeping its position.

// settle fills the root Pop left vacant, if it did, with the last entry,
// which can only sink from there.
func (q *Queue[T]) settle() {
	if !q.hole {
		return
	}
	q.hole = false
	last := len(q.heap) - 1
	if last > 0 {
		q.heap[0] = q.heap[last]
		q.heap = q.heap[:last]
		q.down(0)
	} else {
		q.heap = q.heap[:0]
	}
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

// up sifts heap entry i towards the root.
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

// smallHeap is the size up to which down runs without branches on the
// comparisons (downSmall): such a heap stays in the L2 cache, where a
// mispredicted branch costs more than the comparisons. A larger heap waits
// on memory, and there a branch lets the processor fetch the next level
// before the comparison is known.
const smallHeap = 1 << 14

// down sifts heap entry i towards the leaves.
func (q *Queue[T]) down(i int) {
	h := q.heap
	n := len(h)
	if i >= n {
		return
	}
	if n <= smallHeap {
		q.downSmall(i)
		return
	}
	e := h[i]
	for {
		c := 4*i + 1
		var m int
		var mt float64
		var mk uint64
		if c+4 <= n {
			// Four children, the common case: the smallest in a
			// tournament of two pairs (two comparisons that do not wait
			// for each other, then one), with no bounds to check.
			ch := (*[4]entry)(h[c : c+4])
			a, b := 0, 2
			if ch[1].t < ch[0].t || ch[1].t == ch[0].t && ch[1].key < ch[0].key {
				a = 1
			}
			if ch[3].t < ch[2].t || ch[3].t == ch[2].t && ch[3].key < ch[2].key {
				b = 3
			}
			if ch[b].t < ch[a].t || ch[b].t == ch[a].t && ch[b].key < ch[a].key {
				a = b
			}
			m, mt, mk = c+a, ch[a].t, ch[a].key
		} else {
			if c >= n {
				break
			}
			// The last few children, their smallest's time and key kept
			// at hand.
			m = c
			mt, mk = h[c].t, h[c].key
			for j := c + 1; j < n; j++ {
				if x := &h[j]; x.t < mt || x.t == mt && x.key < mk {
					m, mt, mk = j, x.t, x.key
				}
			}
		}
		if !(mt < e.t || mt == e.t && mk < e.key) {
			break
		}
		h[i] = h[m]
		q.slots[h[i].slot].pos = int32(i)
		i = m
	}
	h[i] = e
	q.slots[e.slot].pos = int32(i)
}

// downSmall is down for a heap of at most smallHeap entries: the smallest
// of four children comes from a tournament of two pairs whose outcomes are
// added, not branched on (lessBit), and only the end of the sift-down is a
// branch.
func (q *Queue[T]) downSmall(i int) {
	h := q.heap
	n := len(h)
	e := h[i]
	for {
		c := 4*i + 1
		if c+4 > n {
			if c >= n {
				break
			}
			// The last few children.
			m := c
			for j := c + 1; j < n; j++ {
				if h[j].less(&h[m]) {
					m = j
				}
			}
			if h[m].less(&e) {
				h[i] = h[m]
				q.slots[h[i].slot].pos = int32(i)
				i = m
			}
			break
		}
		ch := (*[4]entry)(h[c : c+4])
		a := lessBit(&ch[1], &ch[0])
		b := 2 + lessBit(&ch[3], &ch[2])
		a ^= (a ^ b) & -lessBit(&ch[b&3], &ch[a&3])
		if lessBit(&ch[a&3], &e) == 0 {
			break
		}
		h[i] = ch[a&3]
		q.slots[h[i].slot].pos = int32(i)
		i = c + int(a&3)
	}
	h[i] = e
	q.slots[e.slot].pos = int32(i)
}

// lessBit is entry.less as 1 or 0, to be added rather than branched on:
// by time, and by key only on a tie of times, which is rare and so a
// predicted branch. (less itself stays a comparison: written as
// lessBit(a, b) != 0 it cost Default/waterfall 0.6% more instructions, in
// sortEntries.)
func lessBit(a, b *entry) uint {
	if a.t == b.t {
		return b2u(a.key < b.key)
	}
	return b2u(a.t < b.t)
}

// b2u is 1 for true and 0 for false (a SETcc, not a branch).
func b2u(b bool) uint {
	var u uint
	if b {
		u = 1
	}
	return u
}
