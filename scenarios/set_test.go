package scenarios

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func loadReference(t *testing.T, sets ...string) (*Resolved, error) {
	t.Helper()
	data, err := Embedded(referenceName)
	require.NoError(t, err)
	return Parse("reference.yaml", data, sets)
}

func TestSet(t *testing.T) {
	tests := []struct {
		name  string
		sets  []string
		check func(t *testing.T, s Scenario)
	}{
		{"scalar", []string{"sales.reps=25"}, func(t *testing.T, s Scenario) {
			assert.Equal(t, 25, s.Sales.Reps)
		}},
		{"nested scalar", []string{"response.hot_window_hours.mean=0.5"}, func(t *testing.T, s Scenario) {
			assert.Equal(t, 0.5, s.Response.HotWindowHours.Mean)
			assert.Equal(t, "exponential", s.Response.HotWindowHours.Dist)
		}},
		{"list index", []string{"policies.0.queue=lifo"}, func(t *testing.T, s Scenario) {
			assert.Equal(t, newPolicy("direct", "direct", "lifo"), s.Policies[0])
			assert.Equal(t, "direct_lifo", s.Policies[1].Name)
		}},
		{"append starts from SetDefaults", []string{"policies.2.name=late"}, func(t *testing.T, s Scenario) {
			require.Len(t, s.Policies, 3)
			assert.Equal(t, newPolicy("late", "direct", "fifo"), s.Policies[2])
		}},
		{"append then set the new element", []string{"marketing.channels.1.name=web", "marketing.channels.1.rate_per_hour=3"},
			func(t *testing.T, s Scenario) {
				assert.Equal(t, []Channel{idealChannel("inbound", 9), newChannel("web", 3)}, s.Marketing.Channels)
			}},
		{"list value", []string{"calendar.working_days=[mon,tue]"}, func(t *testing.T, s Scenario) {
			assert.Equal(t, []string{"mon", "tue"}, s.Calendar.WorkingDays)
		}},
		{"mapping value", []string{"response.hot_window_hours={dist: lognormal, mean: 1, cv: 0.5}"}, func(t *testing.T, s Scenario) {
			assert.Equal(t, Duration{Dist: "lognormal", Mean: 1, CV: 0.5}, s.Response.HotWindowHours)
		}},
		{"partial mapping value keeps the other defaults", []string{"sales.first_call_hours={dist: fixed}"}, func(t *testing.T, s Scenario) {
			assert.Equal(t, Duration{Dist: "fixed", Mean: 2, CV: 1}, s.Sales.FirstCallHours)
		}},
		{"whole list of mappings", []string{"policies=[{name: only, queue: lifo}]"}, func(t *testing.T, s Scenario) {
			assert.Equal(t, []Policy{newPolicy("only", "direct", "lifo")}, s.Policies)
		}},
		{"bool", []string{"calendar.always_open=false"}, func(t *testing.T, s Scenario) {
			assert.False(t, s.Calendar.AlwaysOpen)
		}},
		{"quoted string", []string{`name="123"`}, func(t *testing.T, s Scenario) {
			assert.Equal(t, "123", s.Name)
		}},
		{"value with '='", []string{"description=a=b"}, func(t *testing.T, s Scenario) {
			assert.Equal(t, "a=b", s.Description)
		}},
		{"empty value keeps the default", []string{"sales.reps=", "seed=~", "deal_value.sigma=# comment"}, func(t *testing.T, s Scenario) {
			def := Default()
			assert.Equal(t, def.Sales.Reps, s.Sales.Reps)
			assert.Equal(t, def.Seed, s.Seed)
			assert.Equal(t, def.DealValue.Sigma, s.DealValue.Sigma)
		}},
		{"null replaces a value from the file by the default", []string{"description="}, func(t *testing.T, s Scenario) {
			assert.Equal(t, "", s.Description)
		}},
		{"later wins", []string{"sales.reps=3", "sales.reps=4"}, func(t *testing.T, s Scenario) {
			assert.Equal(t, 4, s.Sales.Reps)
		}},
		{"index after replacing the list", []string{"policies=[{name: a}]", "policies.1.name=b"}, func(t *testing.T, s Scenario) {
			assert.Equal(t, []Policy{newPolicy("a", "direct", "fifo"), newPolicy("b", "direct", "fifo")}, s.Policies)
		}},
		{"list of numbers", []string{"marketing.channels.0.seasonality=[1,1,1,1,1,1,2,2,1,1,1,0]"}, func(t *testing.T, s Scenario) {
			want := idealChannel("inbound", 9)
			want.Seasonality = []float64{1, 1, 1, 1, 1, 1, 2, 2, 1, 1, 1, 0}
			assert.Equal(t, []Channel{want}, s.Marketing.Channels)
		}},
		{"partial mix keeps the other weights", []string{"marketing.channels.0.kinds.student=0.5"}, func(t *testing.T, s Scenario) {
			assert.Equal(t, KindMix{Genuine: 1, Student: 0.5}, s.Marketing.Channels[0].Kinds)
		}},
		{"segment appended to the default empty list", []string{"observe_days=730", "segments=[{name: smb, share: 2}]"},
			func(t *testing.T, s Scenario) {
				want := newSegment("smb")
				want.Share = 2
				assert.Equal(t, []Segment{want}, s.Segments)
				assert.Equal(t, 730.0, s.ObserveDays)
			}},
		{"policy base and its keys", []string{"policies.1.base=waterfall", "policies.1.routing=least_loaded", "policies.1.attempts=3"},
			func(t *testing.T, s Scenario) {
				want := newPolicy("direct_lifo", "waterfall", "lifo")
				want.Routing, want.Attempts = "least_loaded", 3
				assert.Equal(t, want, s.Policies[1])
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := loadReference(t, tt.sets...)
			require.NoError(t, err)
			assert.Equal(t, tt.sets, res.Sets)
			tt.check(t, res.Scenario)
		})
	}
}

