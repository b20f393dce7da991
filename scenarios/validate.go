package scenarios

import (
	"fmt"
	"reflect"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// namePattern is what scenario, channel, segment and policy names must
// match: they end up in folder names and random stream names. Besides it,
// a name is not "." or ".." (checkName). It is the schema's pattern;
// checkName tests it with a length bound and nameChars, not a compiled
// regexp: compiling the counted repetition cost about 1 M instructions at
// every start of the program (TestNameCharsIsNamePattern checks that the
// two agree).
var namePattern = `^[A-Za-z0-9._-]{1,` + strconv.Itoa(MaxNameBytes) + `}$`

// nameChars reports whether every byte of name is a letter, a digit, '.',
// '_' or '-' (namePattern's class).
func nameChars(name string) bool {
	for i := 0; i < len(name); i++ {
		switch c := name[i]; {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9', c == '.', c == '_', c == '-':
		default:
			return false
		}
	}
	return true
}

// Validate checks every field against its range tag and the cross-field
// rules, returning all problems as Errors (nil if there are none). The
// FieldErrors have Key set and no File or Line; Parse adds those.
//
// Cross-field rules: calendar.close_hour after calendar.open_hour (checked
// even when always_open is true, so flipping always_open never makes a
// scenario invalid), calendar.working_days without repeats, warmup_days
// shorter than horizon_days, at least one channel and one policy, unique
// well-formed channel, segment and policy names, a well-formed scenario
// name, a positive total channel rate; and for the full model (checkModel):
// observe_days 0 or at least horizon_days, and > 0 when there are segments;
// budget_allocated + budget_after_solutions <= 1; segment shares, channel
// kinds, stages and authority with a positive sum; seasonality with 0 or 12
// factors; no rep judgement (veto) with pooled routing; checks that parse
// and name the scenario's policies (checkChecks); every finding with a
// role, derived_from exactly for derived ones, bounds compared one-sided,
// expected_reason exactly for expected: not_reproduced, and finding ids
// unique (checkFindings).
func (s *Scenario) Validate() error {
	var errs Errors
	checkRanges(reflect.ValueOf(s).Elem(), "", &errs)
	s.checkTime(&errs)
	s.checkCalendar(&errs)
	s.checkChannels(&errs)
	s.checkPolicies(&errs)
	s.checkModel(&errs)
	s.checkChecks(&errs)
	s.checkVerdict(&errs)
	s.checkFindings(&errs)
	if len(errs) == 0 {
		return nil
	}
	sortErrors(errs)
	return errs
}

// add appends an error about key.
func add(errs *Errors, key, format string, args ...any) {
	*errs = append(*errs, &FieldError{Key: key, Msg: fmt.Sprintf(format, args...)})
}

// checkRanges checks the range tag of every field of struct v (whose key is
// path), recursing into structs and list elements.
func checkRanges(v reflect.Value, path string, errs *Errors) {
	t := v.Type()
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		name := yamlKey(f)
		if name == "" {
			continue
		}
		checkField(v.Field(i), joinKey(path, name), f.Tag.Get("range"), errs)
	}
}

// checkField checks one value: structs field by field, lists element by
// element (the range tag applies to each element), scalars against tag.
func checkField(v reflect.Value, key, tag string, errs *Errors) {
	switch v.Kind() {
	case reflect.Struct:
		checkRanges(v, key, errs)
	case reflect.Slice:
		for i := 0; i < v.Len(); i++ {
			checkField(v.Index(i), joinKey(key, strconv.Itoa(i)), tag, errs)
		}
	default:
		checkScalar(v, key, tag, errs)
	}
}

// checkScalar checks a number against an interval or a string against an
// enumeration.
func checkScalar(v reflect.Value, key, tag string, errs *Errors) {
	r, err := parseRule(tag)
	if err == nil && !r.appliesTo(v.Kind()) {
		err = fmt.Errorf("range tag %q does not apply to a %s", tag, v.Kind())
	}
	if err != nil {
		add(errs, key, "schema error: %v", err)
		return
	}
	ok, got := true, ""
	switch {
	case v.Kind() == reflect.String:
		ok, got = r.allowsString(v.String()), strconv.Quote(v.String())
	case isNumberKind(v.Kind()):
		x, text := number(v)
		ok, got = r.allowsNumber(x), text
	}
	if !ok {
		add(errs, key, "got %s, expected %s", got, expectation(v.Type(), tag))
	}
}

// number returns a numeric value as float64 and as text.
func number(v reflect.Value) (float64, string) {
	switch {
	case v.CanInt():
		return float64(v.Int()), strconv.FormatInt(v.Int(), 10)
	case v.CanUint():
		return float64(v.Uint()), strconv.FormatUint(v.Uint(), 10)
	default:
		return v.Float(), formatFloat(v.Float())
	}
}

