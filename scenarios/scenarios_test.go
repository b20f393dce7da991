package scenarios

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// referenceName is the embedded minimal speed-to-lead scenario.
const referenceName = "reference"

// newChannel returns a new channel element as the loader builds it (its
// SetDefaults) with the name and rate a test cares about.
func newChannel(name string, rate float64) Channel {
	var c Channel
	c.SetDefaults()
	c.Name, c.RatePerHour = name, rate
	return c
}

// idealChannel is reference.yaml's channel: every inquiry a genuine
// decision maker at a fitting account.
func idealChannel(name string, rate float64) Channel {
	c := newChannel(name, rate)
	c.Kinds, c.Stages, c.FitHighShare, c.Authority = KindMix{Genuine: 1}, StageMix{NoNeed: 1}, 1, AuthMix{DecisionMaker: 1}
	return c
}

// newPolicy returns a policy element as the loader resolves it: its base
// preset, with the name and queue a test cares about.
func newPolicy(name, base, queue string) Policy {
	p := Presets[base]
	p.Name, p.Base, p.Queue = name, base, queue
	return p
}

// newSegment returns a new segment element (its SetDefaults) named name.
func newSegment(name string) Segment {
	var g Segment
	g.SetDefaults()
	g.Name = name
	return g
}

// expectedReference is what reference.yaml must resolve to: the defaults,
// with every key reference.yaml gives (referenceKeys) set to its value there.
func expectedReference() Scenario {
	s := Default()
	s.Name = "reference"
	s.Description = "M/M/c speed-to-lead funnel: inquiries arrive as a Poisson stream around the clock " +
		"and are handed straight to one queue of identical reps. A lead first called within its " +
		"hot window qualifies far more often than a cold one; qualified leads are won at a fixed rate."
	s.Seed = 1
	s.Replications = 20
	s.HorizonDays = 365
	s.WarmupDays = 0
	s.Calendar = Calendar{
		AlwaysOpen:  true,
		OpenHour:    9,
		CloseHour:   17,
		WorkingDays: []string{"mon", "tue", "wed", "thu", "fri"},
	}
	s.Marketing.Channels = []Channel{idealChannel("inbound", 9)}
	s.Response.HotWindowHours = Duration{Dist: "exponential", Mean: 2, CV: 1}
	s.Response.QualifyHot = 0.5
	s.Response.QualifyCold = 0.05
	s.Sales.Reps = 20
	s.Sales.FirstCallHours = Duration{Dist: "exponential", Mean: 2, CV: 1}
	s.Sales.WinRate = 0.25
	s.DealValue = DealValue{Median: 20000, Sigma: 1}
	s.Policies = []Policy{
		newPolicy("direct", "direct", "fifo"),
		newPolicy("direct_lifo", "direct", "lifo"),
	}
	return s
}

// referenceKeys are the keys the reference funnel uses, which reference.yaml
// must give explicitly; "[]" stands for every element of the list. The keys
// of the full model (segments, signals, scoring, ...) keep their defaults
// there, which leave the reference funnel as it is.
var referenceKeys = []string{
	"name", "description", "seed", "replications", "horizon_days", "warmup_days",
	"calendar.always_open", "calendar.open_hour", "calendar.close_hour", "calendar.working_days",
	"marketing.channels[].name", "marketing.channels[].rate_per_hour",
	"marketing.channels[].kinds", "marketing.channels[].stages", "marketing.channels[].fit_high_share", "marketing.channels[].authority",
	"response.hot_window_hours.dist", "response.hot_window_hours.mean", "response.hot_window_hours.cv",
	"response.qualify_hot", "response.qualify_cold",
	"sales.reps",
	"sales.first_call_hours.dist", "sales.first_call_hours.mean", "sales.first_call_hours.cv",
	"sales.win_rate",
	"deal_value.median", "deal_value.sigma",
	"policies[].name", "policies[].base", "policies[].queue",
}

