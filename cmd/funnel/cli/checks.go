package cli

import (
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"text/tabwriter"

	"gopkg.in/yaml.v3"

	"funnellab/internal/userfile"
	"funnellab/results/checks"
	"funnellab/scenarios"
)

// resolveChecks parses the scenario's checks and the --check arguments and
// resolves them against the policies run and the model's metrics, before
// anything runs; it returns the scenario's checks, then the flags'. A scenario check naming a policy left out by --policies is
// an error too. Errors are usage errors: a scenario's name its file and
// line (or --set argument), a flag's shows the argument with a caret under
// the offending part.
func resolveChecks(res *scenarios.Resolved, sets, flagExprs, run, metrics []string, policiesFlag string) ([]*checks.Check, error) {
	var out []*checks.Check
	var all []string
	for _, p := range res.Scenario.Policies {
		all = append(all, p.Name)
	}
	for i, expr := range res.Scenario.Checks {
		c, err := checks.Parse(expr)
		if err == nil {
			err = c.Resolve(all, metrics)
		}
		if err == nil {
			for _, ref := range []*checks.Ref{&c.Left, c.Right} {
				if ref != nil && !slices.Contains(run, ref.Policy) {
					err = fmt.Errorf("%q: policy %q is not run (--policies %s); drop the scenario's checks with --set checks=[]",
						expr, ref.Policy, policiesFlag)
					break
				}
			}
		}
		if err != nil {
			fe := checkLocation(res, sets, i)
			fe.Msg = err.Error()
			return nil, asUsage(fmt.Errorf("invalid scenario:\n%w", scenarios.Errors{fe}))
		}
		out = append(out, c)
	}
	if len(flagExprs) > scenarios.MaxChecks {
		return nil, usageErr("run: --check: given %d times, expected at most %d", len(flagExprs), scenarios.MaxChecks)
	}
	for _, expr := range flagExprs {
		if len(expr) > scenarios.MaxCheckBytes {
			return nil, usageErr("run: --check: got a check of %d bytes, expected at most %d", len(expr), scenarios.MaxCheckBytes)
		}
		c, err := checks.Parse(expr)
		if err == nil {
			err = c.Resolve(run, metrics)
		}
		if err != nil {
			var ce *checks.Error
			if errors.As(err, &ce) {
				return nil, usageErr("run: --check %s\n%s", err, ce.Caret("  "))
			}
			return nil, usageErr("run: --check %v", err)
		}
		out = append(out, c)
	}
	return out, nil
}

// checkLocation says where the scenario's check i came from: the last
// --set argument that touched checks, or the line of the entry in the
// scenario file.
func checkLocation(res *scenarios.Resolved, sets []string, i int) *scenarios.FieldError {
	key := "checks." + strconv.Itoa(i)
	for j := len(sets) - 1; j >= 0; j-- {
		if path, _, _ := strings.Cut(sets[j], "="); path == "checks" || strings.HasPrefix(path, "checks.") {
			return &scenarios.FieldError{Set: sets[j], Key: key}
		}
	}
	fe := &scenarios.FieldError{File: res.Source, Key: key}
	var data []byte
	var err error
	if name, ok := strings.CutPrefix(res.Source, "embedded:"); ok {
		data, err = scenarios.Embedded(name)
	} else {
		data, err = userfile.ReadFile(res.Source, "scenario file", scenarios.MaxFileBytes)
	}
	if err != nil {
		return fe
	}
	var doc yaml.Node
	if yaml.Unmarshal(data, &doc) != nil || len(doc.Content) != 1 {
		return fe
	}
	root := doc.Content[0]
	for k := 0; k+1 < len(root.Content); k += 2 {
		if root.Content[k].Value == "checks" {
			if seq := root.Content[k+1]; seq.Kind == yaml.SequenceNode && i < len(seq.Content) {
				fe.Line = seq.Content[i].Line
			}
		}
	}
	return fe
}

// printChecks prints one line per check: PASS or FAIL, the check, and
// what was observed.
func printChecks(w io.Writer, rs []checks.Result) error {
	fmt.Fprintf(w, "\nchecks: %d of %d passed\n", len(rs)-checks.Failed(rs), len(rs))
	tw := tabwriter.NewWriter(w, 0, 0, 3, ' ', 0)
	for _, r := range rs {
		fmt.Fprintf(tw, "  %s\t%s\t%s\n", r.Status(), r.Check, observed(r))
	}
	return tw.Flush()
}

// observed describes a result's value: "observed 0.95", "observed n/a", or
// the paired difference with its CI.
func observed(r checks.Result) string {
	if r.Comparison && r.Detail != "n/a" {
		return r.Detail
	}
	return "observed " + r.Detail
}

// checksError is the error of a run with failed checks: exit code 3 and
// the failed checks listed.
func checksError(rs []checks.Result) error {
	var lines []string
	for _, r := range rs {
		if !r.Pass {
			lines = append(lines, "  FAIL "+r.Check+" ("+observed(r)+")")
		}
	}
	return &exitError{ExitChecksFailed, fmt.Errorf("%d of %d checks failed:\n%s", len(lines), len(rs), strings.Join(lines, "\n"))}
}
