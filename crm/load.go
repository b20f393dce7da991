package crm

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode"

	"funnellab/internal/userfile"
)

// maxBadLines is how many lines of each bad-row reason are kept.
const maxBadLines = 5

// csvFile is a CSV file read whole: its header and rows.
type csvFile struct {
	name   string // as in messages: the path given
	header map[string]int
	rows   [][]string
	lines  []int // the line of each row
}

// MaxFileBytes is the largest export file read (a FIFO or device is
// refused too: internal/userfile).
const MaxFileBytes = 4 << 30

func readCSV(path string) (*csvFile, error) {
	b, err := userfile.ReadFile(path, "CRM export file", MaxFileBytes)
	if err != nil {
		return nil, &Error{File: path, Msg: fmt.Sprintf("cannot read: %v", err)}
	}
	b = bytes.TrimPrefix(b, []byte("\xef\xbb\xbf"))
	r := csv.NewReader(bytes.NewReader(b))
	r.FieldsPerRecord = -1
	r.LazyQuotes = true
	f := &csvFile{name: path, header: map[string]int{}}
	head, err := r.Read()
	if errors.Is(err, io.EOF) {
		return nil, &Error{File: path, Msg: "empty file: expected a header line and rows"}
	}
	if err != nil {
		return nil, &Error{File: path, Line: 1, Msg: fmt.Sprintf("not CSV: %v", err)}
	}
	for i, h := range head {
		h = strings.TrimSpace(h)
		if _, dup := f.header[h]; !dup {
			f.header[h] = i
		}
	}
	for {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		line, _ := r.FieldPos(0)
		if err != nil {
			return nil, &Error{File: path, Line: line, Msg: fmt.Sprintf("not CSV: %v", err)}
		}
		if len(rec) == 1 && strings.TrimSpace(rec[0]) == "" {
			continue // a blank line
		}
		f.rows = append(f.rows, rec)
		f.lines = append(f.lines, line)
	}
	return f, nil
}

// col returns the index of column c, or an error naming the mapping key.
func (f *csvFile) col(c, key string) (int, error) {
	if i, ok := f.header[strings.TrimSpace(c)]; ok {
		return i, nil
	}
	have := make([]string, 0, len(f.header))
	for h := range f.header {
		have = append(have, h)
	}
	sort.Strings(have)
	if len(have) > 12 {
		have = append(have[:12], "...")
	}
	return 0, &Error{File: f.name, Column: c, Msg: fmt.Sprintf("missing column (mapping key %s); the file has: %s", key, strings.Join(have, ", "))}
}

// table is a mapped file with its joined columns: value(field, row).
type table struct {
	f      *csvFile
	kind   string
	cols   map[string]int // field → column index in the row (joined columns after the file's)
	joined [][]string     // per row: the joined file's row, or nil
	jcols  map[string]int // field → column of the joined file
}

func (t *table) has(field string) bool {
	_, a := t.cols[field]
	_, b := t.jcols[field]
	return a || b
}

func (t *table) value(field string, i int) string {
	if c, ok := t.cols[field]; ok {
		if row := t.f.rows[i]; c < len(row) {
			return strings.TrimSpace(row[c])
		}
		return ""
	}
	if c, ok := t.jcols[field]; ok {
		if row := t.joined[i]; c < len(row) {
			return strings.TrimSpace(row[c])
		}
	}
	return ""
}

