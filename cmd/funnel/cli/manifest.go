package cli

import (
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"funnellab/results/checks"
	"funnellab/results/report"
	"funnellab/scenarios"
	"funnellab/sim/funnel"
)

// Manifest records how a run was made, so it can be reproduced.
type Manifest struct {
	Program   string `json:"program"`
	Version   string `json:"version"`
	GoVersion string `json:"go_version"`
	Command   string `json:"command"`
	// ScenarioSource is the scenario file's absolute path, or
	// "embedded:NAME.yaml"; scenario.yaml in the run folder is the
	// resolved scenario (flags and --set applied), runnable as is.
	ScenarioSource string             `json:"scenario_source"`
	ScenarioSHA256 string             `json:"scenario_sha256"`
	Sets           []string           `json:"sets"`
	Scenario       scenarios.Scenario `json:"scenario"`
	Seed           uint64             `json:"seed"`
	// Replications is the number of replications in the results; it is
	// RequestedReplications unless the run was interrupted.
	Replications          int      `json:"replications"`
	RequestedReplications int      `json:"requested_replications"`
	Policies              []string `json:"policies"`
	// Baseline is the policy the others are compared with in the table
	// and the report (--baseline; the first policy if not given).
	Baseline     string            `json:"baseline"`
	MarketingKPI map[string]string `json:"marketing_kpi"` // policy -> the outcome marketing is measured on
	Metrics      []string          `json:"metrics"`
	Workers      int               `json:"workers"`
	// Complete is false for an interrupted run, whose results hold only
	// the leading replications that completed under every policy.
	Complete bool `json:"complete"`
	// Unwritten lists the files of an incomplete run folder that were not
	// written because the run was interrupted while writing its files.
	Unwritten   []string        `json:"unwritten,omitempty"`
	Checks      []checks.Result `json:"checks"`
	Start       time.Time       `json:"start"`
	End         time.Time       `json:"end"`
	WallSeconds float64         `json:"wall_seconds"`
	// VerdictMetric is the metric the report's verdict ranks the policies
	// on (--verdict-metric; report.VerdictMetrics), omitted for revenue,
	// the default, so funnel plot redraws the same verdict.
	VerdictMetric string `json:"verdict_metric,omitempty"`
	// Precision is what a --precision run asked for and reached (omitted
	// otherwise): it stopped at Replications, which a rerun with --reps
	// gives again.
	Precision *precisionRecord `json:"precision,omitempty"`
	// Args are the arguments of funnel run that make this run's results
	// (runArgs): funnel merge and funnel run --resume rerun them.
	Args []string `json:"args"`
	// Shard is the range of replications a shard holds (--shard,
	// --replications; omitted for a whole run).
	Shard *shardRecord `json:"shard,omitempty"`
	// Shards are the folders funnel merge (or --resume) put together
	// into this run, in replication order (omitted otherwise).
	Shards []mergedShard `json:"shards,omitempty"`
}

// newManifest records a run: its program, command, scenario, seed,
// replications (written and requested), policies, workers, checks and
// times.
func newManifest(plan *runPlan, o runOptions, sim *simulation, checkResults []checks.Result) Manifest {
	sc, model := plan.sc, plan.model
	man := Manifest{
		Program: "funnel", Version: Version, GoVersion: goVersion(),
		Command:        reproduceCommand(plan.res, sc, o, model.PolicyNames()),
		ScenarioSource: plan.res.Source, ScenarioSHA256: plan.res.SHA256, Sets: slices.Clone(o.sets),
		Scenario: sc, Seed: sc.Seed, Replications: sim.reps, RequestedReplications: sim.requested,
		Policies: model.PolicyNames(), Baseline: o.baseline, MarketingKPI: map[string]string{}, Metrics: funnel.Names(), Workers: plan.workers,
		Complete: sim.complete, Checks: checkResults, VerdictMetric: recordedVerdict(o.verdict),
		Start: sim.start.UTC(), End: sim.end.UTC(), WallSeconds: sim.end.Sub(sim.start).Seconds(),
		Precision: sim.precision, Shard: plan.shard, Shards: sim.shards,
	}
	total := sim.requested // an interrupted run's args ask for all it asked for
	if plan.shard != nil {
		total = plan.shard.Total
	}
	man.Args = runArgs(plan, o, total)
	if plan.shard != nil {
		man.Command += fmt.Sprintf(" --replications %d:%d", plan.shard.From, plan.shard.To)
	}
	if man.Baseline == "" && len(man.Policies) > 0 {
		man.Baseline = man.Policies[0]
	}
	if !strings.HasPrefix(man.ScenarioSource, "embedded:") {
		if abs, err := filepath.Abs(man.ScenarioSource); err == nil {
			man.ScenarioSource = abs
		}
	}
	if man.Sets == nil {
		man.Sets = []string{}
	}
	for _, p := range model.Policies {
		man.MarketingKPI[p.Name()] = p.MeasuredOn()
	}
	return man
}

// reproduceCommand is a command line that reruns the same run.
func reproduceCommand(res *scenarios.Resolved, sc scenarios.Scenario, o runOptions, pols []string) string {
	src := res.Source
	if name, ok := strings.CutPrefix(src, "embedded:"); ok {
		src = strings.TrimSuffix(name, ".yaml")
	}
	parts := []string{"funnel", "run", shellQuote(src)}
	for _, s := range o.sets {
		parts = append(parts, "--set", shellQuote(s))
	}
	parts = append(parts, fmt.Sprintf("--seed %d --reps %d", sc.Seed, sc.Replications))
	if o.policies != "" {
		parts = append(parts, "--policies", shellQuote(strings.Join(pols, ",")))
	}
	if o.baseline != "" {
		parts = append(parts, "--baseline", shellQuote(o.baseline))
	}
	if m := recordedVerdict(o.verdict); m != "" {
		parts = append(parts, "--verdict-metric", m)
	}
	for _, c := range o.checks {
		parts = append(parts, "--check", shellQuote(c))
	}
	return strings.Join(parts, " ")
}

func shellQuote(s string) string {
	if s != "" && !strings.ContainsAny(s, " \t\n'\"\\$`!*?[]{}()<>|&;#~") {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

// recordedVerdict is the verdict metric as the manifest and the command
// record it: "" for revenue, the default, so that a run without
// --verdict-metric writes what it always did.
func recordedVerdict(m string) string {
	if m == report.VerdictMetric {
		return ""
	}
	return m
}
