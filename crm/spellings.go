package crm

import "sort"

// speller finds the values of a column written in several ways: values
// equal once case, spaces and punctuation are folded away.
type speller struct {
	counts map[string]map[string]map[string]int // field → folded → spelling → rows
}

func newSpeller() *speller { return &speller{counts: map[string]map[string]map[string]int{}} }

// note counts spelling v of field and returns it unchanged.
func (s *speller) note(field, v string) string {
	if v == "" {
		return v
	}
	f := s.counts[field]
	if f == nil {
		f = map[string]map[string]int{}
		s.counts[field] = f
	}
	k := fold(v)
	if f[k] == nil {
		f[k] = map[string]int{}
	}
	f[k][v]++
	return v
}

// canonical returns, per field, the spelling each variant is read as
// (the most frequent; the first in byte order on a tie), and the
// spellings found.
func (s *speller) canonical() (map[string]map[string]string, []Spelling) {
	read := map[string]map[string]string{}
	var out []Spelling
	for _, field := range sortedKeys(s.counts) {
		f := s.counts[field]
		for _, k := range sortedKeys(f) {
			vs := f[k]
			if len(vs) < 2 {
				continue
			}
			names := sortedKeys(vs)
			sort.SliceStable(names, func(i, j int) bool { return vs[names[i]] > vs[names[j]] })
			best := names[0]
			if read[field] == nil {
				read[field] = map[string]string{}
			}
			for _, n := range names[1:] {
				read[field][n] = best
			}
			out = append(out, Spelling{Field: field, Read: best, Variants: names[1:]})
		}
	}
	return read, out
}

// canonical rewrites every variant spelling of owners, products and
// sources as its most frequent one, and records them.
func (d *Dataset) canonical(s *speller) {
	read, sp := s.canonical()
	d.Spellings = sp
	fix := func(field string, v *string) {
		if r, ok := read[field][*v]; ok {
			*v = r
		}
	}
	for i := range d.Opportunities {
		o := &d.Opportunities[i]
		fix("owner", &o.Owner)
		fix("product", &o.Product)
		fix("source", &o.Source)
	}
	for i := range d.Leads {
		fix("source", &d.Leads[i].Source)
	}
	if d.Prices != nil {
		for name, p := range d.Prices {
			if r, ok := read["product"][name]; ok {
				delete(d.Prices, name)
				if _, has := d.Prices[r]; !has {
					d.Prices[r] = p
				}
			}
		}
	}
}