// openTable reads a mapped file (and its join) and finds its columns:
// the file's own first, then the joined file's.
func (m *Mapping) openTable(kind string, t *Table, used map[string]string, files *[]string) (*table, error) {
	path := filepath.Join(m.Dir, t.File)
	f, err := readCSV(path)
	if err != nil {
		return nil, err
	}
	*files = append(*files, path)
	tb := &table{f: f, kind: kind, cols: map[string]int{}, jcols: map[string]int{}}
	var jf *csvFile
	if t.Join != nil {
		if jf, err = readCSV(filepath.Join(m.Dir, t.Join.File)); err != nil {
			return nil, err
		}
		*files = append(*files, filepath.Join(m.Dir, t.Join.File))
	}
	for _, field := range sortedKeys(t.Columns) {
		c := t.Columns[field]
		if i, ok := f.header[c]; ok {
			tb.cols[field] = i
			used[kind+"."+field] = t.File + ":" + c
			continue
		}
		if jf != nil {
			if i, ok := jf.header[c]; ok {
				tb.jcols[field] = i
				used[kind+"."+field] = t.Join.File + ":" + c
				continue
			}
		}
		if _, err := f.col(c, kind+".columns."+field); err != nil {
			return nil, err
		}
	}
	if jf != nil {
		on, err := f.col(t.Join.On, kind+".join.on")
		if err != nil {
			return nil, err
		}
		jon, err := jf.col(t.Join.On, kind+".join.on")
		if err != nil {
			return nil, err
		}
		idx := map[string][]string{}
		for _, r := range jf.rows {
			if jon < len(r) {
				k := strings.TrimSpace(r[jon])
				if _, dup := idx[k]; !dup && k != "" {
					idx[k] = r
				}
			}
		}
		tb.joined = make([][]string, len(f.rows))
		for i, r := range f.rows {
			if on < len(r) {
				tb.joined[i] = idx[strings.TrimSpace(r[on])]
			}
		}
	}
	return tb, nil
}

// badCounter counts rows left out by reason, in order of first sight.
type badCounter struct {
	order []string
	by    map[string]*BadRows
}

func (b *badCounter) add(file, reason string, line int) {
	k := file + "\x00" + reason
	if b.by == nil {
		b.by = map[string]*BadRows{}
	}
	r := b.by[k]
	if r == nil {
		r = &BadRows{File: file, Reason: reason}
		b.by[k] = r
		b.order = append(b.order, k)
	}
	r.Count++
	if len(r.Lines) < maxBadLines {
		r.Lines = append(r.Lines, line)
	}
}

func (b *badCounter) list() []BadRows {
	out := make([]BadRows, len(b.order))
	for i, k := range b.order {
		out[i] = *b.by[k]
	}
	return out
}

