package funnel

import (
	"unsafe"

	"funnellab/sim"
)

// recordAhead is how many events ahead in the calendar's sorted run the
// loop prefetches the prospect record an event will read: far enough for
// the read from memory to finish before the event runs, near enough for
// the line to stay in the cache (docs/speed.md, "Prefetching, and the
// whole process on the EPYC").
const recordAhead = 8

// prefetchFrom is the number of inquiries a replication expects from
// which its calendar prefetches (sim.Queue.SetPrefetch): the records of 65,536 prospects
// take 14 MB, about half the last-level cache of the machine the prefetch
// was measured on. Below it the records of the live prospects mostly stay
// in the cache, and the prefetch would only cost its instructions (2.7%
// of the default company's under waterfall, 4.0% under direct).
const prefetchFrom = 1 << 16

// prefetchAhead prefetches the record of the prospect whose event comes
// recordAhead places ahead in the sorted run, if that event is a
// prospect's (a timer, a journey or a signal). The payload may be stale;
// a prefetch changes nothing but the time.
func (s *Sim) prefetchAhead() {
	a, ok := s.q.Ahead(recordAhead)
	if !ok || (a.kind != evTimer && a.kind != evJourney && a.kind != evSignal) {
		return
	}
	if uint32(a.idx) < uint32(s.ps.len()) {
		sim.PrefetchRange(unsafe.Pointer(s.ps.at(a.idx)), unsafe.Sizeof(prospect{}))
	}
}
