package scenarios

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestRateUnits: a channel's volume per year, month or week is read as the
// same rate per hour, and the resolved scenario holds rate_per_hour only.
func TestRateUnits(t *testing.T) {
	for _, tc := range []struct {
		key  string
		x    float64
		want float64
	}{
		{"rate_per_hour", 2, 2},
		{"rate_per_week", 336, 2},
		{"rate_per_month", 1460, 2},
		{"rate_per_year", 12000, 12000.0 / 8760},
	} {
		t.Run(tc.key, func(t *testing.T) {
			in := strings.Replace(base, "rate_per_hour: 2", tc.key+": "+formatFloat(tc.x), 1)
			r, err := Parse("t.yaml", []byte(in), nil)
			require.NoError(t, err)
			c := r.Scenario.Marketing.Channels[0]
			assert.InDelta(t, tc.want, c.RatePerHour, 1e-12)
			assert.Zero(t, c.RatePerWeek+c.RatePerMonth+c.RatePerYear, "converted to rate_per_hour")

			out, err := MarshalYAML(r.Scenario)
			require.NoError(t, err)
			assert.NotContains(t, string(out), "rate_per_year", "the resolved form gives rate_per_hour only")
			back, err := Parse("resolved.yaml", out, nil)
			require.NoError(t, err, "the resolved form reads back")
			assert.Equal(t, r.Scenario, back.Scenario)

			js, err := json.Marshal(c)
			require.NoError(t, err)
			assert.NotContains(t, string(js), "rate_per_week", "summary.json shows rate_per_hour only")
		})
	}
}

func TestRateUnitErrors(t *testing.T) {
	t.Run("two keys", func(t *testing.T) {
		in := strings.Replace(base, "rate_per_hour: 2\n", "rate_per_hour: 2\n      rate_per_year: 3000\n", 1)
		_, err := Parse("bad.yaml", []byte(in), nil)
		require.Error(t, err)
		assert.Contains(t, err.Error(), "bad.yaml:6: marketing.channels.0.rate_per_year: got both rate_per_hour and rate_per_year, "+
			"expected exactly one of rate_per_hour, rate_per_week, rate_per_month or rate_per_year")
	})
	t.Run("two keys by --set", func(t *testing.T) {
		_, err := Parse("bad.yaml", []byte(base), []string{"marketing.channels.0.rate_per_week=1", "marketing.channels.0.rate_per_month=1"})
		require.Error(t, err)
		assert.Contains(t, err.Error(), "--set marketing.channels.0.rate_per_month=1: marketing.channels.0.rate_per_month: got both rate_per_week and rate_per_month")
	})
	t.Run("--set overrides the file's unit", func(t *testing.T) {
		r, err := Parse("t.yaml", []byte(base), []string{"marketing.channels.0.rate_per_year=8760"})
		require.NoError(t, err)
		assert.Equal(t, 1.0, r.Scenario.Marketing.Channels[0].RatePerHour)
	})
	t.Run("out of range under its own key", func(t *testing.T) {
		in := strings.Replace(base, "rate_per_hour: 2", "rate_per_year: -5", 1)
		_, err := Parse("bad.yaml", []byte(in), nil)
		require.Error(t, err)
		assert.Contains(t, err.Error(), "bad.yaml:5: marketing.channels.0.rate_per_year: got -5, expected a number in [0,1e10]")
	})
}

// TestCurrency: the currency is kept as given and must be a short name.
func TestCurrency(t *testing.T) {
	r, err := Parse("t.yaml", []byte(base+"currency: EUR\n"), nil)
	require.NoError(t, err)
	assert.Equal(t, "EUR", r.Scenario.Currency)
	js, err := json.Marshal(r.Scenario)
	require.NoError(t, err)
	assert.Contains(t, string(js), `"currency":"EUR"`, "summary.json and the manifest carry it")

	def, err := LoadEmbedded(DefaultName, nil)
	require.NoError(t, err)
	assert.Equal(t, "", def.Scenario.Currency, "the default company names none")

	for _, tc := range []struct{ in, want string }{
		{`"euros of the eurozone"`, `bad.yaml:8: currency: got "euros of the eurozone" (21 characters), expected at most 12`},
		{`"EUR\nUSD"`, `bad.yaml:8: currency: got "EUR\nUSD", expected a currency name or symbol without line breaks`},
		{`" EUR"`, `bad.yaml:8: currency: got " EUR", expected no leading or trailing spaces`},
	} {
		_, err := Parse("bad.yaml", []byte(base+"currency: "+tc.in+"\n"), nil)
		require.Error(t, err, tc.in)
		assert.Contains(t, err.Error(), tc.want)
	}
}

