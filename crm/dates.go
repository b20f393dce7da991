package crm

import (
	"fmt"
	"strings"
	"time"
)

// isoLayouts are the ISO 8601 forms ParseDate reads, most common first.
var isoLayouts = []string{
	"2006-01-02",
	"2006-01-02 15:04:05",
	"2006-01-02 15:04",
	"2006-01-02T15:04:05Z07:00",
	"2006-01-02T15:04:05.999999999Z07:00",
	"2006-01-02T15:04:05",
	"2006-01-02T15:04:05.999999999",
	"2006-01-02T15:04",
	"2006-01-02 15:04:05.999999999",
	"2006-01-02 15:04:05Z07:00",
	"2006-01-02 15:04:05 -0700",
	"2006/01/02",
	"2006/01/02 15:04:05",
	"2006/01/02 15:04",
}

// slashLayouts are the spreadsheet forms, month first; dayFirst swaps
// them; dotted dates (02.01.2006) are always day first.
var slashLayouts = []string{
	"1/2/2006",
	"1/2/2006 15:04",
	"1/2/2006 15:04:05",
	"1/2/2006 3:04 PM",
	"1/2/2006 3:04:05 PM",
	"1/2/2006 3:04PM",
	"1/2/06",
	"1/2/06 15:04",
	"1/2/06 3:04 PM",
}

var dotLayouts = []string{"2.1.2006", "2.1.2006 15:04", "2.1.2006 15:04:05"}

// ParseDate reads a date with or without a time of day, in ISO 8601
// (2018-02-01, 2018-02-01 19:58:54, 2018-02-01T19:58:54Z, with fractions
// of a second or a zone), slashed spreadsheet forms (2/1/2018, 2/1/2018
// 7:58 PM; month first unless dayFirst) or dotted ones (01.02.2018, day
// first). Times without a zone are read as UTC; times with one are
// converted to UTC. The empty string is not a date: callers check it.
func ParseDate(s string, dayFirst bool) (time.Time, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}, fmt.Errorf("empty date")
	}
	var layouts []string
	switch {
	case len(s) >= 5 && isDigits(s[:4]) && (s[4] == '-' || s[4] == '/'):
		layouts = isoLayouts
	case strings.Contains(s, "/"):
		layouts = slashLayouts
		if dayFirst {
			layouts = make([]string, len(slashLayouts))
			for i, l := range slashLayouts {
				layouts[i] = strings.Replace(l, "1/2/", "2/1/", 1)
			}
		}
	case strings.Contains(s, "."):
		layouts = dotLayouts
	}
	for _, l := range layouts {
		if t, err := time.Parse(l, s); err == nil {
			return t.UTC(), nil
		}
	}
	return time.Time{}, fmt.Errorf("%q is not a date (expected e.g. 2018-02-01, 2018-02-01 19:58:54, 2018-02-01T19:58:54Z, 2/1/2018 or 01.02.2018)", s)
}

// dayFirstColumn says whether slashed dates in vals must be read day
// first: one of them has a first field above 12.
func dayFirstColumn(vals []string) bool {
	for _, v := range vals {
		v = strings.TrimSpace(v)
		i := strings.IndexByte(v, '/')
		if i <= 0 || i > 2 {
			continue
		}
		n := 0
		for _, c := range v[:i] {
			n = n*10 + int(c-'0')
		}
		if n > 12 {
			return true
		}
	}
	return false
}

func isDigits(s string) bool {
	for _, c := range s {
		if c < '0' || c > '9' {
			return false
		}
	}
	return s != ""
}
