package olist

import (
	"encoding/csv"
	"fmt"
	"io"
	"math"
	"sort"
	"strconv"
	"strings"
	"time"

	"gonum.org/v1/gonum/stat"
)

// The period and the split of the Olist figures.
var (
	// From and To bound the period's first contacts: [From, To).
	From = day(2018, 1, 1)
	To   = day(2018, 6, 1)
	// Split starts the second half: its first contacts are in [Split, To).
	Split = day(2018, 3, 17)
)

// HorizonDays is the horizon of a win, from the first contact, in days:
// the last win recorded (2018-11-14) is 167 days after the last first
// contact of the period (2018-05-31).
const HorizonDays = 167

func day(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

// Lead is one marketing-qualified lead and its win, if any.
type Lead struct {
	FirstContact time.Time
	Origin       string  // "" in the data is written "(empty)"
	Won          bool    // a closed deal is recorded for it
	WonDays      float64 // days from the first contact (its date, 00:00) to the win (its timestamp)
}

// Read reads the MQL file and the closed-deal file and joins them on
// mql_id.
func Read(mqls, deals io.Reader) ([]Lead, error) {
	won := map[string]time.Time{}
	if err := readRows(deals, "closed deals", []string{"mql_id", "won_date"}, func(f []string) error {
		t, err := time.Parse("2006-01-02 15:04:05", f[1])
		if err != nil {
			return fmt.Errorf("won_date: %v", err)
		}
		won[f[0]] = t
		return nil
	}); err != nil {
		return nil, err
	}
	var out []Lead
	if err := readRows(mqls, "marketing-qualified leads", []string{"mql_id", "first_contact_date", "origin"}, func(f []string) error {
		t, err := time.Parse("2006-01-02", f[1])
		if err != nil {
			return fmt.Errorf("first_contact_date: %v", err)
		}
		l := Lead{FirstContact: t, Origin: f[2]}
		if l.Origin == "" {
			l.Origin = "(empty)"
		}
		if w, ok := won[f[0]]; ok {
			l.Won, l.WonDays = true, w.Sub(t).Hours()/24
		}
		out = append(out, l)
		return nil
	}); err != nil {
		return nil, err
	}
	return out, nil
}

// readRows calls row with the named columns of each record of r.
func readRows(r io.Reader, what string, cols []string, row func([]string) error) error {
	cr := csv.NewReader(r)
	head, err := cr.Read()
	if err != nil {
		return fmt.Errorf("%s: reading the header: %v", what, err)
	}
	idx := make([]int, len(cols))
	for i, c := range cols {
		idx[i] = -1
		for j, h := range head {
			if h == c {
				idx[i] = j
			}
		}
		if idx[i] < 0 {
			return fmt.Errorf("%s: no column %q", what, c)
		}
	}
	f := make([]string, len(cols))
	for line := 2; ; line++ {
		rec, err := cr.Read()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return fmt.Errorf("%s: %v", what, err)
		}
		for i, j := range idx {
			f[i] = rec[j]
		}
		if err := row(f); err != nil {
			return fmt.Errorf("%s, line %d: %v", what, line, err)
		}
	}
}

// Counts are a cohort's leads and wins by origin, and its days to win.
type Counts struct {
	MQLs, Won map[string]int
	WonDays   []float64 // days from the first contact to the win, of each win counted, sorted
}

// Cohorts returns the counts of the first and the second half of the
// period: a lead counts as won if its win came within HorizonDays.
func Cohorts(leads []Lead) [2]Counts {
	var c [2]Counts
	for h := range c {
		c[h] = Counts{MQLs: map[string]int{}, Won: map[string]int{}}
	}
	for _, l := range leads {
		if l.FirstContact.Before(From) || !l.FirstContact.Before(To) {
			continue
		}
		h := 0
		if !l.FirstContact.Before(Split) {
			h = 1
		}
		c[h].MQLs[l.Origin]++
		if l.Won && l.WonDays <= HorizonDays {
			c[h].Won[l.Origin]++
			c[h].WonDays = append(c[h].WonDays, l.WonDays)
		}
	}
	for h := range c {
		sort.Float64s(c[h].WonDays)
	}
	return c
}