func TestReferenceLoads(t *testing.T) {
	res, err := LoadEmbedded(referenceName, nil)
	require.NoError(t, err)
	assert.Equal(t, expectedReference(), res.Scenario)
	assert.Equal(t, "embedded:reference.yaml", res.Source)
	assert.Empty(t, res.Sets)

	data, err := Embedded(referenceName)
	require.NoError(t, err)
	sum := sha256.Sum256(data)
	assert.Equal(t, hex.EncodeToString(sum[:]), res.SHA256)
}

// givenKeys parses the embedded scenario name and returns the resolved
// scenario and the key paths its file gives explicitly.
func givenKeys(t *testing.T, name string) (Scenario, map[string]origin) {
	t.Helper()
	data, err := Embedded(name)
	require.NoError(t, err)
	return givenKeysOf(t, name+".yaml", data)
}

// givenKeysOf is givenKeys for the scenario file data.
func givenKeysOf(t *testing.T, source string, data []byte) (Scenario, map[string]origin) {
	t.Helper()
	res, err := Parse(source, data, nil)
	require.NoError(t, err)
	root, ferr := readDocument(data)
	require.Nil(t, ferr)
	require.NotNil(t, root)
	d := newDecoder(nil)
	s := Default()
	d.decode(reflect.ValueOf(&s).Elem(), root, "", origin{}, "")
	require.Empty(t, d.errs)
	return res.Scenario, d.origins
}

// missingKeys lists the keys of the schema, in every list element of s,
// that given does not hold.
// missingKeys lists the keys of s that the file does not give, except the
// policy keys below name and base: a policy takes those from its preset.
func missingKeys(s Scenario, given map[string]origin) []string {
	var missing []string
	for _, pattern := range allKeys(reflect.TypeOf(s), "") {
		if strings.HasPrefix(pattern, "policies[].") && pattern != "policies[].name" && pattern != "policies[].base" {
			continue
		}
		for _, key := range expandKeys(reflect.ValueOf(s), pattern) {
			if _, ok := given[key]; !ok {
				missing = append(missing, key)
			}
		}
	}
	return missing
}

func TestReferenceGivesItsKeys(t *testing.T) {
	s, given := givenKeys(t, referenceName)
	schema := allKeys(reflect.TypeOf(s), "")
	for _, pattern := range referenceKeys {
		require.Contains(t, schema, pattern, "referenceKeys lists a key that is not in the schema")
		keys := expandKeys(reflect.ValueOf(s), pattern)
		require.NotEmpty(t, keys, "%s: reference.yaml has no element of this list", pattern)
		for _, key := range keys {
			assert.Contains(t, given, key, "reference.yaml should give %s explicitly", key)
		}
	}
}

// TestEmbeddedScenariosGiveEveryKey: every embedded scenario but the minimal
// reference one gives every key of the schema, in every list element.
func TestEmbeddedScenariosGiveEveryKey(t *testing.T) {
	for _, name := range Names() {
		if name == referenceName {
			continue
		}
		t.Run(name, func(t *testing.T) {
			s, given := givenKeys(t, name)
			if s.Extends != "" {
				// Its parent gives every key; it gives what differs.
				_, ok := given["extends"]
				assert.True(t, ok)
				return
			}
			assert.Empty(t, missingKeys(s, given), "%s.yaml should give these keys explicitly", name)
		})
	}
}

