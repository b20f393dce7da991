package funnel

// The weekly queue length. The weekly series reads, at each week's end,
// the number of leads waiting for a rep (Week.Queue): prospects in status
// waiting, each with one valid entry in a rep's or the pooled line. It is
// kept as a running count by Sim.become, the one writer of the status,
// rather than found by scanning the lines every week (whose length grows
// with the backlog when reps are saturated). queueScan is that scan, kept
// as the reference the tests compare the count with.
type queueCount struct {
	waiting int  // prospects in status waiting
	scanQ   bool // tests only: read the queue by scanning the lines (queueScan)
}

// countWaiting notes a change of status from to.
func (s *Sim) countWaiting(from, to uint8) {
	if from == psWaiting {
		s.waiting--
	}
	if to == psWaiting {
		s.waiting++
	}
}

// queueLength is the number of leads waiting for a rep now.
func (s *Sim) queueLength() int {
	if s.scanQ {
		return s.queueScan()
	}
	return s.waiting
}

// queueScan counts the valid entries of the reps' and the pooled lines.
func (s *Sim) queueScan() int {
	waiting := 0
	count := func(l *line) {
		for i := 0; i < l.size; i++ {
			e := l.buf[l.wrap(l.head+i)]
			if p := s.ps.at(e.slot); p.ticket == e.ticket && p.status == psWaiting {
				waiting++
			}
		}
	}
	for i := range s.reps {
		count(&s.reps[i].leads)
	}
	count(&s.pooled)
	return waiting
}
