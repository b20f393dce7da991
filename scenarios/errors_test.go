package scenarios

import (
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// base is a minimal valid scenario of 7 lines; cases append to it or
// replace lines in it.
const base = `name: t
marketing:
  channels:
    - name: web
      rate_per_hour: 2
policies:
  - name: p
`

// wantErr is one expected FieldError: its line (0 when not known), key and
// fragments of its message (the bad value, what was expected).
type wantErr struct {
	line int
	key  string
	msg  []string
}

func TestParseErrors(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want []wantErr
	}{
		{"unknown top-level key", base + "colour: red\n", []wantErr{
			{8, "colour", []string{`unknown key "colour"`, "known keys at the top level: extends, name, description, currency, seed, replications, horizon_days, observe_days, warmup_days, calendar, marketing, response, sales, deal_value, segments, journey_speed_by_month, signals, scoring, nurture, costs, policies"}}}},
		{"unknown nested key", base + "sales:\n  reps: 3\n  repz: 4\n", []wantErr{
			{10, "sales.repz", []string{`unknown key "repz"`, "known keys in sales: reps, first_call_hours, win_rate, attempt_hours, opportunity_hours, accept_window_hours, bant_accuracy, own_pipeline, judgement"}}}},
		{"unknown key two levels down", base + "response:\n  hot_window_hours:\n    dist: fixed\n    median: 3\n", []wantErr{
			{11, "response.hot_window_hours.median", []string{`unknown key "median"`, "known keys in response.hot_window_hours: dist, mean, cv"}}}},
		{"unknown key in a list element", strings.Replace(base, "rate_per_hour: 2", "rate: 2", 1), []wantErr{
			{5, "marketing.channels.0.rate", []string{`unknown key "rate"`, "known keys in marketing.channels.0: name, rate_per_hour, rate_per_week, rate_per_month, rate_per_year, seasonality, cost_per_lead, inquiry, kinds, stages, fit_high_share, authority"}}}},
		{"unknown key in the second policy", base + "  - name: q\n    queu: lifo\n", []wantErr{
			{9, "policies.1.queu", []string{`unknown key "queu"`, "known keys in policies.1: name, base, gate, min_level, matrix, qualify, sql_min_bant, budget, cell, veto, routing, queue, priority, lead_hours, sla_hours, attempts, spacing_hours, on_reject, recycle_track, cooldown_days, stall_days, learning, measured_on"}}}},
		{"string for a number", base + "sales:\n  win_rate: high\n", []wantErr{
			{9, "sales.win_rate", []string{`got "high"`, "expected a number in [0,1]"}}}},
		{"quoted number is a string", base + "horizon_days: \"30\"\n", []wantErr{
			{8, "horizon_days", []string{`got "30"`, "expected a number in (0,36500]"}}}},
		{"2.5 for an int", base + "sales:\n  reps: 2.5\n", []wantErr{
			{9, "sales.reps", []string{"got 2.5", "expected an integer in [1,100000]"}}}},
		{"mapping for a scalar", base + "seed: {value: 3}\n", []wantErr{
			{8, "seed", []string{"got a mapping", "expected a non-negative integer"}}}},
		{"list for a string", base + "description: [a, b]\n", []wantErr{
			{8, "description", []string{"got a list", "expected a string"}}}},
		{"scalar for a mapping", base + "calendar: weekdays\n", []wantErr{
			{8, "calendar", []string{`got "weekdays"`, "expected a mapping with keys always_open, open_hour, close_hour, working_days"}}}},
		{"scalar for a list", base + "calendar:\n  working_days: mon\n", []wantErr{
			{9, "calendar.working_days", []string{`got "mon"`, "expected a list of values from mon, tue, wed, thu, fri, sat, sun"}}}},
		{"yes is not a bool", base + "calendar:\n  always_open: yes\n", []wantErr{
			{9, "calendar.always_open", []string{`got "yes"`, "expected true or false"}}}},
		{"negative seed", base + "seed: -1\n", []wantErr{
			{8, "seed", []string{"got -1", "expected a non-negative integer"}}}},
		{"infinite number", base + "horizon_days: .inf\n", []wantErr{
			{8, "horizon_days", []string{"got .inf", "expected a number in (0,36500]"}}}},
		{"negative rate", strings.Replace(base, "policies:", "    - name: q\n      rate_per_hour: -1\npolicies:", 1), []wantErr{
			{7, "marketing.channels.1.rate_per_hour", []string{"got -1", "expected a number in [0,1e6]"}}}},
		{"probability 1.5", base + "response:\n  qualify_hot: 1.5\n", []wantErr{
			{9, "response.qualify_hot", []string{"got 1.5", "expected a number in [0,1]"}}}},
		{"reps 0", base + "sales:\n  reps: 0\n", []wantErr{
			{9, "sales.reps", []string{"got 0", "expected an integer in [1,100000]"}}}},
		{"trust rate 2", base + "sales:\n  trust:\n    rate: 2\n", []wantErr{
			{10, "sales.trust.rate", []string{"got 2", "expected a number in [0,1]"}}}},
		{"first sample -1", base + "sales:\n  trust:\n    first_sample_leads: -1\n", []wantErr{
			{10, "sales.trust.first_sample_leads", []string{"got -1", "expected an integer in [0,1000]"}}}},
		{"credit 1.5", base + "sales:\n  credit_marketing_deals: 1.5\n", []wantErr{
			{9, "sales.credit_marketing_deals", []string{"got 1.5", "expected a number in [0,1]"}}}},
		{"bad enum", base + "    queue: random\n", []wantErr{
			{8, "policies.0.queue", []string{`got "random"`, "expected one of fifo, lifo"}}}},
		{"bad distribution", base + "sales:\n  first_call_hours: {dist: gamma, mean: 1}\n", []wantErr{
			{9, "sales.first_call_hours.dist", []string{`got "gamma"`, "expected one of exponential, fixed, lognormal"}}}},
		{"lognormal with cv 0", base + "sales:\n  first_call_hours: {dist: lognormal, mean: 1, cv: 0}\n", []wantErr{
			{9, "sales.first_call_hours.cv", []string{"got 0", "expected a number in (0,10]"}}}},
		{"bad working day", base + "calendar:\n  working_days:\n    - mon\n    - funday\n", []wantErr{
			{11, "calendar.working_days.1", []string{`got "funday"`, "expected one of mon, tue, wed, thu, fri, sat, sun"}}}},
		{"repeated working day", base + "calendar:\n  working_days: [mon, tue, mon]\n", []wantErr{
			{9, "calendar.working_days.2", []string{`got "mon" again`, "expected each day once (already at calendar.working_days.0)"}}}},
		{"no working days", base + "calendar:\n  working_days: []\n", []wantErr{
			{9, "calendar.working_days", []string{"got an empty list", "expected at least one day"}}}},
		{"duplicate key", base + "sales:\n  reps: 3\n  win_rate: 0.5\n  reps: 4\n", []wantErr{
			{11, "sales.reps", []string{`duplicate key "reps"`, "first given on line 9"}}}},
		{"duplicate top-level key", base + "name: u\n", []wantErr{
			{8, "name", []string{`duplicate key "name"`, "first given on line 1"}}}},
		{"duplicate channel names", strings.Replace(base, "policies:", "    - name: web\n      rate_per_hour: 1\npolicies:", 1), []wantErr{
			{6, "marketing.channels.1.name", []string{`got "web" again`, "expected each channel name once (already at marketing.channels.0.name)"}}}},
		{"duplicate policy names", base + "  - name: p\n    queue: lifo\n", []wantErr{
			{8, "policies.1.name", []string{`got "p" again`, "expected each policy name once (already at policies.0.name)"}}}},
		{"bad policy name", strings.Replace(base, "name: p", "name: first policy", 1), []wantErr{
			{7, "policies.0.name", []string{`got "first policy"`, "letters, digits, '.', '_' and '-'"}}}},
		{"empty channel name", strings.Replace(base, "name: web", `name: ""`, 1), []wantErr{
			{4, "marketing.channels.0.name", []string{`got ""`, "expected a non-empty name"}}}},
		{"bad scenario name", strings.Replace(base, "name: t", "name: a/b", 1), []wantErr{
			{1, "name", []string{`got "a/b"`, "letters, digits"}}}},
		{"warmup equal to horizon", base + "horizon_days: 30\nwarmup_days: 30\n", []wantErr{
			{9, "warmup_days", []string{"got 30", "expected less than horizon_days (30)"}}}},
		{"warmup above default horizon", base + "warmup_days: 400\n", []wantErr{
			{8, "warmup_days", []string{"got 400", "expected less than horizon_days (365)"}}}},
		{"close before open", base + "calendar:\n  open_hour: 17\n  close_hour: 9\n", []wantErr{
			{10, "calendar.close_hour", []string{"got 9", "expected a time after calendar.open_hour (17)"}}}},
		{"close equal to open, always open", base + "calendar:\n  always_open: true\n  close_hour: 9\n  open_hour: 9\n", []wantErr{
			{10, "calendar.close_hour", []string{"got 9", "expected a time after calendar.open_hour (9)"}}}},
		{"zero total rate", strings.Replace(base, "rate_per_hour: 2", "rate_per_hour: 0", 1), []wantErr{
			{3, "marketing.channels", []string{"got a total rate_per_hour of 0", "expected a positive total"}}}},
		{"no channels", strings.Replace(base, "  channels:\n    - name: web\n      rate_per_hour: 2\n", "  channels: []\n", 1), []wantErr{
			{3, "marketing.channels", []string{"got no channels", "expected at least one"}}}},
		{"channels missing: the section's line", strings.Replace(base, "  channels:\n    - name: web\n      rate_per_hour: 2\n", "", 1), []wantErr{
			{2, "marketing.channels", []string{"got no channels", "expected at least one"}}}},
		{"policies missing: no line", strings.Replace(base, "policies:\n  - name: p\n", "", 1), []wantErr{
			{0, "policies", []string{"got no policies", "expected at least one"}}}},
		// The cross-field rules of the full model (checkModel).
		{"observe_days before horizon_days", base + "horizon_days: 30\nobserve_days: 20\n", []wantErr{
			{9, "observe_days", []string{"got 20", "expected 0 or at least horizon_days (30)"}}}},
		{"observe_days before the default horizon", base + "observe_days: 364.5\n", []wantErr{
			{8, "observe_days", []string{"got 364.5", "expected 0 or at least horizon_days (365)"}}}},
		{"churn above the deal value", base + "observe_days: 400\nsegments:\n  - name: smb\n    churn: {high_fit: 0, low_fit: 1.5}\n", []wantErr{
			{11, "segments.0.churn.low_fit", []string{"got 1.5", "[0,1]"}}}},
		{"segments with observe_days 0", base + "observe_days: 0\nsegments:\n  - name: smb\n", []wantErr{
			{8, "observe_days", []string{"got 0", "expected an end of observation (> 0) when the scenario has segments"}}}},
		{"segments with observe_days missing: no line", base + "segments:\n  - name: smb\n", []wantErr{
			{0, "observe_days", []string{"got 0", "expected an end of observation (> 0) when the scenario has segments"}}}},
		{"duplicate segment names", base + "observe_days: 730\nsegments:\n  - name: smb\n  - name: ent\n  - name: smb\n", []wantErr{
			{12, "segments.2.name", []string{`got "smb" again`, "expected each segment name once (already at segments.0.name)"}}}},
		{"empty segment name", base + "observe_days: 730\nsegments:\n  - share: 2\n", []wantErr{
			{10, "segments.0.name", []string{`got ""`, "expected a non-empty name"}}}},
		{"segment shares all 0", base + "observe_days: 730\nsegments:\n  - {name: a, share: 0}\n  - {name: b, share: 0}\n", []wantErr{
			{9, "segments", []string{"got shares summing to 0", "expected at least one segment with a positive share"}}}},
		{"budget shares above 1", base + "observe_days: 730\nsegments:\n  - name: smb\n    budget_allocated: 0.5\n    budget_after_solutions: 0.75\n", []wantErr{
			{12, "segments.0.budget_after_solutions", []string{"got budget_allocated + budget_after_solutions = 1.25", "expected at most 1"}}}},
		{"budget_allocated above 1 minus the default after_solutions: the segment's line", base + "observe_days: 730\nsegments:\n  - name: smb\n  - name: ent\n    budget_allocated: 0.7\n", []wantErr{
			{11, "segments.1.budget_after_solutions", []string{"got budget_allocated + budget_after_solutions = 1.1", "expected at most 1"}}}},
		{"seasonality with 5 factors", strings.Replace(base, "rate_per_hour: 2", "rate_per_hour: 2\n      seasonality: [1, 1, 2, 1, 1]", 1), []wantErr{
			{6, "marketing.channels.0.seasonality", []string{"got 5 factors", "expected none or 12 (one per month)"}}}},
		{"seasonality all 0", strings.Replace(base, "rate_per_hour: 2", "rate_per_hour: 2\n      seasonality: [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]", 1), []wantErr{
			{6, "marketing.channels.0.seasonality", []string{"got factors summing to 0", "expected a positive sum"}}}},
		{"journey speed all 0", base + "journey_speed_by_month: [0, 0, 0]\n", []wantErr{
			{8, "journey_speed_by_month", []string{"got factors summing to 0", "expected at least one positive factor"}}}},
		{"journey speed factor negative", base + "journey_speed_by_month: [1, -0.5]\n", []wantErr{
			{8, "journey_speed_by_month.1", []string{"got -0.5", "[0,100]"}}}},
		{"nurture calls advance above 1", base + "    nurture_calls: {per_month: 2, advance: 1.5}\n", []wantErr{
			{8, "policies.0.nurture_calls.advance", []string{"got 1.5", "[0,1]"}}}},
		{"nurture calls per month negative", base + "    nurture_calls:\n      per_month: -1\n", []wantErr{
			{9, "policies.0.nurture_calls.per_month", []string{"got -1", "[0,30]"}}}},
		{"prospecting hours above a week", base + "sales:\n  prospecting: {hours_per_week: 200}\n", []wantErr{
			{9, "sales.prospecting.hours_per_week", []string{"got 200", "[0,168]"}}}},
		{"prospecting kinds all 0", base + "sales:\n  prospecting:\n    hours_per_week: 4\n    kinds: {genuine: 0, competitor: 0, student: 0, bad_data: 0}\n", []wantErr{
			{11, "sales.prospecting.kinds", []string{"got weights summing to 0", "expected a positive sum"}}}},
		{"direct share above 1", base + "observe_days: 730\nsegments:\n  - name: smb\n    direct_share: 1.5\n", []wantErr{
			{11, "segments.0.direct_share", []string{"got 1.5", "[0,1]"}}}},
		{"reason accuracy below 0.5", base + "sales:\n  reason_accuracy: 0.3\n", []wantErr{
			{9, "sales.reason_accuracy", []string{"got 0.3", "expected a number in [0.5,1]"}}}},
		{"kpi weight above 1", base + "    base: feedback\n    learning: {kpi_weight: 1.2}\n", []wantErr{
			{9, "policies.0.learning.kpi_weight", []string{"got 1.2", "expected a number in [0,1]"}}}},
		{"channel kinds all 0", strings.Replace(base, "rate_per_hour: 2", "rate_per_hour: 2\n      kinds: {genuine: 0, competitor: 0, student: 0, bad_data: 0}", 1), []wantErr{
			{6, "marketing.channels.0.kinds", []string{"got weights summing to 0", "expected a positive sum"}}}},
		{"channel stages all 0", strings.Replace(base, "rate_per_hour: 2", "rate_per_hour: 2\n      stages:\n        no_need: 0\n        problem_aware: 0\n        objective: 0\n        evaluating: 0", 1), []wantErr{
			{6, "marketing.channels.0.stages", []string{"got weights summing to 0", "expected a positive sum"}}}},
		{"channel authority all 0", strings.Replace(base, "rate_per_hour: 2", "rate_per_hour: 2\n      authority: {decision_maker: 0, influencer: 0, none: 0}", 1), []wantErr{
			{6, "marketing.channels.0.authority", []string{"got weights summing to 0", "expected a positive sum"}}}},
		{"veto judgement with pooled routing", base + "    base: waterfall\n    routing: pooled\n    veto: judgement\n", []wantErr{
			{10, "policies.0.veto", []string{"got judgement with pooled routing", "expected routing round_robin, least_loaded, territory, sticky or skill_weighted"}}}},
		{"veto judgement on a direct policy (pooled by its preset)", base + "    veto: judgement\n", []wantErr{
			{8, "policies.0.veto", []string{"got judgement with pooled routing", "expected routing round_robin, least_loaded, territory, sticky or skill_weighted"}}}},
		{"waterfall (judgement by its preset) with pooled routing: the policy's line", base + "  - name: w\n    base: waterfall\n    routing: pooled\n", []wantErr{
			{8, "policies.1.veto", []string{"got judgement with pooled routing", "expected routing round_robin, least_loaded, territory, sticky or skill_weighted"}}}},
		{"a cell without agents", base + "    base: telequal\n    cell: {agents: 0}\n", []wantErr{
			{9, "policies.0.cell.agents", []string{"got 0 agents with qualify: cell", "expected at least 1 agent"}}}},
		{"sla_first without an SLA", base + "    base: sla\n    sla_hours: 0\n", []wantErr{
			{9, "policies.0.sla_hours", []string{"got 0 with priority sla_first", "expected sla_hours > 0"}}}},
		{"learning on an objective gate", base + "    base: objective\n    learning: {rate: 0.5}\n", []wantErr{
			{9, "policies.0.learning.rate", []string{"got a learning rate with gate objective", "expected gate score"}}}},
		{"a switch from an unknown policy", base + "    switch_from: q\n    switch_at_days: 30\n", []wantErr{
			{8, "policies.0.switch_from", []string{`got "q"`, "expected the name of another policy"}}}},
		{"a switch day without a policy to switch from", base + "    switch_at_days: 30\n", []wantErr{
			{7, "policies.0.switch_from", []string{"got none with switch_at_days 30", "expected the name of the policy in force before the switch"}}}},
		{"a switch from a cell", base + "    base: telequal\n  - name: o\n    base: objective\n    switch_from: p\n    switch_at_days: 30\n", []wantErr{
			{11, "policies.1.switch_from", []string{"with qualify: cell on one side", "expected qualify: rep on both"}}}},
		{"a switch day out of range", base + "  - name: o\n    switch_from: p\n    switch_at_days: -1\n", []wantErr{
			{10, "policies.1.switch_at_days", []string{"got -1", "[0,36500]"}}}},
		{"unknown base", base + "    base: magic\n", []wantErr{
			{8, "policies.0.base", []string{`got "magic"`, "bant", "telequal"}}}},
		{"merge key", base + "sales:\n  <<: {reps: 3}\n", []wantErr{
			{9, "sales.<<", []string{"merge keys (<<) are not supported"}}}},
		{"list key", base + "[a, b]: 1\n", []wantErr{
			{8, "", []string{"got a list as a key, expected a plain key name"}}}},
		{"type error hides the rules below it", strings.Replace(base, "marketing:\n  channels:\n    - name: web\n      rate_per_hour: 2\n", "marketing: 5\n", 1), []wantErr{
			{2, "marketing", []string{"got 5", "expected a mapping with keys channels"}}}},
		{"empty file", "", []wantErr{
			{0, "", []string{"empty file: expected a mapping of scenario keys"}}}},
		{"only comments", "# nothing yet\n", []wantErr{
			{0, "", []string{"empty file"}}}},
		{"null document", "---\n~\n", []wantErr{
			{2, "", []string{"empty document: expected a mapping of scenario keys"}}}},
		{"top level is a list", "- name: t\n", []wantErr{
			{1, "", []string{"got a list, expected a mapping of scenario keys"}}}},
		{"two documents", base + "---\nname: u\n", []wantErr{
			{8, "", []string{"a second YAML document starts here"}}}},
		{"yaml syntax error", base + "sales:\n  reps: 3\n   win_rate: 0.5\n", []wantErr{
			{10, "", []string{"yaml syntax error: mapping values are not allowed in this context"}}}},
		{"yaml syntax error on line 1", "name: a: b\n", []wantErr{
			{1, "", []string{"yaml syntax error: mapping values are not allowed in this context"}}}},
		{"unclosed flow list", base + "calendar:\n  working_days: [mon, tue\n  open_hour: 8\n", []wantErr{
			{9, "", []string{"yaml syntax error: did not find expected ',' or ']'"}}}},
		{"tab indentation", base + "sales:\n\treps: 3\n", []wantErr{
			{9, "", []string{"yaml syntax error: found character that cannot start any token: a tab at column 1 (YAML indents with spaces only; replace the tab with spaces)"}}}},
		{"invalid UTF-8", base + "description: \"\xff\"\n", []wantErr{
			{8, "", []string{"yaml syntax error: invalid leading UTF-8 octet"}}}},
		{"unknown anchor", base + "sales:\n  reps: *n\n", []wantErr{
			{9, "", []string{`yaml error: unknown anchor "n"`}}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse("bad.yaml", []byte(tt.in), nil)
			checkErrors(t, err, "bad.yaml", tt.want)
		})
	}
}

