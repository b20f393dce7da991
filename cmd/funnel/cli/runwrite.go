package cli

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"maps"
	"slices"
	"strings"

	"funnellab/results"
	"funnellab/results/checks"
	"funnellab/scenarios"
	"funnellab/sysmem"
)

// evaluateRun summarises the kept replications' metrics and evaluates
// the checks on them.
func evaluateRun(plan *runPlan, table *results.Table) (*runResults, error) {
	report, err := table.Report(plan.sc, plan.sc.Seed)
	if err != nil {
		return nil, err
	}
	checkResults, err := checks.EvaluateAll(plan.checks, table)
	if err != nil {
		return nil, err
	}
	return &runResults{table: table, report: report, checks: checkResults}, nil
}

// runFilesWritten is what the write phase wrote: the number of files,
// summary.json (for --format json) and the files it could not write
// because the run was interrupted while writing.
type runFilesWritten struct {
	count     int
	summary   []byte
	unwritten []string
	failed    error // the error that stopped the write phase, if not a signal
}

// writeRun finishes the run folder after the simulation: replications.csv
// (streamed during the run), then summary.json, scenario.yaml,
// detail_bins.csv, detail.csv (from the spool), the figures (unless
// --plots=false), report.html and, last, manifest.json.
//
// If ctx ends during this phase (Ctrl-C), or a file cannot be made, the
// file being written is dropped, the rest are not written, and
// manifest.json says "complete": false and lists them as "unwritten"; the
// folder is then committed with what it holds, and finishRun exits with
// ExitInterrupted (or ExitFailure, naming the error).
func writeRun(ctx context.Context, plan *runPlan, o runOptions, sim *simulation, dir *results.OutDir) (*runResults, *runFilesWritten, error) {
	table, err := sim.sink.finish()
	if err != nil {
		return nil, nil, err
	}
	r, err := evaluateRun(plan, table)
	if err != nil {
		return nil, nil, err
	}
	w := &runFilesWritten{count: 1} // replications.csv
	var summary bytes.Buffer
	if err := results.WriteJSON(&summary, &summaryDoc{r.report, r.checks}); err != nil {
		return nil, nil, err
	}
	w.summary = summary.Bytes()
	man := newManifest(plan, o, sim, r.checks)
	var yml []byte // scenario.yaml's, and the report's (a later step)
	// The steps, in order; each returns its files.
	var ds *detailStats
	var svgs []namedSVG
	var why *verdictWhy
	steps := []struct {
		names []string
		do    func() (map[string][]byte, error)
	}{
		{[]string{"summary.json"}, func() (map[string][]byte, error) {
			return map[string][]byte{"summary.json": w.summary}, nil
		}},
		{[]string{"scenario.yaml"}, func() (map[string][]byte, error) {
			var err error
			if yml, err = scenarios.MarshalYAML(plan.sc); err != nil {
				return nil, err
			}
			return map[string][]byte{"scenario.yaml": resolvedScenarioYAML(plan, yml, man.Command)}, nil
		}},
		{[]string{"detail_bins.csv"}, func() (map[string][]byte, error) {
			return map[string][]byte{"detail_bins.csv": detailBinsCSV()}, nil
		}},
		{[]string{"detail.csv"}, func() (map[string][]byte, error) {
			var err error
			ds, err = sim.sink.writeDetail(ctx.Err)
			return nil, err
		}},
		{[]string{"decomposition.json"}, func() (map[string][]byte, error) {
			var files map[string][]byte
			var err error
			why, files, err = verdictDecomposition(ctx, plan, o, r.table)
			return files, err
		}},
		{[]string{"figures"}, func() (map[string][]byte, error) {
			if !o.plots || plan.shard != nil { // a shard's figures are the merged run's
				return nil, nil
			}
			figs, s, err := renderFigures(ctx, r.table, ds, man.Scenario.HorizonDays, man.Scenario.Currency)
			if err != nil && !isCancel(err) {
				err = fmt.Errorf("drawing the figures: %w", err)
			}
			svgs = s
			return figs, err
		}},
		{[]string{"report.html"}, func() (map[string][]byte, error) {
			var mf bytes.Buffer
			if err := results.WriteJSON(&mf, &man); err != nil {
				return nil, err
			}
			html, err := buildReport(r.report, &man, yml, mf.Bytes(), append(svgs, why.svgs()...), why.text())
			if err != nil {
				return nil, fmt.Errorf("writing the report: %w", err)
			}
			return map[string][]byte{"report.html": html}, nil
		}},
	}
	for i, st := range steps {
		var files map[string][]byte
		err := ctx.Err()
		if err == nil && testHookWriting != nil {
			err = testHookWriting(st.names[0])
			if err == nil {
				err = ctx.Err()
			}
		}
		if err == nil {
			files, err = st.do()
		}
		if err == nil {
			err = writeFiles(dir, files)
			w.count += len(files)
			if st.names[0] == "detail.csv" {
				w.count++
			}
		}
		if err != nil && !isCancel(err) {
			// A file that cannot be made (a figure that fails to draw, say)
			// does not lose the run: the folder keeps what was written.
			w.failed = fmt.Errorf("%s: %w", st.names[0], err)
		}
		if err != nil { // interrupted or failed: say what is missing
			for _, rest := range steps[i:] {
				if (rest.names[0] != "figures" || (o.plots && plan.shard == nil)) && (rest.names[0] != "decomposition.json" || plan.decompose != nil) {
					w.unwritten = append(w.unwritten, rest.names...)
				}
			}
			man.Complete, man.Unwritten = false, w.unwritten
			sim.complete = false
			// The spool is not a result: drop it if detail.csv was not made.
			if err := dir.Remove(spoolName); err != nil && !errors.Is(err, fs.ErrNotExist) {
				return nil, nil, fmt.Errorf("writing results: %w", err)
			}
			break
		}
	}
	var mf bytes.Buffer
	if err := results.WriteJSON(&mf, &man); err != nil {
		return nil, nil, err
	}
	if err := dir.WriteFile("manifest.json", mf.Bytes()); err != nil {
		return nil, nil, fmt.Errorf("writing results: %w", err)
	}
	w.count++
	return r, w, nil
}

