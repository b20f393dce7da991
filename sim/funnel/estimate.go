package funnel

import (
	"fmt"
	"math"
	"sort"
	"strconv"
	"unsafe"

	"funnellab/policies"
	"funnellab/sim"
)

// The size of a run, estimated from the compiled model without simulating
// (Model.Estimate), so that a caller can refuse or shrink a run that would
// not fit in memory or time (issue 12). The estimate is a sum of parts,
// each an expected count times the bytes it holds:
//
//	reps            per rep: its record, its idle-stack entry, its queues
//	live prospects  the prospect table (pages of 1,024 records, table.go),
//	                the free list and a queue entry while waiting
//	first attempts  two float64 per prospect (speeds, responses)
//	pending events  the queue's slot table, heap and day buckets
//	weeks           the weekly series, in the Sim and in the Result
//
// Prospects are the channels' rates (and the reps' outbound prospecting, sales.prospecting) times the horizon. With journeys
// (segments) prospects stay live for months: the peak of live slots is
// liveShareJourney of them. Without journeys a prospect is live while
// sales has it: the backlog of leads the reps cannot serve (inquiries
// beyond the team's capacity, over the horizon) plus the inquiries of a
// week's closed hours and a day. Events are eventsPerProspectPlain, or
// with journeys a figure growing with the observed life, per prospect,
// plus eventsPerOwnTask per own-pipeline task. SimBytes is the Sim's peak
// live heap: the parts at their peak size plus the brief second copy of
// the largest buffer that append grows.
//
// Calibration (issue 12): one replication of each policy of every embedded
// scenario as shipped, of the reference and default scenarios scaled ×10
// and ×100 (rates and reps; default ×100 over one year), of the reference
// overloaded (rate ×10, reps as shipped, 30 days) and with 20,000 reps at
// 26 own tasks a week (30 days) and 10,000 at 10,000 a week (2 days),
// measured on a fresh Sim: the heap it retains after the run (runtime.GC
// before NewSim and after Run, the Sim kept alive: no buffer shrinks, so
// this is the buffers' peak size), the len of its prospect slot table,
// Queue.Slots, Result.Events, Result.Arrivals, by
//
//	FUNNEL_CALIBRATE=1 go test ./sim/funnel -run TestEstimateCalibration -v -timeout 60m
//
// Measured (2 vCPU Intel Xeon, Go 1.26): events per prospect 2.00 without
// journeys; with journeys 6.7 to 21.8 in the default company by policy,
// 18 to 28 in expensive_machine, 3.8 to 4.8 when observed one year; peak
// live prospects 0.38 to 0.88 of the prospects with journeys (0.89 in the
// overloaded reference); pending events at the peak 0.29 to 0.77 per
// prospect with journeys (1.06 under learning, before its signals waited
// for the review: 0.36 since). SimBytes over the retained
// heap, across the table: 1.25 to 2.5 in every case but expensive_machine
// (3.1 to 3.8: its 1,920 prospects leave more of the day buckets counted
// empty) and the default company ×100 over a year under direct (4.05,
// whose policy keeps half the prospects live of the others: 2.75 against
// the most of its policies). TestEstimateBoundsMeasured holds SimBytes in
// [0.9, 3] times the measure on short versions of every embedded scenario.
// Events over Result.Events: 1.25 without journeys, 1.7 to 5.2 with them
// (1.08 to 2.0 with a large own pipeline).

