package sim

import (
	"math"
	"math/rand/v2"
	"sort"
	"testing"
	"unsafe"

	"github.com/stretchr/testify/require"
)

type refEvent struct {
	t    float64
	prio uint8
	seq  int
	id   int
	lane int // the event's lane plus one (ScheduleLane); 0: none
}

// sortRef sorts events in the queue's order: by time, then priority,
// then insertion sequence.
func sortRef(evs []refEvent) {
	sort.Slice(evs, func(a, b int) bool {
		x, y := evs[a], evs[b]
		if x.t != y.t {
			return x.t < y.t
		}
		if x.prio != y.prio {
			return x.prio < y.prio
		}
		return x.seq < y.seq
	})
}

// TestQueueMatchesReference drives the queue and a naive sorted list with the
// same random operations and checks that they pop the same events in the
// same order.
func TestQueueMatchesReference(t *testing.T) {
	for _, tc := range []struct {
		name  string
		ops   int
		times int     // number of distinct time values: small values force ties
		width float64 // bucket width, 0 for none
		lanes int     // lanes some events are scheduled into (ScheduleLane)
	}{
		{"continuous", 20000, 0, 0, 0},
		{"many ties", 20000, 5, 0, 0},
		{"all ties", 5000, 1, 0, 0},
		{"continuous, buckets", 20000, 0, 0.7, 0},
		{"many ties, buckets", 20000, 5, 1, 0},
		{"wide buckets", 20000, 0, 30, 0},
		{"all ties, buckets", 20000, 1, 1, 0},
		{"few ties, wide buckets", 20000, 3, 50, 0},
		{"continuous, lanes", 20000, 0, 0, 3},
		{"many ties, lanes", 20000, 5, 0, 2},
		{"all ties, lanes", 5000, 1, 0, 4},
		{"continuous, buckets, lanes", 20000, 0, 0.7, 3},
		{"many ties, buckets, lanes", 20000, 5, 1, 1},
		{"wide buckets, lanes", 20000, 0, 30, 5},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := rand.New(rand.NewPCG(1, uint64(tc.ops+tc.times)))
			var q Queue[int]
			q.SetBucketWidth(tc.width)
			var ref []refEvent
			handles := map[int]Handle{}
			busy := make([]bool, tc.lanes)
			seq, nextID := 0, 0
			now := 0.0
			draw := func() float64 {
				if tc.times > 0 {
					return now + float64(r.IntN(tc.times))
				}
				return now + r.Float64()*10
			}
			for op := 0; op < tc.ops; op++ {
				switch k := r.IntN(10); {
				case k < 5 || len(ref) == 0: // schedule, into a free lane a third of the time
					ev := refEvent{t: draw(), prio: uint8(r.IntN(3)), seq: seq, id: nextID}
					if l := r.IntN(3 * max(tc.lanes, 1)); l < tc.lanes && !busy[l] {
						q.ScheduleLane(l, ev.t, ev.prio, nextID)
						busy[l], ev.lane = true, l+1
					} else {
						handles[nextID] = q.Schedule(ev.t, ev.prio, nextID)
					}
					ref = append(ref, ev)
					seq++
					nextID++
				case k < 7: // cancel a random pending event, unless in a lane
					i := r.IntN(len(ref))
					if ref[i].lane != 0 {
						break
					}
					require.True(t, q.Cancel(handles[ref[i].id]))
					require.False(t, q.Cancel(handles[ref[i].id]), "second cancel must fail")
					ref = append(ref[:i], ref[i+1:]...)
				case k < 8: // reschedule a random pending event, unless in a lane
					i := r.IntN(len(ref))
					if ref[i].lane != 0 {
						break
					}
					nt := draw()
					require.True(t, q.Reschedule(handles[ref[i].id], nt))
					ref[i].t, ref[i].seq = nt, seq
					seq++
				default: // pop, half the time after a peek (Pop leaves the
					// heap's root vacant; a peek, a pop or any other
					// operation must see the heap whole)
					sortRef(ref)
					if r.IntN(2) == 0 {
						require.Equal(t, ref[0].t, q.Peek())
					}
					var tt float64
					var id int
					var ok bool
					switch r.IntN(3) {
					case 0:
						tt, id, ok = q.Pop()
					case 1: // PopUntil just before the next event's time takes nothing
						_, _, ok = q.PopUntil(math.Nextafter(ref[0].t, math.Inf(-1)))
						require.False(t, ok)
						require.Equal(t, len(ref), q.Len())
						tt, id, ok = q.PopUntil(ref[0].t)
					default:
						tt, id, ok = q.PopUntil(ref[0].t + r.Float64())
					}
					require.True(t, ok)
					require.Equal(t, ref[0].id, id)
					require.Equal(t, ref[0].t, tt)
					require.False(t, q.Cancel(handles[id]), "cancelling a fired event must fail")
					if l := ref[0].lane; l != 0 {
						busy[l-1] = false
					}
					now = tt
					ref = ref[1:]
				}
				require.Equal(t, len(ref), q.Len())
			}
		})
	}
}