// Load reads the export the mapping names. asOf, if not zero, overrides
// the mapping's as_of. Rows that cannot be used are counted by reason in
// Dataset.Bad; a file without a usable row, or a column the mapping names
// that the file lacks, is an *Error.
func Load(m *Mapping, asOf time.Time) (*Dataset, error) {
	d := &Dataset{Columns: map[string]string{}, Rows: map[string]int{}}
	if !asOf.IsZero() {
		d.AsOf, d.AsOfGiven = asOf.UTC(), true
	} else if m.AsOf != "" {
		t, err := ParseDate(m.AsOf, false)
		if err != nil {
			return nil, &Error{File: m.Name, Column: "as_of", Msg: err.Error()}
		}
		// A date without a time is the end of that day.
		if len(strings.TrimSpace(m.AsOf)) == 10 {
			t = t.Add(24*time.Hour - time.Second)
		}
		d.AsOf, d.AsOfGiven = t, true
	}
	var bad badCounter
	spell := newSpeller()
	ot, err := m.openTable("opportunities", m.Opportunities, d.Columns, &d.Files)
	if err != nil {
		return nil, err
	}
	d.Rows[m.Opportunities.File] = len(ot.f.rows)
	var kept badCounter
	if err := d.readOpportunities(ot, m.Opportunities, &bad, &kept, spell); err != nil {
		return nil, err
	}
	if m.Leads != nil {
		lt, err := m.openTable("leads", m.Leads, d.Columns, &d.Files)
		if err != nil {
			return nil, err
		}
		d.Rows[m.Leads.File] = len(lt.f.rows)
		if err := d.readLeads(lt, m.Leads, &bad, spell); err != nil {
			return nil, err
		}
	}
	if m.Products != nil {
		pt, err := m.openTable("products", m.Products, d.Columns, &d.Files)
		if err != nil {
			return nil, err
		}
		d.Prices = map[string]float64{}
		for i := range pt.f.rows {
			name := spell.note("product", pt.value("name", i))
			p, ok := parseAmount(pt.value("price", i))
			if name == "" || !ok {
				bad.add(m.Products.File, "no product name or price", pt.f.lines[i])
				continue
			}
			d.Prices[name] = p
		}
	}
	if !d.AsOfGiven {
		for i := range d.Opportunities {
			o := &d.Opportunities[i]
			d.AsOf = later(d.AsOf, o.Created)
			d.AsOf = later(d.AsOf, o.Closed)
		}
		for i := range d.Leads {
			d.AsOf = later(d.AsOf, d.Leads[i].Created)
		}
		d.Notes = append(d.Notes, fmt.Sprintf("as_of not given: the latest date in the export, %s", d.AsOf.Format(time.DateOnly)))
	}
	// Records created after as_of cannot be in the export of that date.
	keep := d.Opportunities[:0]
	for _, o := range d.Opportunities {
		if o.Created.After(d.AsOf) {
			bad.add(m.Opportunities.File, "created after as_of", o.Line)
			continue
		}
		if o.Outcome.Closed() && o.Closed.After(d.AsOf) {
			// Closed after the export's date: still open at as_of.
			o.Outcome, o.Closed = Open, time.Time{}
		}
		keep = append(keep, o)
	}
	d.Opportunities = keep
	keepL := d.Leads[:0]
	for _, l := range d.Leads {
		if l.Created.After(d.AsOf) {
			bad.add(m.Leads.File, "created after as_of", l.Line)
			continue
		}
		keepL = append(keepL, l)
	}
	d.Leads = keepL
	d.canonical(spell)
	d.Bad = bad.list()
	d.Kept = kept.list()
	if len(d.Opportunities) == 0 {
		return nil, &Error{File: ot.f.name, Msg: fmt.Sprintf("no usable row: %s", badSummary(d.Bad))}
	}
	if m.Leads != nil && len(d.Leads) == 0 {
		return nil, &Error{File: filepath.Join(m.Dir, m.Leads.File), Msg: fmt.Sprintf("no usable row: %s", badSummary(d.Bad))}
	}
	return d, nil
}

func badSummary(bs []BadRows) string {
	if len(bs) == 0 {
		return "the file has a header but no rows"
	}
	var parts []string
	for _, b := range bs {
		parts = append(parts, fmt.Sprintf("%d %s (first at line %d)", b.Count, b.Reason, b.Lines[0]))
	}
	return strings.Join(parts, "; ")
}

func later(a, b time.Time) time.Time {
	if b.After(a) {
		return b
	}
	return a
}

// dateReader parses one date column, day first if the column needs it.
type dateReader map[string]bool

func (dr dateReader) dayFirst(t *table, field string) bool {
	if v, ok := dr[field]; ok {
		return v
	}
	vals := make([]string, len(t.f.rows))
	for i := range vals {
		vals[i] = t.value(field, i)
	}
	dr[field] = dayFirstColumn(vals)
	return dr[field]
}