const (
	// eventsPerProspectPlain are the events per prospect without journeys,
	// an upper-side figure (measured 2.00: the arrival and the call).
	eventsPerProspectPlain = 2.5
	// Events per prospect with journeys grow with the time a prospect is
	// observed (observe_days less half the horizon: 913 days in the
	// default company, where 6.7 to 21.8 were measured by policy, and 28
	// in expensive_machine; 4.1 to 4.8 at 183 days): eventsJourneyBase
	// plus eventsJourneyPerLife per lifeRefDays of observed life, at most
	// twice that.
	eventsJourneyBase    = 4.0
	eventsJourneyPerLife = 26.0
	lifeRefDays          = 913.0
	// eventsPerOwnTask: a rep's end of task, and a wake-up when it was idle
	// (measured 1.0 to 1.6 per own task, leads' events included).
	eventsPerOwnTask = 2.0
	// liveShareJourney is the peak of live prospects per prospect with
	// journeys (measured 0.38 to 0.88).
	liveShareJourney = 0.9
	// pendingPerProspectJourney is the peak of pending events per
	// prospect with journeys (measured 0.29 to 0.77; under learning 1.06
	// before its signals waited for the review, reviewwait.go, 0.36 since).
	pendingPerProspectJourney = 0.8
	// bytesPerPendingEvent: a slot of the queue (bytesPerSlot) and its
	// entry in the heap or the loaded day's sorted run (24, twice).
	bytesPerSlot         = 28
	bytesPerPendingEvent = bytesPerSlot + 2*24
	// Journeys park events in day buckets of 256-entry chunks (6 KB): one
	// chunk at least per day with an event, which reach past the end of
	// the observation by a journey's length, or to bucketDaysPerObserveDay
	// times it (measured: about 750 days of chunks in expensive_machine,
	// observed 1,095 days, 1,250 in the default company), and one per 256 entries
	// parked, stale ones included (parkedPerProspect, measured about 2.7).
	bucketDaysPerObserveDay = 1.6
	parkedPerProspect       = 3.0
	bucketChunkBytes        = 16 + 256*24 // sim.Queue's chunk
	// bytesPerLiveProspect: besides its record (in the table's pages),
	// its free-list entry and a queue entry while waiting (12).
	bytesPerLiveProspect = 4 + 12
	// bytesPerRep: the rep's record, its idle-stack entry, its wake-up
	// event (measured 283 bytes a rep with 20,000 reps).
	bytesPerRep = int64(unsafe.Sizeof(rep{})) + 4 + 28 + 24
	// bytesPerFirstAttempt: a speed and a response (float64 each).
	bytesPerFirstAttempt = 2 * 8
	// appendHeadroom is the spare capacity append leaves on a large slice.
	appendHeadroom = 1.25
	// simBaseBytes is a Sim's fixed part: its record, the streams and
	// tallies, the policy mechanisms' small tables (measured 10 to 40 KB).
	simBaseBytes = 64 << 10
	// nsPerEvent is the CPU time of a whole run per *estimated* event
	// (Estimate.Events, which errs high with journeys) on the reference
	// machine, a 2 vCPU Intel Xeon: user CPU seconds of
	// `funnel run SCENARIO --plots=false --workers 1` (the scenario's
	// replications) over the estimated events of all its jobs, measured
	// 112 ns (default), 132 (cheap_product), 169 (emerging_tech), 225
	// (expensive_machine) with journeys and 162 ns (reference) without.
	// With 160 ns for both, the time estimate of each is within 1.5× of
	// the measured CPU time.
	nsPerEventJourney = 160
	nsPerEventPlain   = 160
	// backlogHours are the hours of inquiries a run without journeys holds
	// live beyond the reps' capacity and the team's closed hours: waiting
	// and retries (measured 9 hours in the reference scenario).
	backlogHours = 24
)

// Estimate is what one job (one replication under one policy) needs.
type Estimate struct {
	Prospects   float64  // prospects simulated per job, warm-up included (expected)
	Events      float64  // events per job (expected; an upper-side estimate)
	SimBytes    int64    // peak memory of one Sim (one worker) running one job: its live heap
	ResultBytes int64    // memory of one Result (metrics + detail, incl. weekly series)
	Weeks       int      // weekly series length (upper bound) of a job's Detail
	NsPerEvent  float64  // CPU time per estimated event on a reference machine (calibrated on whole runs)
	Drivers     []Driver // the scenario keys that drive SimBytes, largest first
}

// Driver is a scenario key that drives an estimate: its path (as --set
// takes it), its value, and the share of SimBytes it accounts for.
type Driver struct {
	Key   string  // e.g. "marketing.channels.0.rate_per_hour"
	Value string  // e.g. "1e+06"
	Share float64 // of SimBytes, in [0, 1]
}