// TestQueueRescheduleAfterPop moves an event, right after a pop, to the
// popped event's time with a lower priority number, so that its new key
// comes before the popped root's: the root Pop left vacant must be filled
// first, or the moved entry would rise into it.
func TestQueueRescheduleAfterPop(t *testing.T) {
	var q Queue[int]
	q.Schedule(1, 2, 0)
	q.Schedule(3, 1, 1)
	h := q.Schedule(4, 1, 2)
	q.Schedule(5, 1, 3)
	_, id, _ := q.Pop()
	require.Equal(t, 0, id)
	require.True(t, q.Reschedule(h, 1))
	for _, want := range []int{2, 1, 3} {
		_, id, ok := q.Pop()
		require.True(t, ok)
		require.Equal(t, want, id)
	}
	_, _, ok := q.Pop()
	require.False(t, ok)
}

// TestQueueLargeHeap fills the heap past smallHeap, where down branches on
// its comparisons, and empties it below, where it does not (downSmall),
// with ties, cancels and reschedules on the way: the events come out in
// (time, priority, sequence) order.
func TestQueueLargeHeap(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	var q Queue[int]
	n := 3 * smallHeap
	evs := make([]refEvent, 0, n)
	handles := make([]Handle, 0, n)
	for i := range n {
		ev := refEvent{t: float64(r.IntN(n / 4)), prio: uint8(r.IntN(3)), seq: i, id: i}
		handles = append(handles, q.Schedule(ev.t, ev.prio, i))
		evs = append(evs, ev)
	}
	gone := map[int]bool{}
	seq := n           // the queue's next insertion sequence
	for range n / 10 { // cancel and reschedule some, at random
		i := r.IntN(n)
		if gone[i] {
			continue
		}
		if r.IntN(2) == 0 {
			require.True(t, q.Cancel(handles[i]))
			gone[i] = true
			continue
		}
		evs[i].t = float64(r.IntN(n / 4))
		evs[i].seq = seq // a reschedule takes the next sequence
		seq++
		require.True(t, q.Reschedule(handles[i], evs[i].t))
	}
	var want []refEvent
	for _, ev := range evs {
		if !gone[ev.id] {
			want = append(want, ev)
		}
	}
	sortRef(want)
	for _, w := range want {
		tt, id, ok := q.Pop()
		require.True(t, ok)
		if id != w.id || tt != w.t {
			t.Fatalf("popped %d at %v, want %d at %v", id, tt, w.id, w.t)
		}
	}
	require.Zero(t, q.Len())
}

func TestQueueTieOrder(t *testing.T) {
	var q Queue[string]
	q.Schedule(1, 2, "c")
	q.Schedule(1, 1, "b1")
	q.Schedule(0.5, 9, "a")
	q.Schedule(1, 1, "b2")
	q.Schedule(1, 0, "first at 1")
	var got []string
	for q.Len() > 0 {
		_, ev, _ := q.Pop()
		got = append(got, ev)
	}
	require.Equal(t, []string{"a", "first at 1", "b1", "b2", "c"}, got)
	_, _, ok := q.Pop()
	require.False(t, ok)
}

func TestQueueStaleHandles(t *testing.T) {
	var q Queue[int]
	h1 := q.Schedule(1, 0, 1)
	_, _, _ = q.Pop()
	h2 := q.Schedule(2, 0, 2) // reuses h1's slot
	require.False(t, q.Cancel(h1), "stale handle must not cancel the event reusing its slot")
	require.False(t, q.Reschedule(h1, 5))
	require.Nil(t, q.Payload(h1))
	require.Equal(t, 2, *q.Payload(h2))
	require.False(t, q.Cancel(Handle{}), "zero handle")
	q.Reset()
	require.Equal(t, 0, q.Len())
	require.False(t, q.Cancel(h2), "Reset invalidates handles")
}

func TestQueuePanicsOnPast(t *testing.T) {
	var q Queue[int]
	q.Schedule(5, 0, 0)
	q.Pop()
	require.Panics(t, func() { q.Schedule(4, 0, 0) })
	require.Panics(t, func() { q.ScheduleLane(0, 4, 0, 0) })
}