// TestChannelDefaults: a channel given only a name and a volume is an
// ordinary channel, not an ideal one: its mixes are the default company's
// channels averaged over their volumes (rounded to two decimals); and a
// channel with no volume is an error.
func TestChannelDefaults(t *testing.T) {
	r, err := Parse("t.yaml", []byte(strings.Replace(base, "rate_per_hour: 2", "rate_per_year: 12000", 1)), nil)
	require.NoError(t, err)
	c := r.Scenario.Marketing.Channels[0]
	assert.Less(t, c.Kinds.Genuine/(c.Kinds.Genuine+c.Kinds.Competitor+c.Kinds.Student+c.Kinds.BadData), 0.7, "not every inquiry genuine")
	assert.Less(t, c.Authority.DecisionMaker, 0.5, "not every contact a decision maker")
	assert.Less(t, c.FitHighShare, 0.6, "not every account a fit")
	assert.Greater(t, c.Stages.NoNeed, 0.0)

	def, err := LoadEmbedded(DefaultName, nil)
	require.NoError(t, err)
	var want Channel
	total := 0.0
	for _, d := range def.Scenario.Marketing.Channels {
		w := d.RatePerHour
		total += w
		want.Kinds.Genuine += w * d.Kinds.Genuine
		want.Kinds.Competitor += w * d.Kinds.Competitor
		want.Kinds.Student += w * d.Kinds.Student
		want.Kinds.BadData += w * d.Kinds.BadData
		want.Stages.NoNeed += w * d.Stages.NoNeed
		want.Stages.ProblemAware += w * d.Stages.ProblemAware
		want.Stages.Objective += w * d.Stages.Objective
		want.Stages.Evaluating += w * d.Stages.Evaluating
		want.FitHighShare += w * d.FitHighShare
		want.Authority.DecisionMaker += w * d.Authority.DecisionMaker
		want.Authority.Influencer += w * d.Authority.Influencer
		want.Authority.None += w * d.Authority.None
	}
	for _, p := range [][2]float64{
		{want.Kinds.Genuine, c.Kinds.Genuine}, {want.Kinds.Competitor, c.Kinds.Competitor},
		{want.Kinds.Student, c.Kinds.Student}, {want.Kinds.BadData, c.Kinds.BadData},
		{want.Stages.NoNeed, c.Stages.NoNeed}, {want.Stages.ProblemAware, c.Stages.ProblemAware},
		{want.Stages.Objective, c.Stages.Objective}, {want.Stages.Evaluating, c.Stages.Evaluating},
		{want.FitHighShare, c.FitHighShare},
		{want.Authority.DecisionMaker, c.Authority.DecisionMaker}, {want.Authority.Influencer, c.Authority.Influencer},
		{want.Authority.None, c.Authority.None},
	} {
		assert.InDelta(t, p[0]/total, p[1], 0.0101, "the default company's volume-weighted mean, to two decimals")
	}

	in := strings.Replace(base, "      rate_per_hour: 2\n", "", 1)
	_, err = Parse("bad.yaml", []byte(in), nil)
	require.Error(t, err)
	assert.Equal(t, "bad.yaml:4: marketing.channels.0: got a channel with no volume, expected one of "+
		"rate_per_hour, rate_per_week, rate_per_month or rate_per_year (e.g. rate_per_year: 12000)", err.Error(),
		"the only error: no second one about the total rate")
}