// Estimate returns the expected size of one job of the model. SimBytes is
// the Sim's peak live heap, on the safe side (see the calibration above);
// the process needs about twice the live heap of its Sims at the Go
// runtime's default GOGC=100, less under a GOMEMLIMIT.
func (m *Model) Estimate() Estimate {
	var rate float64 // inquiries per hour, all channels
	for _, c := range m.channels {
		rate += max(c.rate, 0)
	}
	rate += max(m.outbound.rate, 0) // the reps' own prospects (sales.prospecting), all reps together
	prospects := rate * m.horizon
	ownTasks := float64(m.reps) * m.ownRate * m.windowEnd

	var events, live, pending float64
	drain := 0.0 // hours of work left after the horizon
	if m.journeys {
		life := max(m.observe-m.horizon/2, 0) / 24 / lifeRefDays
		events = prospects * (eventsJourneyBase + eventsJourneyPerLife*min(life, 2))
		live = prospects * liveShareJourney
		pending = prospects * pendingPerProspectJourney
	} else {
		events = prospects * eventsPerProspectPlain
		// The team's capacity for leads, per hour: its working share of
		// the week, less its own work.
		open := m.hours.OpenPerWeek() / hoursPerWeek
		work := float64(m.reps) * open
		ownLoad := float64(m.reps) * m.ownRate * m.ownTask.mean
		capacity := max(work-ownLoad, 0) / max(m.call.mean, 1e-9)
		backlog := max(rate-capacity, 0) * m.horizon
		closed := hoursPerWeek - m.hours.OpenPerWeek() // a week's closed hours, an upper bound of one closure
		live = min(prospects, backlog+rate*(closed+backlogHours)) + 64
		pending = live + float64(len(m.channels))
		if capacity > 0 {
			drain = backlog / capacity
		}
	}
	events += ownTasks * eventsPerOwnTask
	pending += 16 // the weekly tick, openings; the reps' wake-ups are in bytesPerRep

	// Own work beyond the team's hours is worked after the horizon when
	// nothing ends the observation.
	if own := float64(m.reps) * m.ownRate * m.ownTask.mean; m.observe == 0 && m.reps > 0 && m.ownRate > 0 {
		open := m.hours.OpenPerWeek() / hoursPerWeek
		if excess := own - float64(m.reps)*open; excess > 0 {
			drain += excess * m.windowEnd / (float64(m.reps) * open)
		}
	}
	end := m.observe
	if end == 0 {
		end = m.horizon + drain + 4*hoursPerWeek // retries, windows and the last calls
	}
	weeks := int(math.Min(end/hoursPerWeek, math.MaxInt32/2)) + 1

	reserved := func(n float64, size int64) float64 { // bytes reserved by NewSim (or a run: reserveSlots)
		return float64(sim.ReserveCap(int(min(n, math.MaxInt32)), uintptr(size)) * int(size))
	}
	grown := func(n, size, reservedBytes float64) float64 { // a buffer of n grown past its reservation
		if n*size <= reservedBytes {
			return reservedBytes
		}
		return n * size * appendHeadroom
	}
	doubled := func(n, size, reservedBytes float64) float64 { // sim.Queue's slot table, doubled past its reservation
		if n*size <= reservedBytes {
			return reservedBytes
		}
		return 2 * n * size
	}
	expected := prospects*1.02 + 64
	var buckets float64
	slots := doubled(pending, bytesPerSlot, 0) // the slot table, grown from nothing
	if m.journeys {
		// Each run reserves the slot table (reserveSlots).
		slots = doubled(pending, bytesPerSlot, reserved(prospects*0.6+1024, bytesPerSlot))
		// Days with a parked event: the observation and beyond it a
		// journey's length, but no more than the entries parked.
		var journey float64 // hours, the longest mean journey of a segment
		for _, g := range m.segments {
			var h float64
			for _, r := range g.stageRate {
				h += 1 / r
			}
			journey = max(journey, h)
		}
		if m.speed != nil {
			// A slower economy (journey_speed_by_month) stretches the
			// journeys in wall time by the inverse of the mean factor.
			journey /= max(m.speed.meanFactor(), 1e-3)
		}
		parked := prospects * parkedPerProspect
		days := min(max(m.observe*bucketDaysPerObserveDay, m.observe+journey)/24, parked)
		buckets = bucketChunkBytes*(days+parked/256) + 16*days
	}
	// Reps' own buffers, once used: a lead queue under a routing to reps,
	// an own queue for interrupted tasks under sla_first.
	perRep := float64(bytesPerRep)
	var leadRing, ownRing bool
	for _, p := range m.Policies {
		r := p.Rules()
		leadRing = leadRing || r.Routing != policies.Pooled
		ownRing = ownRing || (r.Priority == policies.SLAFirst && m.ownRate > 0)
	}
	if leadRing {
		perRep += 16 * float64(unsafe.Sizeof(entry{}))
	}
	if ownRing {
		perRep += 16 * float64(unsafe.Sizeof(ownTask{}))
	}
	type part struct {
		key   string  // driver, "" for none
		bytes float64 // at the peak
		grows bool    // grown by append during the run
	}
	parts := []part{
		{"", simBaseBytes, false},
		{"sales.reps", float64(m.reps) * perRep, false},
		{"rate", math.Ceil(live/pageLen) * pageBytes, false}, // table.go
		{"rate", grown(live, bytesPerLiveProspect, 0), true},
		{"rate", grown(prospects, bytesPerFirstAttempt, 2*reserved(expected, 8)), true},
		{"rate", slots, true},
		{"rate", grown(pending, bytesPerPendingEvent-bytesPerSlot, 0), true},
		{"rate", buckets, false},
		{"weeks", 2 * float64(weeks) * float64(unsafe.Sizeof(Week{})), true},
	}
	var total float64
	largest := parts[0]
	byKey := map[string]float64{}
	for _, p := range parts {
		total += p.bytes
		if p.grows && p.bytes > largest.bytes {
			largest = p
		}
		byKey[p.key] += p.bytes
	}
	// The largest buffer grown by append is briefly held twice: the old
	// array and the new one, 1/appendHeadroom of it.
	total += largest.bytes / appendHeadroom
	byKey[largest.key] += largest.bytes / appendHeadroom
	e := Estimate{
		Prospects:   prospects,
		Events:      events,
		SimBytes:    clampBytes(total),
		ResultBytes: int64(unsafe.Sizeof(Result{})) + int64(weeks)*int64(unsafe.Sizeof(Week{})),
		Weeks:       weeks,
		NsPerEvent:  nsPerEventPlain,
	}
	if m.journeys {
		e.NsPerEvent = nsPerEventJourney
	}
	e.Drivers = m.drivers(byKey, total, rate)
	return e
}

