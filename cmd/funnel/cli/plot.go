package cli

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"path/filepath"
	"slices"

	"funnellab/internal/userfile"
	"funnellab/results"
	"funnellab/scenarios"
)

// plotCmd redraws a run's figures from its saved results, without running
// it again: funnel plot RUN_DIR.
func plotCmd(args []string, stdout, stderr io.Writer) error {
	fset := newFlags("plot", "plot RUN_DIR", stderr)
	quiet := fset.BoolP("quiet", "q", false, "print nothing on success")
	if err := parseFlags(fset, args); err != nil {
		return err
	}
	if fset.NArg() != 1 {
		return usageErr("plot: expected one RUN_DIR argument (a folder written by funnel run), got %d", fset.NArg())
	}
	dir := fset.Arg(0)
	if err := refuseShardPlot(dir); err != nil {
		return err
	}
	table, err := readTable(filepath.Join(dir, "replications.csv"))
	if err != nil {
		return err
	}
	// detail.csv, the largest file of a run, is read as a stream into
	// the figures' statistics, never held.
	ds, detailReps, err := readDetail(filepath.Join(dir, "detail.csv"))
	if err != nil {
		return err
	}
	if !slices.Equal(table.Policies, ds.policies) || table.Replications != detailReps {
		return fmt.Errorf("plot: %s and %s describe different runs (policies %v and %v, %d and %d replications)",
			filepath.Join(dir, "replications.csv"), filepath.Join(dir, "detail.csv"),
			table.Policies, ds.policies, table.Replications, detailReps)
	}
	// The run's manifest: the scenario, for the figures and the report.
	manPath := filepath.Join(dir, "manifest.json")
	manJSON, err := userfile.ReadFile(manPath, "run file", maxManifestBytes)
	if userfile.IsRefused(err) {
		return asUsage(fmt.Errorf("plot: %w", err))
	}
	if err != nil {
		return fmt.Errorf("plot: %w", err)
	}
	var man Manifest
	if err := json.Unmarshal(manJSON, &man); err != nil {
		return fmt.Errorf("plot: %s: %w", manPath, err)
	}
	files, svgs, err := renderFigures(context.Background(), table, ds, man.Scenario.HorizonDays, man.Scenario.Currency)
	if err != nil {
		return fmt.Errorf("plot: %s: %w", dir, err)
	}
	rep, err := table.Report(man.Scenario, man.Seed)
	if err != nil {
		return fmt.Errorf("plot: %w", err)
	}
	why, wfiles, err := readVerdictDecomposition(dir, man.Scenario.Currency)
	if err != nil {
		return fmt.Errorf("plot: %w", err)
	}
	maps.Copy(files, wfiles)
	yml, err := scenarios.MarshalYAML(man.Scenario)
	if err != nil {
		return fmt.Errorf("plot: %w", err)
	}
	if files["report.html"], err = buildReport(rep, &man, yml, manJSON, append(svgs, why.svgs()...), why.text()); err != nil {
		return fmt.Errorf("plot: the report: %w", err)
	}
	names := slices.Sorted(func(yield func(string) bool) {
		for n := range files {
			if !yield(n) {
				return
			}
		}
	})
	for _, n := range names {
		if err := results.WriteFileAtomic(filepath.Join(dir, n), files[n], 0o644); err != nil {
			return fmt.Errorf("plot: %w", err)
		}
	}
	if !*quiet {
		fmt.Fprintf(stdout, "wrote %d figure files and report.html to %s\n", len(names)-1, dir)
	}
	return nil
}

// readDetail reads a run's detail.csv as a stream (scanDetail); errors
// name the file, and one that is not regular or holds more than
// maxRunCSVBytes is a usage error.
func readDetail(path string) (*detailStats, int, error) {
	f, err := userfile.Open(path, "run file", maxRunCSVBytes)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, 0, usageErr("plot: %s does not exist: expected a folder written by funnel run", path)
	}
	if userfile.IsRefused(err) {
		return nil, 0, asUsage(fmt.Errorf("plot: %w", err))
	}
	if err != nil {
		return nil, 0, err
	}
	defer f.Close()
	ds, reps, err := scanDetail(f)
	if userfile.IsRefused(err) {
		return nil, 0, asUsage(fmt.Errorf("plot: %w", err))
	}
	if err != nil {
		return nil, 0, fmt.Errorf("plot: %s: %w", path, err)
	}
	return ds, reps, nil
}

// readTable reads a results table saved by funnel run; errors name the
// file. A file that is not regular or holds more than maxRunCSVBytes is a
// usage error.
func readTable(path string) (*results.Table, error) {
	f, err := userfile.Open(path, "run file", maxRunCSVBytes)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, usageErr("plot: %s does not exist: expected a folder written by funnel run", path)
	}
	if userfile.IsRefused(err) {
		return nil, asUsage(fmt.Errorf("plot: %w", err))
	}
	if err != nil {
		return nil, err
	}
	defer f.Close()
	t, err := results.ReadCSV(f)
	if userfile.IsRefused(err) {
		return nil, asUsage(fmt.Errorf("plot: %w", err))
	}
	if err != nil {
		return nil, fmt.Errorf("plot: %s: %w", path, err)
	}
	return t, nil
}
