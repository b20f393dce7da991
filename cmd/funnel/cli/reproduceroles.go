package cli

import (
	"fmt"
	"log/slog"
	"slices"
	"strings"

	"funnellab/findings"
	"funnellab/scenarios"
)

// roleText is a finding's role as the table prints it: "derived (a, b)"
// names what a derived finding follows from.
func roleText(r findings.Result) string {
	if r.Role == scenarios.RoleDerived && len(r.DerivedFrom) > 0 {
		return r.Role + " (" + strings.Join(r.DerivedFrom, ", ") + ")"
	}
	return r.Role
}

// reproduceExit is the outcome of a reproduce run: nil, or
// ExitChecksFailed when a finding expected to reproduce did not (with
// strict, when any finding did not).
func reproduceExit(score findings.Score, strict bool, dir string) error {
	if score.Failed == 0 {
		return nil
	}
	what := "expected to reproduce"
	if strict {
		what = "(--strict: any)"
	}
	return &exitError{ExitChecksFailed, fmt.Errorf("%d of %d findings %s not reproduced (see %s)", score.Failed, score.Total, what, dir)}
}

// loadFindingInputs resolves every finding scenario before anything runs,
// and checks that the ids of their findings are unique and that every
// derived finding names findings of the finding scenarios (those run, or
// the embedded ones). With --world, it warns about a scenario whose chain
// of extends does not reach the world.
func loadFindingInputs(inputs []findingInput, opts reproduceOptions, log *slog.Logger) ([]*scenarios.Resolved, error) {
	out := make([]*scenarios.Resolved, len(inputs))
	run := map[string][]scenarios.Finding{}
	for i, in := range inputs {
		res, err := opts.load(in, nil)
		if err != nil {
			return nil, err
		}
		if len(res.Scenario.Findings) == 0 {
			return nil, usageErr("reproduce: %s has no findings; expected a finding scenario (scenarios/findings/, docs/findings.md)", in.name)
		}
		if _, dup := run[in.name]; dup {
			return nil, usageErr("reproduce: %s is given twice", in.name)
		}
		out[i], run[in.name] = res, res.Scenario.Findings
		if opts.parents != nil && !extendsWorld(in.data) {
			log.Warn("--world does not reach this scenario: its chain of extends has no world", "scenario", in.name)
		}
	}
	others := map[string][]scenarios.Finding{}
	for _, n := range scenarios.FindingNames() {
		if _, ok := run[n]; ok {
			continue
		}
		if res, err := scenarios.LoadEmbedded(n, nil); err == nil {
			others[n] = res.Scenario.Findings
		}
	}
	if err := findings.CheckDerivedFrom(run, others); err != nil {
		return nil, asUsage(fmt.Errorf("reproduce: %w", err))
	}
	return out, nil
}

// perturbationClasses are the classes of --perturb, from the least to the
// most affected.
var perturbationClasses = []string{"robust", "sensitive", "fragile"}

// worse returns the more affected of two classes.
func worse(a, b string) string {
	if slices.Index(perturbationClasses, b) > slices.Index(perturbationClasses, a) {
		return b
	}
	return a
}
