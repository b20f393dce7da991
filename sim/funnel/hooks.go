package funnel

// hooks lets tests observe the process steps policies claim to shape. Each
// field may be nil.
type hooks struct {
	sales func(t float64, p *prospect)                    // a hand-off to sales, after routing
	opp   func(t float64, p *prospect)                    // an opportunity opens
	drop  func(t float64, p *prospect)                    // marketing's gate drops a lead
	call  func(t float64, p *prospect)                    // a rep starts a call attempt
	cycle func(p *prospect, outcome uint8, hours float64) // an outcome cycle is drawn (cycles.go)
}