// drivers turns the parts of an estimate into scenario keys, a partition
// of SimBytes: the parts that grow with the prospects are shared among
// the channels by rate (the horizon scales them too), the reps' records
// go to sales.reps, and the weekly series to the end of the observation
// (observe_days, or horizon_days without one). The fixed part is no key's.
func (m *Model) drivers(byKey map[string]float64, total, rate float64) []Driver {
	if total <= 0 {
		return nil
	}
	g := func(v float64) string { return strconv.FormatFloat(v, 'g', 4, 64) }
	var out []Driver
	if b := byKey["sales.reps"]; b > 0 {
		out = append(out, Driver{"sales.reps", strconv.Itoa(m.reps), b / total})
	}
	if b := byKey["rate"]; b > 0 && rate > 0 {
		for i, c := range m.channels {
			if c.rate > 0 {
				out = append(out, Driver{fmt.Sprintf("marketing.channels.%d.rate_per_hour", i), g(c.rate), b / total * c.rate / rate})
			}
		}
	}
	if b := byKey["weeks"]; b > 0 {
		if m.observe > 0 {
			out = append(out, Driver{"observe_days", g(m.observe / 24), b / total})
		} else {
			out = append(out, Driver{"horizon_days", g(m.horizon / 24), b / total})
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Share > out[j].Share })
	return out
}

// clampBytes converts a byte count to int64, saturating at MaxInt64.
func clampBytes(b float64) int64 {
	if !(b < math.MaxInt64) {
		return math.MaxInt64
	}
	return int64(math.Ceil(b))
}