// TestQueueLanes: a zero Queue takes lane events alone, a busy lane
// panics, Reset empties the lanes, and a lane event at the same time and
// priority as a heap event keeps its place in the insertion order.
func TestQueueLanes(t *testing.T) {
	var q Queue[int]
	q.ScheduleLane(2, 3, 0, 7)
	require.Equal(t, 1, q.Len())
	require.Equal(t, 3.0, q.Peek())
	require.Panics(t, func() { q.ScheduleLane(2, 4, 0, 8) }, "busy lane")
	tt, ev, ok := q.Pop()
	require.True(t, ok)
	require.Equal(t, 3.0, tt)
	require.Equal(t, 7, ev)
	_, _, ok = q.Pop()
	require.False(t, ok)

	q.Schedule(5, 1, 1)
	q.ScheduleLane(0, 5, 1, 2)
	q.Schedule(5, 1, 3)
	q.ScheduleLane(1, 5, 0, 4) // lower priority number: first
	var order []int
	for q.Len() > 0 {
		_, ev, _ := q.Pop()
		order = append(order, ev)
	}
	require.Equal(t, []int{4, 1, 2, 3}, order)

	q.ScheduleLane(0, 9, 0, 5)
	q.Reset()
	require.Equal(t, 0, q.Len())
	_, _, ok = q.Pop()
	require.False(t, ok, "Reset empties the lanes")
	q.ScheduleLane(0, 1, 0, 6) // and the lane is free again
	require.Equal(t, 1, q.Len())
}

func TestQueueNoAllocSteadyState(t *testing.T) {
	for _, w := range []float64{0, 0.05} {
		testNoAlloc(t, w)
	}
}

func testNoAlloc(t *testing.T, width float64) {
	var q Queue[int]
	q.SetBucketWidth(width)
	r := rand.New(rand.NewPCG(3, 4))
	for i := 0; i < 1000; i++ {
		q.Schedule(r.Float64(), 0, i)
	}
	const lanes = 3 // events -1, -2, -3: each back in its lane when it fires
	for l := range lanes {
		q.ScheduleLane(l, r.Float64(), 0, -1-l)
	}
	step := func(measured bool) {
		tt, ev, _ := q.Pop()
		if ev < 0 {
			q.ScheduleLane(-1-ev, tt+r.Float64(), 0, ev)
			return
		}
		h := q.Schedule(tt+r.Float64(), 0, ev)
		if measured {
			q.Reschedule(h, tt+r.Float64())
			q.Cancel(h)
			q.Schedule(tt+r.Float64(), 0, ev)
		}
	}
	for i := 0; i < 100000; i++ { // reach the steady state: spare buckets in stock
		step(false)
	}
	allocs := testing.AllocsPerRun(1000, func() { step(true) })
	require.Zero(t, allocs, "bucket width %g", width)
}

// BenchmarkHold is the classic hold model: n entities, each rescheduling
// itself with a uniform delay when its event fires. One op is one event.
// The bucketed variants park events beyond the current bucket (width 0.01,
// so about n/100 events are in the heap).
func BenchmarkHold(b *testing.B) {
	for _, tc := range []struct {
		n     int
		width float64
	}{{24, 0}, {1_000, 0}, {100_000, 0}, {100_000, 0.01}, {1_000_000, 0}, {1_000_000, 0.001}} {
		name := sizeName(tc.n)
		if tc.width > 0 {
			name += "/buckets"
		}
		n := tc.n
		b.Run(name, func(b *testing.B) {
			var q Queue[int32]
			q.SetBucketWidth(tc.width)
			r := rand.New(rand.NewPCG(1, 2))
			for i := 0; i < n; i++ {
				q.Schedule(r.Float64(), 0, int32(i))
			}
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				t, ev, _ := q.Pop()
				q.Schedule(t+r.Float64(), 0, ev)
			}
		})
	}
}

func sizeName(n int) string {
	switch {
	case n >= 1_000_000 && n%1_000_000 == 0:
		return "N=" + itoa(n/1_000_000) + "M"
	case n >= 1000 && n%1000 == 0:
		return "N=" + itoa(n/1000) + "k"
	}
	return "N=" + itoa(n)
}

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	var b []byte
	for ; n > 0; n /= 10 {
		b = append([]byte{byte('0' + n%10)}, b...)
	}
	return string(b)
}

// TestReserveCapped: a reservation proportional to a huge model is capped
// at ReserveBytes (issue 12: a million inquiries an hour asked for 71.5 GB
// at once), and the queue still grows past it.
func TestReserveCapped(t *testing.T) {
	var q Queue[int]
	q.Reserve(1 << 40)
	if got, limit := cap(q.slots)*int(unsafe.Sizeof(slot[int]{})), ReserveBytes; got > limit {
		t.Fatalf("Reserve(1<<40) took %d bytes, more than ReserveBytes (%d)", got, limit)
	}
	n := cap(q.slots) + 10
	for i := range n {
		q.Schedule(float64(i), 0, i)
	}
	for i := range n {
		if _, ev, ok := q.Pop(); !ok || ev != i {
			t.Fatalf("pop %d: got %d, %v", i, ev, ok)
		}
	}
	if ReserveCap(0, 8) != 0 || ReserveCap(5, 8) != 5 || ReserveCap(1<<40, 0) != ReserveBytes || ReserveCap(3, 1<<40) != 1 {
		t.Fatal("ReserveCap: wrong cap")
	}
}