// checkErrors asserts that err is Errors holding exactly the wanted errors,
// in order, each formatted as "FILE:LINE: KEY: MSG" (or without the parts
// that are unknown).
func checkErrors(t *testing.T, err error, file string, want []wantErr) {
	t.Helper()
	var errs Errors
	require.ErrorAs(t, err, &errs)
	require.Len(t, errs, len(want), "got:\n%v", err)
	for i, w := range want {
		e := errs[i]
		assert.Equal(t, file, e.File)
		assert.Equal(t, w.line, e.Line, "line of %v", e)
		assert.Equal(t, w.key, e.Key, "key of %v", e)
		prefix := file
		if w.line > 0 {
			prefix = fmt.Sprintf("%s:%d", file, w.line)
		}
		if w.key != "" {
			prefix += ": " + w.key
		}
		text := e.Error()
		assert.True(t, strings.HasPrefix(text, prefix+": "), "%q should start with %q", text, prefix+": ")
		for _, frag := range w.msg {
			assert.Contains(t, text, frag)
		}
	}
}

func TestMultipleErrorsReportedTogether(t *testing.T) {
	in := `name: t
seed: -3
calendar:
  open_hour: 18
  close_hour: 8
  working_days: [mon, mon]
marketing:
  channels:
    - name: web
      rate_per_hour: -2
      colour: blue
policies:
  - name: p
    queue: random
  - name: p
`
	_, err := Parse("multi.yaml", []byte(in), nil)
	checkErrors(t, err, "multi.yaml", []wantErr{
		{2, "seed", []string{"got -3"}},
		{5, "calendar.close_hour", []string{"got 8", "after calendar.open_hour (18)"}},
		{6, "calendar.working_days.1", []string{`got "mon" again`}},
		{8, "marketing.channels", []string{"got a total rate_per_hour of -2"}},
		{10, "marketing.channels.0.rate_per_hour", []string{"got -2", "[0,1e6]"}},
		{11, "marketing.channels.0.colour", []string{`unknown key "colour"`}},
		{14, "policies.0.queue", []string{`got "random"`}},
		{15, "policies.1.name", []string{`got "p" again`}},
	})
	assert.Equal(t, 8, strings.Count(err.Error(), "\n")+1, "one error per line")
}
