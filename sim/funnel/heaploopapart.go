package funnel

import (
	"math"
	"math/rand/v2"

	"funnellab/sim/rng"
)

// HeapLoopApart is HeapLoop with its next arrival kept apart from the
// heap, in a variable compared with the heap's root before each pop, as
// the engine keeps a channel's next inquiry in a lane
// (sim.Queue.ScheduleLane): the loop that device gives a hand-written
// baseline. docs/speed.md states the engine's ratio against both. Its
// results are HeapLoop's (TestMatchesHeapLoop); its heap holds the reps'
// events only.
//
// It is a copy of HeapLoop's loop, not HeapLoop with a switch: a switch
// between the two, never taken in HeapLoop, cost HeapLoop 10.2% more
// instructions for 10 years (1,025.4 M to 1,129.9 M, callgrind), which
// would flatter the ratio the baseline is for.
func HeapLoopApart(m *Model, rep int) (Metrics, int64) {
	r := uint64(rep)
	arr := rng.New(m.seed, m.channels[0].stream, r)
	pros := rng.New(m.seed, streamProspect, r)
	k1, k2 := rng.Seeds(m.seed, streamSales, r)
	j1, j2 := rng.Seeds(m.seed, streamJourney, r)
	var pcg, jpcg rand.PCG
	sal, jrn := rand.New(&pcg), rand.New(&jpcg)

	h := hlHeap{ev: make([]hlEvent, 0, m.reps+1)}
	calls := make([]hlCall, m.reps) // each rep's current call
	idle := make([]int32, 0, m.reps)
	for i := m.reps - 1; i >= 0; i-- { // rep 0 on top, as in resetTeam
		idle = append(idle, int32(i))
	}
	var wait hlRing

	var waitSum, busy, revenue float64
	var waited, within1h, hot, qualified, won, n int64
	rate := m.channels[0].rate
	segWin, dealMu, dealSigma := m.segments[0].winRate, m.segments[0].dealMu, m.segments[0].dealSigma

	nextArr := math.Inf(1) // the next arrival; +Inf: none before the horizon
	if t := arr.ExpFloat64() / rate; t < m.horizon {
		nextArr = t
	}
	var q hlInquiry // the inquiry that arrives
	for len(h.ev) > 0 || nextArr < math.Inf(1) {
		// The arrival runs first unless a rep frees at its instant or
		// before (at the same time, a rep finishing comes first).
		var e hlEvent
		if nextArr < math.Inf(1) && (len(h.ev) == 0 || nextArr < h.ev[0].t) {
			e.t, e.key = nextArr, uint64(evArrival)<<hlSeqBits
			nextArr = math.Inf(1)
		} else {
			e = h.pop()
		}
		t := e.t
		var k int32         // the rep that starts a call at t,
		var next *hlInquiry // with this inquiry (nil: none)
		if e.kind() == evArrival {
			if at := t + arr.ExpFloat64()/rate; at < m.horizon {
				nextArr = at
			}
			pcg.Seed(rng.SubSeed(k1, k2, uint64(n)))
			jpcg.Seed(rng.SubSeed(j1, j2, uint64(n)))
			n++
			q.t, q.hotUntil = t, t+m.hot.mean*pros.ExpFloat64()
			q.z, q.uw = jrn.NormFloat64(), jrn.Float64() // the decision draws (and the unused no-decision one)
			_ = sal.Float64()                            // contact draw: always reached here
			q.uq = sal.Float64()
			q.dur = m.call.mean * sal.ExpFloat64()
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
			if lo, hi := max(c.start, m.warmup), min(t, m.horizon); hi > lo {
				busy += hi - lo
			}
			revenue += c.value
			if wait.size == 0 {
				idle = append(idle, k)
				continue
			}
			next = wait.pop()
		}
		// Rep k starts the call of inquiry next at t.
		w := t - next.t
		waitSum += w
		if w > 0 {
			waited++
		}
		if w <= 1 {
			within1h++
		}
		isHot := t < next.hotUntil
		if isHot {
			hot++
		}
		pq := m.qualifyCld
		if isHot {
			pq = m.qualifyHot
		}
		c := &calls[k]
		c.start, c.value = t, 0
		if next.uq < pq {
			qualified++
			if next.uw < segWin {
				won++
				c.value = math.Exp(dealMu + dealSigma*next.z)
			}
		}
		h.push(t+next.dur, evRepFree, k)
	}

	var out Metrics
	cn := float64(n)
	out[Inquiries], out[Contacted], out[Handoffs], out[SALs] = cn, cn, cn, cn
	out[WaitedShare] = float64(waited) / cn
	out[WaitMeanH] = waitSum / cn
	out[ContactedWithin1hShare] = float64(within1h) / cn
	out[HotContactShare] = float64(hot) / cn
	out[QualifiedShare] = float64(qualified) / cn
	out[SQLs], out[Opportunities] = float64(qualified), float64(qualified)
	out[DealsWon] = float64(won)
	out[Revenue] = revenue
	out[RepUtilization] = busy / (float64(m.reps) * m.horizon)
	return out, n
}
