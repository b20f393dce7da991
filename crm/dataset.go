package crm

import (
	"math"
	"time"
)

// Outcome is an opportunity's state at the export's date.
type Outcome uint8

// The outcomes of an opportunity.
const (
	Open Outcome = iota
	Won
	Lost
	NoDecision
)

// String returns open, won, lost or no_decision.
func (o Outcome) String() string {
	return [...]string{"open", "won", "lost", "no_decision"}[o]
}

// Closed says whether the opportunity has closed.
func (o Outcome) Closed() bool { return o != Open }

// Lead is an inquiry: a row of the leads file.
type Lead struct {
	ID      string
	Created time.Time
	Source  string // "" when the export has no source column
	// Converted: the lead became an opportunity (its opportunity or
	// converted column is not empty).
	Converted   bool
	Opportunity string // the opportunity's id, if given
	Line        int
}

// Opportunity is a row of the opportunities file.
type Opportunity struct {
	ID      string
	Created time.Time
	Closed  time.Time // zero while open
	Outcome Outcome
	Amount  float64 // NaN when not given or not a number
	Owner   string
	Product string
	Account string
	Source  string
	Lead    string
	Line    int
}

// Days is the opportunity's age in days: to its close, or to asOf while
// open.
func (o *Opportunity) Days(asOf time.Time) float64 {
	end := o.Closed
	if !o.Outcome.Closed() {
		end = asOf
	}
	return end.Sub(o.Created).Hours() / 24
}

// BadRows counts a file's rows left out for one reason.
type BadRows struct {
	File   string `json:"file"`
	Reason string `json:"reason"`
	Count  int    `json:"count"`
	Lines  []int  `json:"first_lines"` // the first few lines with it
}

// Spelling is a value of a column written in several ways (case, spaces,
// punctuation): they are read as its most frequent spelling.
type Spelling struct {
	Field    string   `json:"field"`
	Read     string   `json:"read_as"`
	Variants []string `json:"variants"`
}

// Dataset is an export read through its mapping.
type Dataset struct {
	Leads         []Lead
	Opportunities []Opportunity
	Prices        map[string]float64 // product name → list price (products file)
	AsOf          time.Time
	AsOfGiven     bool      // as_of came from the mapping or the caller, not the data
	Bad           []BadRows // rows left out, by reason
	Kept          []BadRows // rows kept with a field not read, by reason
	Spellings     []Spelling
	// Columns: each mapped field ("opportunities.created") and the column
	// of the file it came from ("opportunities.csv:engage_date").
	Columns map[string]string
	Rows    map[string]int // data rows read per file
	Files   []string       // the paths of the files read, in order
	Notes   []string       // what else the reader noticed (amounts not numbers, ...)
}

// Has says whether the export maps field (such as "opportunities.amount").
func (d *Dataset) Has(field string) bool { return d.Columns[field] != "" }

// Start is the earliest creation date of an opportunity or lead.
func (d *Dataset) Start() time.Time {
	var t time.Time
	for i := range d.Opportunities {
		if c := d.Opportunities[i].Created; t.IsZero() || c.Before(t) {
			t = c
		}
	}
	for i := range d.Leads {
		if c := d.Leads[i].Created; t.IsZero() || c.Before(t) {
			t = c
		}
	}
	return t
}

func nan() float64 { return math.NaN() }