func formatFloat(x float64) string { return strconv.FormatFloat(x, 'g', -1, 64) }

// checkTime: the warm-up must end before the horizon.
func (s *Scenario) checkTime(errs *Errors) {
	if !(s.WarmupDays < s.HorizonDays) {
		add(errs, "warmup_days", "got %s, expected less than horizon_days (%s)",
			formatFloat(s.WarmupDays), formatFloat(s.HorizonDays))
	}
	checkName(errs, "name", s.Name)
	checkCurrency(errs, s.Currency)
}

// maxCurrency is the longest currency name, in characters: a code or a
// symbol shown beside amounts, not a sentence.
const maxCurrency = 12

// checkCurrency: a short name on one line.
func checkCurrency(errs *Errors, c string) {
	n := utf8.RuneCountInString(c)
	switch {
	case !utf8.ValidString(c) || strings.ContainsFunc(c, unicode.IsControl):
		add(errs, "currency", "got %q, expected a currency name or symbol without line breaks or control characters (EUR, USD, €)", c)
	case n > maxCurrency:
		add(errs, "currency", "got %q (%d characters), expected at most %d: a code or symbol such as EUR, USD or €", c, n, maxCurrency)
	case c != strings.TrimSpace(c):
		add(errs, "currency", "got %q, expected no leading or trailing spaces", c)
	}
}

// checkCalendar: the working day must end after it starts, and there must
// be at least one working day, each listed once.
func (s *Scenario) checkCalendar(errs *Errors) {
	c := s.Calendar
	if !(c.CloseHour > c.OpenHour) {
		add(errs, "calendar.close_hour", "got %s, expected a time after calendar.open_hour (%s)",
			formatFloat(c.CloseHour), formatFloat(c.OpenHour))
	}
	if len(c.WorkingDays) == 0 {
		add(errs, "calendar.working_days", "got an empty list, expected at least one day")
	}
	checkUnique(errs, "calendar.working_days", "", "day", c.WorkingDays)
}

// checkChannels: at least one channel, well-formed unique names, and some
// inquiries at all.
func (s *Scenario) checkChannels(errs *Errors) {
	const key = "marketing.channels"
	chans := s.Marketing.Channels
	if len(chans) == 0 {
		add(errs, key, "got no channels, expected at least one")
		return
	}
	names := make([]string, len(chans))
	total := 0.0
	for i, c := range chans {
		names[i] = c.Name
		total += c.RatePerHour
		checkName(errs, joinKey(joinKey(key, strconv.Itoa(i)), "name"), c.Name)
	}
	checkUnique(errs, key, "name", "channel name", names)
	if !(total > 0) {
		add(errs, key, "got a total rate_per_hour of %s, expected a positive total (at least one channel with a rate above 0)",
			formatFloat(total))
	}
}

// checkPolicies: at least one policy, with well-formed unique names.
func (s *Scenario) checkPolicies(errs *Errors) {
	const key = "policies"
	if len(s.Policies) == 0 {
		add(errs, key, "got no policies, expected at least one")
		return
	}
	names := make([]string, len(s.Policies))
	for i, p := range s.Policies {
		names[i] = p.Name
		checkName(errs, joinKey(joinKey(key, strconv.Itoa(i)), "name"), p.Name)
	}
	checkUnique(errs, key, "name", "policy name", names)
	s.checkSwitches(errs) // switch.go
}