// The every-key check sees keys missing from list elements other than the
// first, and the full model's keys the reference funnel leaves out.
func TestMissingKeys(t *testing.T) {
	in := "name: t\nmarketing: {channels: [{name: a, rate_per_week: 168}, {name: b, rate_per_hour: 2}]}\n" +
		"policies: [{name: p, queue: lifo}, {name: q, base: direct}]\n"
	s, given := givenKeysOf(t, "t.yaml", []byte(in))
	missing := missingKeys(s, given)
	for _, key := range []string{
		"seed", "calendar", "calendar.open_hour", "segments", "signals.content.no_need",
		"marketing.channels.0.rate_per_hour", "marketing.channels.1.kinds.genuine",
		"policies.0.base",
	} {
		assert.Contains(t, missing, key)
	}
	for _, key := range []string{"name", "marketing", "marketing.channels", "marketing.channels.1.rate_per_hour",
		"policies.0.queue", "policies.1.base", "policies.1.queue", "policies.1.on_reject"} {
		assert.NotContains(t, missing, key)
	}
	assert.NotContains(t, strings.Join(missing, " "), "[]", "list keys are expanded to element indexes")
	assert.NotContains(t, strings.Join(missing, " "), "segments.", "an empty list has no element keys")

	s, given = givenKeys(t, referenceName)
	assert.Contains(t, missingKeys(s, given), "observe_days", "reference.yaml leaves the full model's keys out")
}

// allKeys lists the key paths of struct type t, "[]" marking list elements.
func allKeys(t reflect.Type, prefix string) []string {
	var keys []string
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		if omitEmpty(f) {
			continue // an alternative unit of another key (rate_per_year), not a key to give as well
		}
		key := joinKey(prefix, yamlKey(f))
		keys = append(keys, key)
		switch {
		case f.Type.Kind() == reflect.Struct:
			keys = append(keys, allKeys(f.Type, key)...)
		case f.Type.Kind() == reflect.Slice && f.Type.Elem().Kind() == reflect.Struct:
			keys = append(keys, allKeys(f.Type.Elem(), key+"[]")...)
		}
	}
	return keys
}

// expandKeys turns a key path of allKeys into the key paths it stands for in
// scenario value v: "policies[].name" gives "policies.0.name",
// "policies.1.name", ... for the elements v has (none for an empty list).
func expandKeys(v reflect.Value, pattern string) []string {
	var walk func(v reflect.Value, prefix string, segs []string) []string
	walk = func(v reflect.Value, prefix string, segs []string) []string {
		if len(segs) == 0 {
			return []string{prefix}
		}
		name, list := strings.CutSuffix(segs[0], "[]")
		fi := fieldByKey(v.Type(), name)
		if fi < 0 {
			panic("expandKeys: no key " + name + " in " + v.Type().String())
		}
		f, key := v.Field(fi), joinKey(prefix, name)
		if !list {
			return walk(f, key, segs[1:])
		}
		var keys []string
		for i := 0; i < f.Len(); i++ {
			keys = append(keys, walk(f.Index(i), joinKey(key, strconv.Itoa(i)), segs[1:])...)
		}
		return keys
	}
	return walk(v, "", strings.Split(pattern, "."))
}

func TestEmbeddedScenariosValidate(t *testing.T) {
	names := Names()
	require.Contains(t, names, DefaultName)
	require.True(t, sortedStrings(names))
	for _, name := range names {
		t.Run(name, func(t *testing.T) {
			assert.NotContains(t, name, ".yaml")
			res, err := LoadEmbedded(name, nil)
			require.NoError(t, err)
			assert.NoError(t, res.Scenario.Validate())
			assert.Equal(t, "embedded:"+name+".yaml", res.Source)
		})
	}
}

func sortedStrings(s []string) bool {
	for i := 1; i < len(s); i++ {
		if s[i-1] > s[i] {
			return false
		}
	}
	return true
}

func TestEmbedded(t *testing.T) {
	a, err := Embedded("reference")
	require.NoError(t, err)
	b, err := Embedded("reference.yaml")
	require.NoError(t, err)
	assert.Equal(t, a, b)

	_, err = Embedded("nope")
	require.Error(t, err)
	assert.Contains(t, err.Error(), `"nope"`)
	assert.Contains(t, err.Error(), "available: "+strings.Join(Names(), ", "))
	assert.Contains(t, Names(), referenceName)

	_, err = LoadEmbedded("../go.mod", nil)
	assert.Error(t, err)
}

