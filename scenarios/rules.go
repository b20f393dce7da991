package scenarios

import (
	"fmt"
	"math"
	"reflect"
	"strconv"
	"strings"
)

// rule is a parsed `range` struct tag: an interval for numbers or an
// enumeration for strings. The zero rule (empty tag) allows everything.
type rule struct {
	text     string // the tag as written, e.g. "[0,24)"
	interval bool
	lo, hi   float64
	loOpen   bool
	hiOpen   bool
	oneOf    []string
}

// parseRule parses a range tag: "" (no rule), an interval such as "[0,1]",
// "(0,inf)" or "[0,24)", or an enumeration "oneof=a|b|c".
func parseRule(tag string) (rule, error) {
	switch {
	case tag == "":
		return rule{}, nil
	case strings.HasPrefix(tag, "oneof="):
		return parseOneOf(tag)
	default:
		return parseInterval(tag)
	}
}

func parseOneOf(tag string) (rule, error) {
	values := strings.Split(strings.TrimPrefix(tag, "oneof="), "|")
	for _, v := range values {
		if v == "" {
			return rule{}, fmt.Errorf("range tag %q has an empty alternative", tag)
		}
	}
	return rule{text: tag, oneOf: values}, nil
}

// parseInterval parses an interval tag. The error is built only when the
// tag is bad: Validate parses every field's tag, and formatting an unused
// error there was a third of the cost of parsing a small scenario.
func parseInterval(tag string) (rule, error) {
	bad := func() error { return fmt.Errorf("range tag %q is neither an interval like [0,1] nor oneof=a|b", tag) }
	if len(tag) < 5 {
		return rule{}, bad()
	}
	open, close := tag[0], tag[len(tag)-1]
	if (open != '[' && open != '(') || (close != ']' && close != ')') {
		return rule{}, bad()
	}
	loText, hiText, ok := strings.Cut(tag[1:len(tag)-1], ",")
	if !ok {
		return rule{}, bad()
	}
	lo, err1 := parseBound(loText)
	hi, err2 := parseBound(hiText)
	if err1 != nil || err2 != nil || !(lo <= hi) {
		return rule{}, bad()
	}
	return rule{text: tag, interval: true, lo: lo, hi: hi, loOpen: open == '(', hiOpen: close == ')'}, nil
}

// parseBound parses an interval end: a number, "inf", "+inf" or "-inf".
func parseBound(s string) (float64, error) {
	switch strings.TrimSpace(s) {
	case "inf", "+inf":
		return math.Inf(1), nil
	case "-inf":
		return math.Inf(-1), nil
	}
	x, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
	if err != nil || math.IsNaN(x) {
		return 0, fmt.Errorf("bad interval bound %q", s)
	}
	return x, nil
}

// allowsNumber reports whether x satisfies an interval rule (or no rule).
// NaN never does.
func (r rule) allowsNumber(x float64) bool {
	if math.IsNaN(x) {
		return false
	}
	if !r.interval {
		return true
	}
	aboveLo := x > r.lo || (!r.loOpen && x == r.lo)
	belowHi := x < r.hi || (!r.hiOpen && x == r.hi)
	return aboveLo && belowHi
}

// allowsString reports whether s satisfies an enumeration rule (or no rule).
func (r rule) allowsString(s string) bool {
	if r.oneOf == nil {
		return true
	}
	for _, v := range r.oneOf {
		if s == v {
			return true
		}
	}
	return false
}

// appliesTo reports whether the rule can be checked on values of kind k.
func (r rule) appliesTo(k reflect.Kind) bool {
	switch {
	case r.interval:
		return isNumberKind(k)
	case r.oneOf != nil:
		return k == reflect.String
	default:
		return true
	}
}

func isNumberKind(k reflect.Kind) bool {
	switch k {
	case reflect.Float32, reflect.Float64,
		reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return true
	}
	return false
}

// expectation describes the values a field of type t with range tag tag
// accepts, for error messages: "an integer in [1,100000]", "one of fifo,
// lifo", "a list of mappings".
func expectation(t reflect.Type, tag string) string {
	r, _ := parseRule(tag)
	switch t.Kind() {
	case reflect.Float32, reflect.Float64:
		return "a number" + r.inText()
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return "an integer" + r.inText()
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return "a non-negative integer" + r.inText()
	case reflect.Bool:
		return "true or false"
	case reflect.String:
		if r.oneOf != nil {
			return "one of " + strings.Join(r.oneOf, ", ")
		}
		return "a string"
	case reflect.Struct:
		return "a mapping with keys " + strings.Join(knownKeys(t), ", ")
	case reflect.Slice:
		return "a list of " + elementNoun(t.Elem(), r)
	}
	return "a value of type " + t.String()
}

// inText is " in [a,b]" for an interval rule and "" otherwise.
func (r rule) inText() string {
	if !r.interval {
		return ""
	}
	return " in " + r.text
}

func elementNoun(t reflect.Type, r rule) string {
	switch t.Kind() {
	case reflect.Struct:
		return "mappings"
	case reflect.String:
		if r.oneOf != nil {
			return "values from " + strings.Join(r.oneOf, ", ")
		}
		return "strings"
	default:
		return "values of type " + t.String()
	}
}