// checkModel: the rules of the full funnel model that involve several keys:
// the observation window, segments, mixes that must have some weight, and
// policy settings that cannot work together.
func (s *Scenario) checkModel(errs *Errors) {
	if s.ObserveDays > 0 && s.ObserveDays < s.HorizonDays {
		add(errs, "observe_days", "got %s, expected 0 or at least horizon_days (%s)",
			formatFloat(s.ObserveDays), formatFloat(s.HorizonDays))
	}
	if len(s.Segments) > 0 && s.ObserveDays == 0 {
		add(errs, "observe_days", "got 0, expected an end of observation (> 0) when the scenario has segments: buying journeys never run out on their own")
	}
	names := make([]string, len(s.Segments))
	share := 0.0
	for i, g := range s.Segments {
		key := joinKey("segments", strconv.Itoa(i))
		names[i] = g.Name
		share += g.Share
		checkName(errs, joinKey(key, "name"), g.Name)
		if b := g.BudgetAllocated + g.BudgetAfterSolutions; b > 1+1e-12 {
			add(errs, joinKey(key, "budget_after_solutions"), "got budget_allocated + budget_after_solutions = %s, expected at most 1", formatFloat(b))
		}
	}
	checkUnique(errs, "segments", "name", "segment name", names)
	if len(s.Segments) > 0 && !(share > 0) {
		add(errs, "segments", "got shares summing to 0, expected at least one segment with a positive share")
	}
	if len(s.JourneySpeed) > 0 && !(sum(s.JourneySpeed...) > 0) {
		add(errs, "journey_speed_by_month", "got factors summing to 0, expected at least one positive factor: journeys would never move")
	}
	for i, c := range s.Marketing.Channels {
		key := joinKey("marketing.channels", strconv.Itoa(i))
		if n := len(c.Seasonality); n != 0 && n != 12 {
			add(errs, joinKey(key, "seasonality"), "got %d factors, expected none or 12 (one per month)", n)
		} else if n == 12 && !(sum(c.Seasonality...) > 0) {
			add(errs, joinKey(key, "seasonality"), "got factors summing to 0, expected a positive sum")
		}
		k, g, a := c.Kinds, c.Stages, c.Authority
		for _, m := range []struct {
			key string
			sum float64
		}{
			{"kinds", sum(k.Genuine, k.Competitor, k.Student, k.BadData)},
			{"stages", sum(g.NoNeed, g.ProblemAware, g.Objective, g.Evaluating)},
			{"authority", sum(a.DecisionMaker, a.Influencer, a.None)},
		} {
			if !(m.sum > 0) {
				add(errs, joinKey(key, m.key), "got weights summing to 0, expected a positive sum")
			}
		}
	}
	if o := s.Sales.Prospecting; o.HoursPerWeek > 0 {
		k, g, a := o.Kinds, o.Stages, o.Authority
		for _, m := range []struct {
			key string
			sum float64
		}{
			{"kinds", sum(k.Genuine, k.Competitor, k.Student, k.BadData)},
			{"stages", sum(g.NoNeed, g.ProblemAware, g.Objective, g.Evaluating)},
			{"authority", sum(a.DecisionMaker, a.Influencer, a.None)},
		} {
			if !(m.sum > 0) {
				add(errs, joinKey("sales.prospecting", m.key), "got weights summing to 0, expected a positive sum")
			}
		}
	}
	for i, p := range s.Policies {
		checkPolicyParts(errs, joinKey("policies", strconv.Itoa(i)), p)
	}
}

func sum(xs ...float64) float64 {
	t := 0.0
	for _, x := range xs {
		t += x
	}
	return t
}

// checkName checks a scenario, channel, segment or policy name: a file
// name component of 1 to MaxNameBytes bytes, of letters, digits, '.', '_'
// and '-' only (so no '/', '\\', NUL or control character), and not "." or
// "..". The scenario's name is that of the default output folder, which
// must be creatable once the run is done.
func checkName(errs *Errors, key, name string) {
	switch {
	case name == "":
		add(errs, key, `got "", expected a non-empty name of letters, digits, '.', '_' and '-'`)
	case len(name) > MaxNameBytes:
		add(errs, key, "got a name of %d bytes (%q), expected at most %d bytes", len(name), shorten(name), MaxNameBytes)
	case !nameChars(name):
		add(errs, key, "got %q, expected a name of letters, digits, '.', '_' and '-' only", shorten(name))
	case name == "." || name == "..":
		add(errs, key, "got %q, expected a name other than . and .. (it names a folder)", name)
	}
}

// checkUnique reports values given more than once in the list at key; field
// is the key inside each element the values come from ("" for a list of
// scalars) and what names the values in messages. Empty values are left to
// checkName.
func checkUnique(errs *Errors, key, field, what string, values []string) {
	first := map[string]int{}
	for i, v := range values {
		if v == "" {
			continue
		}
		at := joinKey(key, strconv.Itoa(i))
		j, dup := first[v]
		if !dup {
			first[v] = i
			continue
		}
		prev := joinKey(key, strconv.Itoa(j))
		if field != "" {
			at, prev = joinKey(at, field), joinKey(prev, field)
		}
		add(errs, at, "got %q again, expected each %s once (already at %s)", v, what, prev)
	}
}

// checkVerdict checks verdict.decompose: empty, or two different names.
// Whether they name policies of the run is funnel run's to say (a scenario
// extending one with a verdict may have other policies; the run then
// skips the decomposition with a warning).
func (s *Scenario) checkVerdict(errs *Errors) {
	d := s.Verdict.Decompose
	if len(d) == 0 {
		return
	}
	if len(d) != 2 {
		add(errs, "verdict.decompose", "got %d names, expected none or two policy names [A, B]", len(d))
		return
	}
	if d[0] == d[1] {
		add(errs, "verdict.decompose", "got %q twice, expected two different policies", d[0])
	}
}