func TestLoadFile(t *testing.T) {
	data, err := Embedded(DefaultName)
	require.NoError(t, err)
	path := filepath.Join(t.TempDir(), "company.yaml")
	require.NoError(t, os.WriteFile(path, data, 0o644))

	sets := []string{"sales.reps=25"}
	res, err := LoadFile(path, sets)
	require.NoError(t, err)
	assert.Equal(t, path, res.Source)
	assert.Equal(t, 25, res.Scenario.Sales.Reps)
	assert.Equal(t, []string{"sales.reps=25"}, res.Sets)
	sets[0] = "changed"
	assert.Equal(t, "sales.reps=25", res.Sets[0], "Resolved.Sets must be a copy")
	sum := sha256.Sum256(data)
	assert.Equal(t, hex.EncodeToString(sum[:]), res.SHA256, "the hash is of the file, before --set")

	_, err = LoadFile(filepath.Join(t.TempDir(), "missing.yaml"), nil)
	assert.ErrorIs(t, err, fs.ErrNotExist)

	bad := filepath.Join(t.TempDir(), "bad.yaml")
	require.NoError(t, os.WriteFile(bad, []byte("name: x\nsales:\n  reps: 0\n"), 0o644))
	_, err = LoadFile(bad, nil)
	require.Error(t, err)
	assert.Contains(t, err.Error(), bad+":3: sales.reps: got 0, expected an integer in [1,100000]")
}

func TestMarshalRoundTrip(t *testing.T) {
	odd := expectedReference()
	odd.Name = "123"
	odd.Description = "Line one: with a colon.\nLine two, 'quoted' and \"double\" # not a comment\n"
	odd.Seed = math.MaxUint64
	odd.Replications = 100000
	odd.HorizonDays = 0.5
	odd.WarmupDays = 1e-9
	odd.Calendar = Calendar{OpenHour: 0, CloseHour: 24, WorkingDays: []string{"sat", "sun"}}
	odd.ObserveDays = 36500
	other := newChannel("true", 0)
	other.Seasonality = []float64{0, 100, 1e-9, 0, 0, 0, 0, 0, 0, 0, 0, 2.5}
	other.CostPerLead = 1e9
	other.Inquiry = "hand_raise"
	other.Kinds = KindMix{Genuine: 0, Competitor: 1e6, Student: 0.5, BadData: 0}
	other.Stages = StageMix{Evaluating: 1}
	other.FitHighShare = 0
	other.Authority = AuthMix{None: 3}
	odd.Marketing.Channels = append(odd.Marketing.Channels, other)
	odd.Segments = []Segment{newSegment("1e3"), newSegment("no")}
	odd.Segments[1].BudgetAllocated, odd.Segments[1].BudgetAfterSolutions = 1, 0
	odd.Response.ContactCold = 0
	odd.Sales.BANTAccuracy = 0.5
	odd.Sales.Judgement.Bias = -1
	odd.Response.HotWindowHours = Duration{Dist: "lognormal", Mean: 1e6, CV: 0.25}
	odd.Sales.FirstCallHours = Duration{Dist: "fixed", Mean: 1.0 / 3, CV: 10}
	odd.DealValue = DealValue{Median: 1e12, Sigma: 0}
	odd.Policies = []Policy{newPolicy("null", "direct", "lifo"), newPolicy("off", "waterfall", "fifo")}
	odd.Policies[1].Routing, odd.Policies[1].OnReject, odd.Policies[1].MinLevel = "least_loaded", "drop", 0.5
	require.NoError(t, odd.Validate())

	cases := map[string]Scenario{"reference": expectedReference(), "odd": odd}
	for _, name := range Names() {
		res, err := LoadEmbedded(name, nil)
		require.NoError(t, err)
		cases["embedded "+name] = res.Scenario
	}
	for name, s := range cases {
		t.Run(name, func(t *testing.T) {
			out, err := MarshalYAML(s)
			require.NoError(t, err)
			res, err := Parse("marshalled.yaml", out, nil)
			require.NoError(t, err, "%s", out)
			assert.Equal(t, s, res.Scenario)
		})
	}
}

