package cli

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/spf13/pflag"

	"funnellab/crmexport"
	"funnellab/results"
)

// funnel run --export crm: one replication and policy of the run written
// as a CRM export (crm_leads.csv, crm_opportunities.csv and crm.yaml, the
// mapping funnel import reads them back with), in the run folder.

// exportStart is the date of simulated time 0 in an export: a Monday, as
// the model's calendar.
var exportStart = time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)

// exportOptions are the flags of --export.
type exportOptions struct {
	kind   string // "" or crm
	rep    int    // 1-based
	policy string // "": the run's first
}

func addExportFlags(fs *pflag.FlagSet, o *exportOptions) {
	fs.StringVar(&o.kind, "export", "", "also write the simulated records as an export: crm (crm_leads.csv, crm_opportunities.csv and crm.yaml, the mapping funnel import reads them with; docs/import.md)")
	fs.IntVar(&o.rep, "export-rep", 1, "with --export: the replication exported (1 to --reps)")
	fs.StringVar(&o.policy, "export-policy", "", "with --export: the policy exported (default: the run's first)")
}

// checkFlags checks the flags that need no scenario.
func (o exportOptions) checkFlags(fs *pflag.FlagSet) error {
	if o.kind == "" && (fs.Changed("export-rep") || fs.Changed("export-policy")) {
		return usageErr("run: --export-rep and --export-policy go with --export crm")
	}
	if o.kind != "" && o.kind != "crm" {
		return usageErr("run: --export: got %q, expected crm", o.kind)
	}
	return nil
}

// check checks the flags against the run's replications and policies and
// returns the policy's index.
func (o exportOptions) check(reps int, policies []string) (int, error) {
	if o.kind == "" {
		return 0, nil
	}
	if o.rep < 1 || o.rep > reps {
		return 0, usageErr("run: --export-rep: got %d, expected a replication of the run, 1 to %d", o.rep, reps)
	}
	if o.policy == "" {
		return 0, nil
	}
	i := slices.Index(policies, o.policy)
	if i < 0 {
		return 0, usageErr("run: --export-policy: %q is not a policy of the run (policies: %s)", o.policy, strings.Join(policies, ", "))
	}
	return i, nil
}

// writeCRMExport records the replication and policy --export names and
// writes its files into the run folder.
func writeCRMExport(ctx context.Context, plan *runPlan, o exportOptions, dir *results.OutDir) ([]string, error) {
	pol, err := o.check(plan.sc.Replications, plan.model.PolicyNames())
	if err != nil {
		return nil, err
	}
	rec, err := crmexport.Record(ctx, plan.model, plan.sc.Name, o.rep-1, pol, exportStart)
	if err != nil {
		return nil, fmt.Errorf("--export crm: %w", err)
	}
	files, err := rec.FilesNamed("crm_")
	if err != nil {
		return nil, fmt.Errorf("--export crm: %w", err)
	}
	names := sortedKeys(files)
	for _, n := range names {
		if err := dir.WriteFile(n, files[n]); err != nil {
			return nil, err
		}
	}
	return names, nil
}