// A file without a section: --set creates the missing keys.
func TestSetCreatesMissingKeys(t *testing.T) {
	in := "name: t\ncalendar:\n"
	res, err := Parse("min.yaml", []byte(in), []string{
		"marketing.channels.0.name=web",
		"marketing.channels.0.rate_per_hour=1",
		"policies.0.name=p",
		"sales.reps=3",
		"calendar.open_hour=8",
	})
	require.NoError(t, err)
	s := res.Scenario
	assert.Equal(t, []Channel{newChannel("web", 1)}, s.Marketing.Channels)
	assert.Equal(t, []Policy{newPolicy("p", "direct", "fifo")}, s.Policies)
	assert.Equal(t, 3, s.Sales.Reps)
	assert.Equal(t, 8.0, s.Calendar.OpenHour)
	assert.Equal(t, 17.0, s.Calendar.CloseHour)
}

func TestSetErrors(t *testing.T) {
	tests := []struct {
		name string
		set  string
		want string // the whole error message
	}{
		{"bad index", "policies.5.queue=lifo",
			"--set policies.5.queue=lifo: policies.5: index 5 is out of range: the list has 2 elements (index 2 appends one)"},
		{"missing =", "sales.reps",
			"--set sales.reps: expected path=value, e.g. sales.reps=12"},
		{"empty path", "=3",
			"--set =3: empty key path before '='; expected path=value, e.g. sales.reps=12"},
		{"empty segment", "sales..reps=3",
			`--set sales..reps=3: key path "sales..reps" has an empty segment; write keys separated by single dots, e.g. policies.0.queue`},
		{"unknown key", "sales.repz=3",
			`--set sales.repz=3: sales.repz: unknown key "repz"; known keys in sales: reps, first_call_hours, win_rate, attempt_hours, opportunity_hours, accept_window_hours, bant_accuracy, own_pipeline, judgement, hours_per_open_week, skill_cv, own_load_cv, trust, credit_marketing_deals, reason_accuracy, prospecting`},
		{"unknown nested key", "marketing.channels.0.rate=3",
			`--set marketing.channels.0.rate=3: marketing.channels.0.rate: unknown key "rate"; known keys in marketing.channels.0: name, rate_per_hour, rate_per_week, rate_per_month, rate_per_year, seasonality, cost_per_lead, inquiry, kinds, stages, fit_high_share, authority`},
		{"bad type", "sales.reps=many",
			`--set sales.reps=many: sales.reps: got "many", expected an integer in [1,100000]`},
		{"float for int", "replications=2.5",
			`--set replications=2.5: replications: got 2.5, expected an integer in [1,100000]`},
		{"list for scalar", "sales.win_rate=[1]",
			`--set sales.win_rate=[1]: sales.win_rate: got a list, expected a number in [0,1]`},
		{"out of range", "sales.reps=0",
			"--set sales.reps=0: sales.reps: got 0, expected an integer in [1,100000]"},
		{"bad enum", "policies.1.queue=random",
			`--set policies.1.queue=random: policies.1.queue: got "random", expected one of fifo, lifo`},
		{"cross-field rule", "warmup_days=365",
			"--set warmup_days=365: warmup_days: got 365, expected less than horizon_days (365)"},
		{"cross-field rule of the full model", "observe_days=100",
			"--set observe_days=100: observe_days: got 100, expected 0 or at least horizon_days (365)"},
		{"veto on a pooled policy", "policies.0.veto=judgement",
			"--set policies.0.veto=judgement: policies.0.veto: got judgement with pooled routing, expected routing round_robin, least_loaded, territory, sticky or skill_weighted: a rep can only judge a lead routed to it"},
		{"duplicate name", "policies.1.name=direct",
			`--set policies.1.name=direct: policies.1.name: got "direct" again, expected each policy name once (already at policies.0.name)`},
		{"invalid yaml value", "sales.reps=[1",
			"--set sales.reps=[1: sales.reps: invalid value: yaml syntax error: did not find expected ',' or ']'"},
		{"key inside a scalar", "sales.reps.max=3",
			`--set sales.reps.max=3: sales.reps: got 20, which has no key "max" to set`},
		{"word as index of a list without names", "calendar.working_days.first=mon",
			`--set calendar.working_days.first=mon: calendar.working_days.first: got "first", expected a list index (0, 1, ...)`},
		{"negative list index", "calendar.working_days.-1=mon",
			`--set calendar.working_days.-1=mon: calendar.working_days.-1: got "-1", expected a list index (0, 1, ...)`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := loadReference(t, tt.set)
			var errs Errors
			require.ErrorAs(t, err, &errs)
			require.Len(t, errs, 1, "%v", err)
			assert.Equal(t, tt.want, err.Error())
			assert.Equal(t, tt.set, errs[0].Set)
			assert.Zero(t, errs[0].Line)
		})
	}
}

