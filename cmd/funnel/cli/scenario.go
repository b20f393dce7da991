package cli

import (
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"

	"funnellab/scenarios"
	"funnellab/sim/funnel"
)

const defaultScenario = scenarios.DefaultName

// loadScenario resolves the SCENARIO argument: a path to a YAML file, or
// the name of an embedded scenario. An empty argument means the default
// embedded scenario. Invalid scenarios are usage errors (exit code 2).
func loadScenario(arg string, sets []string) (*scenarios.Resolved, error) {
	if arg == "" {
		arg = defaultScenario
	}
	var (
		r   *scenarios.Resolved
		err error
	)
	switch {
	case slices.Contains(scenarios.FindingNames(), arg) && !isFile(arg):
		r, err = scenarios.LoadEmbedded(arg, sets)
	case isFile(arg) || strings.HasSuffix(arg, ".yaml") || strings.HasSuffix(arg, ".yml") || strings.ContainsRune(arg, os.PathSeparator):
		r, err = scenarios.LoadFile(arg, sets)
		if err != nil && errors.Is(err, os.ErrNotExist) {
			return nil, asUsage(fmt.Errorf("scenario file %s does not exist", arg))
		}
	case slices.Contains(scenarios.Names(), arg):
		r, err = scenarios.LoadEmbedded(arg, sets)
	default:
		return nil, usageErr("no scenario file or embedded scenario named %q (embedded: %s)",
			arg, strings.Join(scenarios.Names(), ", "))
	}
	if err != nil {
		var fe scenarios.Errors
		var one *scenarios.FieldError
		if errors.As(err, &fe) || errors.As(err, &one) {
			return nil, asUsage(fmt.Errorf("invalid scenario:\n%w", err))
		}
		return nil, asUsage(err)
	}
	return r, nil
}

func isFile(p string) bool {
	st, err := os.Stat(p)
	return err == nil && st.Mode().IsRegular()
}

func validateCmd(args []string, stdout, stderr io.Writer) error {
	fs := newFlags("validate", "validate SCENARIO [--set path=value ...]", stderr)
	sets := fs.StringArray("set", nil, "override a scenario key: dotted path=value (repeatable)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return usageErr("validate: expected one SCENARIO argument, got %d", fs.NArg())
	}
	r, err := loadScenario(fs.Arg(0), *sets)
	if err != nil {
		return err
	}
	// The scenario's checks name metrics of the model, which the scenarios
	// package does not know: check them as funnel run would.
	var pols []string
	for _, p := range r.Scenario.Policies {
		pols = append(pols, p.Name)
	}
	if _, err := resolveChecks(r, *sets, nil, pols, funnel.Names(), ""); err != nil {
		return err
	}
	model, err := funnel.Compile(r.Scenario)
	if err != nil {
		return asUsage(fmt.Errorf("%s: %w", r.Source, err))
	}
	out, err := scenarios.MarshalYAML(r.Scenario)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "# %s is valid (sha256 %s); resolved form:\n", r.Source, r.SHA256)
	if _, err = stdout.Write(out); err != nil {
		return err
	}
	// What a funnel run of it needs, as comments: the output stays YAML.
	workers, _ := capWorkers(0, r.Scenario.Replications*len(model.Policies))
	budget, source, _ := memoryBudget("")
	fmt.Fprintf(stdout, "\n# What 'funnel run' of this scenario needs (its replications, default workers):\n")
	estimateRun(model, r.Scenario.Replications, workers, true).print(stdout, "# ", budget, source)
	return nil
}

func schemaCmd(args []string, stdout, stderr io.Writer) error {
	fs := newFlags("schema", "schema\n\nPrints the JSON Schema (draft 2020-12) of scenario files on stdout; see docs/scenario.md.", stderr)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 0 {
		return usageErr("schema: expected no arguments, got %s", strings.Join(fs.Args(), " "))
	}
	b, err := scenarios.MarshalJSONSchema()
	if err != nil {
		return err
	}
	_, err = stdout.Write(b)
	return err
}