func TestMarshalKeyOrder(t *testing.T) {
	out, err := MarshalYAML(expectedReference())
	require.NoError(t, err)
	text := string(out)
	last := -1
	for _, key := range knownKeys(reflect.TypeOf(Scenario{})) {
		i := strings.Index(text, "\n"+key+":")
		if key == "extends" || key == "name" {
			i = strings.Index(text, key+":") // the first key of the file
		}
		require.Greater(t, i, last, "key %s out of struct order in\n%s", key, text)
		last = i
	}
}

func TestNullKeepsDefaults(t *testing.T) {
	in := "name: t\ndescription: ~\ncalendar:\nresponse:\n  qualify_hot: null\n  hot_window_hours: {dist: fixed, mean: ~}\n" +
		"marketing: {channels: [{name: web, rate_per_hour: 1}, ~]}\npolicies: [{name: p}]\n"
	res, err := Parse("null.yaml", []byte(in), nil)
	// The second channel is all defaults: its empty name and its missing
	// volume are errors.
	var errs Errors
	require.ErrorAs(t, err, &errs)
	require.Len(t, errs, 2)
	assert.Equal(t, "marketing.channels.1", errs[0].Key)
	assert.Equal(t, "marketing.channels.1.name", errs[1].Key)
	assert.Equal(t, 7, errs[1].Line)

	in = strings.Replace(in, ", ~]", "]", 1)
	res, err = Parse("null.yaml", []byte(in), nil)
	require.NoError(t, err)
	def := Default()
	s := res.Scenario
	assert.Equal(t, def.Description, s.Description)
	assert.Equal(t, def.Calendar, s.Calendar)
	assert.Equal(t, def.Response.QualifyHot, s.Response.QualifyHot)
	assert.Equal(t, Duration{Dist: "fixed", Mean: 2, CV: 1}, s.Response.HotWindowHours)
	assert.Equal(t, []Channel{newChannel("web", 1)}, s.Marketing.Channels, "new elements start from SetDefaults")
	assert.Equal(t, []Policy{newPolicy("p", "direct", "fifo")}, s.Policies)
}

func TestScalarTypes(t *testing.T) {
	in := "name: 2024-01-01\nseed: 0x10\nreplications: 1_000\nhorizon_days: 1e2\nwarmup_days: 3\n" +
		"calendar: {always_open: True}\nmarketing: {channels: [{name: 7, rate_per_hour: .5}]}\npolicies: [{name: p}]\n"
	res, err := Parse("types.yaml", []byte(in), nil)
	require.NoError(t, err)
	s := res.Scenario
	assert.Equal(t, "2024-01-01", s.Name, "strings take any scalar as written")
	assert.Equal(t, uint64(16), s.Seed)
	assert.Equal(t, 1000, s.Replications)
	assert.Equal(t, 100.0, s.HorizonDays)
	assert.Equal(t, 3.0, s.WarmupDays, "numbers accept YAML integers")
	assert.True(t, s.Calendar.AlwaysOpen)
	assert.Equal(t, newChannel("7", 0.5), s.Marketing.Channels[0])
}

func TestAliases(t *testing.T) {
	in := "name: t\nresponse:\n  hot_window_hours: &d {dist: lognormal, mean: 3, cv: 0.5}\n" +
		"sales:\n  first_call_hours: *d\n  reps: &n 7\nreplications: *n\n" +
		"marketing: {channels: [&c {name: a, rate_per_hour: 1}, {name: b, rate_per_hour: 4}]}\npolicies: [{name: p}]\n"
	res, err := Parse("alias.yaml", []byte(in), nil)
	require.NoError(t, err)
	want := Duration{Dist: "lognormal", Mean: 3, CV: 0.5}
	assert.Equal(t, want, res.Scenario.Response.HotWindowHours)
	assert.Equal(t, want, res.Scenario.Sales.FirstCallHours)
	assert.Equal(t, 7, res.Scenario.Replications)

	// Changing a value reached through an alias leaves the anchor alone.
	res, err = Parse("alias.yaml", []byte(in), []string{"sales.first_call_hours.mean=5"})
	require.NoError(t, err)
	assert.Equal(t, 3.0, res.Scenario.Response.HotWindowHours.Mean)
	assert.Equal(t, 5.0, res.Scenario.Sales.FirstCallHours.Mean)
}