func TestSetIndexIntoListMissingFromFile(t *testing.T) {
	in := "name: t\nmarketing: {channels: [{name: web, rate_per_hour: 1}]}\npolicies: [{name: p}]\n"
	_, err := Parse("min.yaml", []byte(in), []string{"calendar.working_days.5=sat"})
	require.Error(t, err)
	assert.Equal(t, "--set calendar.working_days.5=sat: calendar.working_days.5: index 5 is out of range: "+
		"the file gives no list here, so only index 0 can be set (or set the whole list, e.g. calendar.working_days=[...])",
		err.Error())
}

// A failed --set changes nothing and does not hide the other errors.
func TestSetErrorsReportedWithOthers(t *testing.T) {
	in := "name: t\nsales:\n  reps: 0\nmarketing: {channels: [{name: web, rate_per_hour: 1}]}\npolicies: [{name: p}]\n"
	_, err := Parse("t.yaml", []byte(in), []string{"policies.3.name=x", "policies.0.queue=lifo", "policies.0.base=staged"})
	require.Error(t, err)
	assert.Equal(t, "--set policies.0.base=staged: policies.0.base: got \"staged\", expected one of direct, waterfall, objective, bant, matrix, telequal, sla, feedback\n"+
		"--set policies.3.name=x: policies.3: index 3 is out of range: the list has 1 element (index 1 appends one)\n"+
		"t.yaml:3: sales.reps: got 0, expected an integer in [1,100000]", err.Error())
}

// TestSetByName: an entry of a named list addressed by name, in a file
// that gives the list: changed, added (with its name), or removed by null.
func TestSetByName(t *testing.T) {
	def, err := LoadEmbedded(DefaultName, nil)
	require.NoError(t, err)
	pols := def.Scenario.Policies

	r, err := LoadEmbedded(DefaultName, []string{"policies.objective.attempts=2", "policies.fast={base: sla}", "policies.direct="})
	require.NoError(t, err)
	want := []Policy{pols[0], pols[1], Presets["sla"]}
	want[1].Attempts = 2
	want[2].Name = "fast"
	assert.Equal(t, want, r.Scenario.Policies)

	r, err = LoadEmbedded(DefaultName, []string{"marketing.channels.webinar.rate_per_year=1000"})
	require.NoError(t, err)
	assert.InDelta(t, 1000.0/8760, r.Scenario.Marketing.Channels[2].RatePerHour, 1e-12)

	_, err = LoadEmbedded(DefaultName, []string{"policies.nope="})
	require.Error(t, err)
	assert.Equal(t, `--set policies.nope=: policies.nope: got null (remove), but policies has no entry "nope"; expected one of waterfall, objective, direct`, err.Error())
}