// Figures are a cohort's figures.
type Figures struct {
	MQLs, Won       int
	Conversion      float64            // Won / MQLs
	ByOrigin        map[string]float64 // won / MQLs of each origin
	MedianDaysToWon float64            // median of WonDays (the mean of the middle two for an even count)
}

// Figures computes the figures of c.
func (c Counts) Figures() Figures {
	f := Figures{ByOrigin: map[string]float64{}}
	for o, n := range c.MQLs {
		f.MQLs += n
		f.Won += c.Won[o]
		f.ByOrigin[o] = float64(c.Won[o]) / float64(n)
	}
	f.Conversion = float64(f.Won) / float64(f.MQLs)
	f.MedianDaysToWon = median(c.WonDays)
	return f
}

func median(x []float64) float64 {
	if len(x) == 0 {
		return math.NaN()
	}
	if len(x)%2 == 1 {
		return stat.Quantile(0.5, stat.Empirical, x, nil)
	}
	return (x[len(x)/2-1] + x[len(x)/2]) / 2
}

// Origins returns the origins of c, by decreasing MQLs (then by name).
func (c Counts) Origins() []string {
	var o []string
	for k := range c.MQLs {
		o = append(o, k)
	}
	sort.Slice(o, func(i, j int) bool {
		if c.MQLs[o[i]] != c.MQLs[o[j]] {
			return c.MQLs[o[i]] > c.MQLs[o[j]]
		}
		return o[i] < o[j]
	})
	return o
}

// WriteCounts writes the cohorts' counts as CSV: one row per half and
// origin (half, origin, mqls, won), then one per half and win (half,
// "days", the days to the win to 4 decimals, 1).
func WriteCounts(w io.Writer, c [2]Counts) error {
	cw := csv.NewWriter(w)
	cw.Write([]string{"half", "origin", "mqls", "won"})
	for h := range c {
		for _, o := range c[h].Origins() {
			cw.Write([]string{strconv.Itoa(h + 1), o, strconv.Itoa(c[h].MQLs[o]), strconv.Itoa(c[h].Won[o])})
		}
	}
	for h := range c {
		for _, d := range c[h].WonDays {
			cw.Write([]string{strconv.Itoa(h + 1), "days", strconv.FormatFloat(d, 'f', 4, 64), "1"})
		}
	}
	cw.Flush()
	return cw.Error()
}

// ReadCounts reads what WriteCounts wrote.
func ReadCounts(r io.Reader) ([2]Counts, error) {
	var c [2]Counts
	for h := range c {
		c[h] = Counts{MQLs: map[string]int{}, Won: map[string]int{}}
	}
	recs, err := csv.NewReader(r).ReadAll()
	if err != nil {
		return c, err
	}
	if len(recs) == 0 || strings.Join(recs[0], ",") != "half,origin,mqls,won" {
		return c, fmt.Errorf("counts: the header must be half,origin,mqls,won")
	}
	for i, rec := range recs[1:] {
		h, err := strconv.Atoi(rec[0])
		if err != nil || h < 1 || h > 2 {
			return c, fmt.Errorf("counts, line %d: half %q: expected 1 or 2", i+2, rec[0])
		}
		a, err1 := strconv.ParseFloat(rec[2], 64)
		b, err2 := strconv.Atoi(rec[3])
		if err1 != nil || err2 != nil {
			return c, fmt.Errorf("counts, line %d: expected numbers, got %q, %q", i+2, rec[2], rec[3])
		}
		if rec[1] == "days" {
			c[h-1].WonDays = append(c[h-1].WonDays, a)
			continue
		}
		c[h-1].MQLs[rec[1]] = int(a)
		if b > 0 {
			c[h-1].Won[rec[1]] = b
		}
	}
	for h := range c {
		sort.Float64s(c[h].WonDays)
	}
	return c, nil
}