func TestValidateStandalone(t *testing.T) {
	s := Default()
	err := s.Validate()
	var errs Errors
	require.ErrorAs(t, err, &errs)
	require.Len(t, errs, 2)
	assert.Equal(t, "marketing.channels: got no channels, expected at least one", errs[0].Error())
	assert.Equal(t, "policies: got no policies, expected at least one", errs[1].Error())
	for _, e := range errs {
		assert.Zero(t, e.Line)
		assert.Empty(t, e.File)
		assert.Empty(t, e.Set)
	}

	ref := expectedReference()
	require.NoError(t, ref.Validate())
	ref.Response.QualifyCold = math.NaN()
	ref.Sales.FirstCallHours.CV = 0
	ref.Calendar.WorkingDays = nil
	err = ref.Validate()
	require.ErrorAs(t, err, &errs)
	assert.Equal(t, "calendar.working_days: got an empty list, expected at least one day\n"+
		"response.qualify_cold: got NaN, expected a number in [0,1]\n"+
		"sales.first_call_hours.cv: got 0, expected a number in (0,10]", err.Error())
}

func TestValidateNilOnSuccess(t *testing.T) {
	s := expectedReference()
	err := s.Validate()
	assert.True(t, err == nil, "Validate must return an untyped nil, got %#v", err)
}

func TestFieldErrorFormat(t *testing.T) {
	tests := []struct {
		e    FieldError
		want string
	}{
		{FieldError{File: "reference.yaml", Line: 12, Key: "sales.reps", Msg: "got 0"}, "reference.yaml:12: sales.reps: got 0"},
		{FieldError{File: "reference.yaml", Line: 12, Key: "sales.reps", Msg: "got 0", Set: "sales.reps=0"}, "--set sales.reps=0: sales.reps: got 0"},
		{FieldError{File: "reference.yaml", Key: "policies", Msg: "got no policies"}, "reference.yaml: policies: got no policies"},
		{FieldError{File: "reference.yaml", Line: 3, Msg: "yaml syntax error: x"}, "reference.yaml:3: yaml syntax error: x"},
		{FieldError{Key: "sales.reps", Msg: "got 0"}, "sales.reps: got 0"},
		{FieldError{Set: "foo", Msg: "expected path=value"}, "--set foo: expected path=value"},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, tt.e.Error())
	}
}

func TestErrorsSorted(t *testing.T) {
	errs := Errors{
		{Line: 3, Key: "policies.10.name", Msg: "c"},
		{Line: 3, Key: "policies.2.name", Msg: "b"},
		{Line: 1, Key: "seed", Msg: "a"},
		{Line: 3, Key: "policies", Msg: "d"},
	}
	sortErrors(errs)
	var keys []string
	for _, e := range errs {
		keys = append(keys, e.Key)
	}
	assert.Equal(t, []string{"seed", "policies", "policies.2.name", "policies.10.name"}, keys)
	assert.Equal(t, "line 1: seed: a\nline 3: policies: d\nline 3: policies.2.name: b\nline 3: policies.10.name: c", errs.Error())
}

// TestSchemaTags checks the struct tags every generic part relies on.
func TestSchemaTags(t *testing.T) {
	checkSchema(t, reflect.TypeOf(Scenario{}), "")
}