// writeFiles writes files into the run folder in name order.
func writeFiles(dir *results.OutDir, files map[string][]byte) error {
	for _, name := range slices.Sorted(maps.Keys(files)) {
		if err := dir.WriteFile(name, files[name]); err != nil {
			return fmt.Errorf("writing results: %w", err)
		}
	}
	return nil
}

// printRun prints the run on stdout as --format says: summary.json (with
// --metrics, restricted to them), the Markdown table, or the table and the
// checks; nothing with --quiet.
func printRun(stdout io.Writer, o runOptions, name string, r *runResults, summaryJSON []byte) error {
	switch {
	case o.quiet:
	case o.format == "json" && o.shown != nil:
		return results.WriteJSON(stdout, &summaryDoc{r.report.Only(o.shown), r.checks})
	case o.format == "json":
		_, err := stdout.Write(summaryJSON)
		return err
	case o.format == "markdown":
		return printMarkdown(stdout, r.report, name, o.shown, o.baseline)
	default:
		if err := printTable(stdout, r.report, name, o.shown, o.baseline); err != nil {
			return err
		}
		if len(r.checks) > 0 {
			return printChecks(stdout, r.checks)
		}
	}
	return nil
}

// finishRun logs where the results went and returns the run's exit
// status: interrupted, a check failed, or success.
func finishRun(log *slog.Logger, plan *runPlan, sim *simulation, checkResults []checks.Result, w *runFilesWritten) error {
	if w.failed != nil {
		return &exitError{ExitFailure, fmt.Errorf("could not write %v; wrote the %d replications to %s without %s (\"complete\": false in manifest.json)",
			w.failed, sim.reps, plan.outDir, strings.Join(w.unwritten, ", "))}
	}
	if len(w.unwritten) > 0 {
		log.Warn("interrupted while writing the files", "dir", plan.outDir, "unwritten", strings.Join(w.unwritten, ","))
		return &exitError{ExitInterrupted, fmt.Errorf("interrupted while writing the files: wrote the %d replications to %s without %s (\"complete\": false in manifest.json); 'funnel plot %s' draws the figures and the report from detail.csv",
			sim.reps, plan.outDir, strings.Join(w.unwritten, ", "), plan.outDir)}
	}
	if !sim.complete {
		log.Warn("interrupted; wrote the complete replications", "dir", plan.outDir,
			"replications_complete", sim.reps, "requested", sim.requested)
		return &exitError{ExitInterrupted, fmt.Errorf("interrupted after %d of %d replications; wrote them to %s (\"complete\": false in manifest.json)",
			sim.reps, sim.requested, plan.outDir)}
	}
	log.Info("wrote results", "dir", plan.outDir, "files", w.count,
		"replications", sim.reps, "policies", len(plan.model.Policies), "workers", plan.workers,
		"seconds", fmt.Sprintf("%.2f", sim.end.Sub(sim.start).Seconds()),
		"peak_memory_simulating", sysmem.FormatSize(sim.peakRSS), "peak_memory", sysmem.FormatSize(peakRSS()))
	if checks.Failed(checkResults) > 0 {
		return checksError(checkResults)
	}
	return nil
}
