package scenarios

import (
	"sort"
	"strconv"
	"strings"
)

// FieldError is one problem with a scenario: a YAML syntax error, an unknown
// key, a value of the wrong type or out of range, or a broken cross-field
// rule.
//
// File is the source given to Parse (the path for LoadFile,
// "embedded:NAME.yaml" for LoadEmbedded) and Line the 1-based line the key
// came from (0 when unknown). Key is the dotted key path, with list indexes
// as numbers ("marketing.channels.0.rate_per_hour"); it is empty for errors
// about the file as a whole. Set is the --set argument the value came from,
// if it came from one; the error then names the argument instead of a line.
type FieldError struct {
	File string
	Line int
	Key  string
	Msg  string
	Set  string
}

// Error formats the error as
//
//	FILE:LINE: KEY: MSG     the value came from the file
//	--set ARG: KEY: MSG     the value came from a --set argument
//	FILE: KEY: MSG          the line is unknown
//
// leaving out the parts that are empty.
func (e *FieldError) Error() string {
	var parts []string
	switch {
	case e.Set != "":
		parts = append(parts, "--set "+e.Set)
	case e.File != "" && e.Line > 0:
		parts = append(parts, e.File+":"+strconv.Itoa(e.Line))
	case e.File != "":
		parts = append(parts, e.File)
	case e.Line > 0:
		parts = append(parts, "line "+strconv.Itoa(e.Line))
	}
	if e.Key != "" {
		parts = append(parts, e.Key)
	}
	parts = append(parts, e.Msg)
	return strings.Join(parts, ": ")
}

// Errors is the list of all problems found in a scenario, sorted by line and
// then by key. Parse, LoadFile, LoadEmbedded and Validate return it as their
// error; use errors.As to get at the individual FieldErrors.
type Errors []*FieldError

// Error returns one error per line.
func (es Errors) Error() string {
	lines := make([]string, len(es))
	for i, e := range es {
		lines[i] = e.Error()
	}
	return strings.Join(lines, "\n")
}

// sortErrors orders errors by line, then by key (list indexes compared as
// numbers), keeping the discovery order of errors that tie.
func sortErrors(es Errors) {
	sort.SliceStable(es, func(i, j int) bool {
		if es[i].Line != es[j].Line {
			return es[i].Line < es[j].Line
		}
		return compareKeys(es[i].Key, es[j].Key) < 0
	})
}

// compareKeys compares dotted key paths segment by segment, numeric segments
// (list indexes) as numbers, so that "policies.2" sorts before "policies.10".
func compareKeys(a, b string) int {
	as, bs := strings.Split(a, "."), strings.Split(b, ".")
	for i := 0; i < len(as) && i < len(bs); i++ {
		if c := compareSegments(as[i], bs[i]); c != 0 {
			return c
		}
	}
	return len(as) - len(bs)
}

func compareSegments(a, b string) int {
	if isIndex(a) && isIndex(b) && len(a) != len(b) {
		return len(a) - len(b)
	}
	return strings.Compare(a, b)
}

// isIndex reports whether s is a list index as written in key paths: decimal
// digits without a sign or leading zeros, small enough for an int.
func isIndex(s string) bool {
	if s == "" || len(s) > 9 || (len(s) > 1 && s[0] == '0') {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// joinKey appends a segment to a dotted key path.
func joinKey(parent, seg string) string {
	if parent == "" {
		return seg
	}
	return parent + "." + seg
}

// parentKey strips the last segment of a dotted key path.
func parentKey(key string) string {
	if i := strings.LastIndexByte(key, '.'); i >= 0 {
		return key[:i]
	}
	return ""
}

// isUnder reports whether key is prefix or lies inside it.
func isUnder(key, prefix string) bool {
	return key == prefix || strings.HasPrefix(key, prefix+".")
}