func (d *Dataset) readOpportunities(t *table, spec *Table, bad, kept *badCounter, spell *speller) error {
	dr := dateReader{}
	seen := map[string]bool{}
	file := spec.File
	for i := range t.f.rows {
		line := t.f.lines[i]
		id, ok := rowID(t, i, seen, bad, file, line)
		if !ok {
			continue
		}
		out, ok := matchOutcome(spec.Outcomes, t.value("outcome", i))
		created, err := d.date(t, dr, "created", i)
		if err != nil {
			if ok && !out.Closed() && t.value("created", i) == "" {
				bad.add(file, "open without a created date (not engaged yet)", line)
			} else {
				bad.add(file, err.Error()+" (created)", line)
			}
			continue
		}
		if !ok {
			bad.add(file, "unknown outcome", line)
			continue
		}
		o := Opportunity{ID: id, Created: created, Outcome: out, Amount: nan(), Line: line}
		if out.Closed() {
			if !t.has("closed") {
				o.Closed = time.Time{}
				bad.add(file, "closed without a close date column (map columns.closed)", line)
				continue
			}
			c, err := d.date(t, dr, "closed", i)
			if err != nil {
				bad.add(file, err.Error()+" (closed)", line)
				continue
			}
			if c.Before(created) {
				bad.add(file, "closed before created", line)
				continue
			}
			o.Closed = c
		}
		if v := t.value("amount", i); v != "" {
			if a, ok := parseAmount(v); ok {
				o.Amount = a
			} else {
				kept.add(file, "amount not a number (kept without an amount)", line)
			}
		}
		o.Owner = spell.note("owner", t.value("owner", i))
		o.Product = spell.note("product", t.value("product", i))
		o.Account = t.value("account", i)
		o.Source = spell.note("source", t.value("source", i))
		o.Lead = t.value("lead", i)
		seen[id] = true
		d.Opportunities = append(d.Opportunities, o)
	}
	return nil
}

func (d *Dataset) readLeads(t *table, spec *Table, bad *badCounter, spell *speller) error {
	dr := dateReader{}
	seen := map[string]bool{}
	file := spec.File
	for i := range t.f.rows {
		line := t.f.lines[i]
		id, ok := rowID(t, i, seen, bad, file, line)
		if !ok {
			continue
		}
		created, err := d.date(t, dr, "created", i)
		if err != nil {
			bad.add(file, err.Error()+" (created)", line)
			continue
		}
		l := Lead{ID: id, Created: created, Line: line}
		l.Source = spell.note("source", t.value("source", i))
		l.Opportunity = t.value("opportunity", i)
		l.Converted = l.Opportunity != "" || t.value("converted", i) != ""
		seen[id] = true
		d.Leads = append(d.Leads, l)
	}
	return nil
}

// date reads a date field of row i: "missing date" when empty,
// "unparseable date" when not a date.
func (d *Dataset) date(t *table, dr dateReader, field string, i int) (time.Time, error) {
	v := t.value(field, i)
	if v == "" {
		return time.Time{}, errors.New("missing date")
	}
	tm, err := ParseDate(v, dr.dayFirst(t, field))
	if err != nil {
		return time.Time{}, errors.New("unparseable date")
	}
	return tm, nil
}

// matchOutcome reads an outcome value: won, lost, no_decision, then open.
func matchOutcome(outs map[string][]string, v string) (Outcome, bool) {
	key := fold(v)
	for _, o := range []struct {
		name string
		out  Outcome
	}{{"won", Won}, {"lost", Lost}, {"no_decision", NoDecision}, {"open", Open}} {
		for _, w := range outs[o.name] {
			if w == "*" {
				if strings.TrimSpace(v) != "" {
					return o.out, true
				}
				continue
			}
			if fold(w) == key && (key != "" || strings.TrimSpace(w) == strings.TrimSpace(v)) {
				return o.out, true
			}
		}
	}
	return Open, false
}

// fold is a value compared without regard to case, spaces or punctuation.
func fold(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// parseAmount reads a number, allowing a currency sign, thousands commas
// and spaces: "$1,234.50", "1 234", "100.0".
func parseAmount(s string) (float64, bool) {
	s = strings.TrimSpace(s)
	s = strings.TrimLeft(s, "$€£R ")
	s = strings.ReplaceAll(s, ",", "")
	s = strings.ReplaceAll(s, " ", "")
	v, err := strconv.ParseFloat(s, 64)
	if err != nil || v != v {
		return 0, false
	}
	return v, true
}

// rowID returns row i's id, or false, counting the row as bad, when it has
// none or one already seen (seen is marked by the caller once the row is
// kept).
func rowID(t *table, i int, seen map[string]bool, bad *badCounter, file string, line int) (string, bool) {
	id := t.value("id", i)
	switch {
	case id == "":
		bad.add(file, "missing id", line)
		return "", false
	case seen[id]:
		bad.add(file, "duplicate id", line)
		return "", false
	}
	return id, true
}