func checkSchema(t *testing.T, typ reflect.Type, prefix string) {
	for i := 0; i < typ.NumField(); i++ {
		f := typ.Field(i)
		key := joinKey(prefix, yamlKey(f))
		require.NotEmpty(t, yamlKey(f), "%s.%s has no yaml key", typ, f.Name)
		assert.Equal(t, f.Tag.Get("yaml"), f.Tag.Get("json"), "%s: json and yaml names (and options) differ", key)
		assert.NotEmpty(t, f.Tag.Get("doc"), "%s: no doc", key)
		_, hasUnit := f.Tag.Lookup("unit")
		assert.True(t, hasUnit, "%s: no unit tag", key)
		_, hasRange := f.Tag.Lookup("range")
		assert.True(t, hasRange, "%s: no range tag", key)

		ft := f.Type
		if ft.Kind() == reflect.Slice {
			ft = ft.Elem()
			key += "[]"
		}
		r, err := parseRule(f.Tag.Get("range"))
		require.NoError(t, err, key)
		assert.True(t, r.appliesTo(ft.Kind()), "%s: range %q does not apply to %s", key, f.Tag.Get("range"), ft.Kind())
		switch ft.Kind() {
		case reflect.Struct:
			checkSchema(t, ft, key)
		case reflect.String, reflect.Bool, reflect.Int, reflect.Uint64, reflect.Float64:
		default:
			t.Errorf("%s: kind %s is not supported by the decoder", key, ft.Kind())
		}
	}
}

func TestParseRule(t *testing.T) {
	tests := []struct {
		tag       string
		in, out   []float64
		wantError bool
	}{
		{tag: "[0,1]", in: []float64{0, 0.5, 1}, out: []float64{-1e-9, 1.0000001, math.NaN()}},
		{tag: "(0,inf)", in: []float64{1e-300, 1e300}, out: []float64{0, -1, math.Inf(1)}},
		{tag: "[0,24)", in: []float64{0, 23.99}, out: []float64{24, -0.1}},
		{tag: "(-inf,inf]", in: []float64{math.Inf(1), -1e300}, out: []float64{math.Inf(-1)}},
		{tag: "", in: []float64{math.Inf(1), -5}},
		{tag: "[1,0]", wantError: true},
		{tag: "[0;1]", wantError: true},
		{tag: "0,1", wantError: true},
		{tag: "[a,1]", wantError: true},
		{tag: "oneof=a||b", wantError: true},
	}
	for _, tt := range tests {
		r, err := parseRule(tt.tag)
		if tt.wantError {
			assert.Error(t, err, tt.tag)
			continue
		}
		require.NoError(t, err, tt.tag)
		for _, x := range tt.in {
			assert.True(t, r.allowsNumber(x), "%s should allow %v", tt.tag, x)
		}
		for _, x := range tt.out {
			assert.False(t, r.allowsNumber(x), "%s should reject %v", tt.tag, x)
		}
	}
	r, err := parseRule("oneof=fifo|lifo")
	require.NoError(t, err)
	assert.True(t, r.allowsString("lifo"))
	assert.False(t, r.allowsString("LIFO"))
}

func TestTooManyErrors(t *testing.T) {
	var b strings.Builder
	b.WriteString("bad: &m {")
	for i := 0; i < 200; i++ {
		b.WriteString("k" + strings.Repeat("x", i%7) + string(rune('a'+i%26)) + ": 1, ")
	}
	b.WriteString("z: 1}\npolicies: [")
	for i := 0; i < MaxPolicies-1; i++ {
		b.WriteString("*m, ")
	}
	b.WriteString("*m]\n")
	_, err := Parse("many.yaml", []byte(b.String()), nil)
	var errs Errors
	require.ErrorAs(t, err, &errs)
	require.Len(t, errs, maxErrors+1)
	last := errs[len(errs)-1]
	assert.Contains(t, last.Error(), "many.yaml: too many errors;")
	assert.True(t, errors.As(err, &errs))
}

// equalScenarios compares scenarios as values (reflect.DeepEqual, which
// treats -0 and 0 as equal).
func equalScenarios(a, b Scenario) bool { return reflect.DeepEqual(a, b) }
