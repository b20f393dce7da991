package funnel

import (
	"slices"
	"testing"
	"time"

	"funnellab/scenarios"

	"github.com/stretchr/testify/require"
)

// The scenario library (scenarios/*.yaml, docs/scenarios.md): every
// embedded scenario loads, validates and runs with every prospect
// accounted for, and each scenario of the library tells the story its
// description tells, as a paired difference between two of its policies
// whose 95% CI over a few replications excludes zero.

// libraryStory is one scenario's story: policy b against policy a on
// metric, up (b − a > 0) or down, over reps replications of the scenario
// shortened to horizon and observe days (0: as shipped).
type libraryStory struct {
	a, b             string
	metric           Metric
	up               bool
	reps             int
	horizon, observe float64
	why              string
}

// libraryStories: one per scenario of the library; the scenarios
// default, world, policies and reference have their own tests.
var libraryStories = map[string]libraryStory{
	"full_pipeline": {"waterfall", "objective", MarketingRevenue, true, 3, 180, 540,
		"reps with a full own pipeline refuse most MQLs; hand-off on the objective has no veto and puts leads first"},
	"cheap_product": {"loose", "bant", Profit, true, 3, 180, 540,
		"each open quote asks for an hour a week and the margin is thin: loosely qualified opportunities cost more rep time than they earn"},
	"feedback_loop": {"objective_keep", "objective", RepHoursOpenOpportunities, false, 3, 180, 540,
		"objectives take months to form: returning opportunities that stall frees the hour a week each asks (the revenue claim is checked at 20 replications by the scenario's checks)"},
	"expensive_machine": {"bant", "discovery", MarketingRevenue, true, 3, 0, 0,
		"discovery meetings on any lead open early opportunities on large deals that strict BANT turns away"},
	"emerging_tech": {"bant", "objective", MarketingRevenue, true, 3, 365, 900,
		"few prospects meet four BANT criteria with an allocated budget; hand-off on a recognised objective finds many more buyers"},
	"telequal_cell": {"waterfall", "telequal", HandoffWasteShare, false, 3, 120, 360,
		"the cell passes on only leads it read as qualified, and reps have no veto: far fewer hand-offs are rejected or ignored"},
	"sla_1h": {"sla_24h", "sla_1h", HotContactShare, true, 3, 120, 360,
		"a one-hour SLA puts first attempts before own work and interrupts own tasks, so more leads are called while hot"},
}

// shorten returns s with a shorter horizon and observation (0: unchanged).
func shorten(s scenarios.Scenario, horizon, observe float64, reps int) scenarios.Scenario {
	if horizon > 0 {
		s.HorizonDays = horizon
		if s.ObserveDays > 0 {
			s.ObserveDays = max(observe, horizon)
		}
	}
	s.Replications = reps
	return s
}

// keepPolicies restricts s to the named policies, in that order.
func keepPolicies(t *testing.T, s scenarios.Scenario, names ...string) scenarios.Scenario {
	t.Helper()
	var out []scenarios.Policy
	for _, n := range names {
		i := slices.IndexFunc(s.Policies, func(p scenarios.Policy) bool { return p.Name == n })
		require.GreaterOrEqual(t, i, 0, "no policy %q in scenario %s", n, s.Name)
		out = append(out, s.Policies[i])
	}
	s.Policies = out
	return s
}

func requireConserved(t *testing.T, res []Result) {
	t.Helper()
	for i, r := range res {
		require.Equal(t, r.Metrics[Inquiries], float64(r.Outcomes.Total()), "job %d: %+v", i, r.Outcomes)
		require.Equal(t, float64(r.Outcomes.Competitor), r.Metrics[LeakedProspects], "job %d", i)
		require.GreaterOrEqual(t, r.Metrics[Revenue], r.Metrics[MarketingRevenue], "job %d", i)
	}
}

// TestLibraryScenariosRun: every embedded scenario loads, validates, has a
// name and a description, and runs two short replications under all its
// policies with every prospect accounted for.
func TestLibraryScenariosRun(t *testing.T) {
	for _, name := range scenarios.Names() {
		t.Run(name, func(t *testing.T) {
			r, err := scenarios.LoadEmbedded(name, nil)
			require.NoError(t, err)
			s := r.Scenario
			require.NoError(t, s.Validate())
			require.Equal(t, name, s.Name, "the file name is the scenario's name")
			require.NotEmpty(t, s.Description)
			start := time.Now()
			_, res := runAll(t, shorten(s, 45, 120, 2), 2)
			require.Len(t, res, 2*len(s.Policies))
			requireConserved(t, res)
			t.Logf("%s: %d policies, %v", name, len(s.Policies), time.Since(start).Round(time.Millisecond))
		})
	}
}

// TestLibraryStories: each scenario of the library shows its story.
func TestLibraryStories(t *testing.T) {
	for _, name := range scenarios.Names() {
		if name == scenarios.DefaultName || name == scenarios.WorldName || name == "policies" || name == "reference" {
			continue
		}
		st, ok := libraryStories[name]
		require.True(t, ok, "embedded scenario %s has no story in libraryStories", name)
		t.Run(name, func(t *testing.T) {
			r, err := scenarios.LoadEmbedded(name, nil)
			require.NoError(t, err)
			s := keepPolicies(t, shorten(r.Scenario, st.horizon, st.observe, st.reps), st.a, st.b)
			start := time.Now()
			v, res := runAll(t, s, 2)
			requireConserved(t, res)
			d := diff(t, v, st.metric, 0, 1)
			t.Logf("%s: %s − %s on %s: %+v (%v)", name, st.b, st.a, st.metric, d, time.Since(start).Round(time.Millisecond))
			if st.up {
				require.Greater(t, d.CI95Low, 0.0, "%s (%s): %+v", name, st.why, d)
			} else {
				require.Less(t, d.CI95High, 0.0, "%s (%s): %+v", name, st.why, d)
			}
		})
	}
}
