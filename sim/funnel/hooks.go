package funnel

// hooks lets tests observe the process steps policies claim to shape, and
// Observe (observe.go) a replication's records. Each field may be nil.
type hooks struct {
	sales func(t float64, p *prospect)                    // a hand-off to sales, after routing
	opp   func(t float64, p *prospect)                    // an opportunity opens
	drop  func(t float64, p *prospect)                    // marketing's gate drops a lead
	call  func(t float64, p *prospect)                    // a rep starts a call attempt
	cycle func(p *prospect, outcome uint8, hours float64) // an outcome cycle is drawn (cycles.go)

	// Records (observe.go): an inquiry arrives in slot id, an opportunity
	// opens on it, a won deal's value is booked (just before its close),
	// an opportunity closes with outcome o.
	arrive func(t float64, id int32, p *prospect)
	open   func(t float64, id int32, p *prospect)
	won    func(value float64)
	close  func(t float64, id int32, p *prospect, o uint8)
}
