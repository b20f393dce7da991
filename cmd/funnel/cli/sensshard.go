package cli

import (
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"path/filepath"
	"slices"
	"strconv"
	"time"

	"funnellab/internal/userfile"
)

// A shard of a sensitivity analysis (funnel sensitivity --shard I/N) is
// a contiguous range of its units, one replication of one design point
// under the policies the output reads, point-major as for a sweep (unit u
// is replication u mod reps of point u / reps). It writes units.csv, each
// unit's two terms (the output's first metric, and the second's of a
// difference, 0 otherwise) at full precision, from which funnel merge
// makes the analysis of the whole design.

// runSensShard simulates shard o.shard of the plan's units and writes its
// folder: units.csv and manifest.json.
func runSensShard(ctx context.Context, p *sensPlan, start time.Time, log *slog.Logger) error {
	o := p.o
	i, n, err := parseShard(o.shard)
	if err != nil {
		return usageErr("sensitivity: %v", err)
	}
	total := len(p.design) * p.reps
	if n > total {
		return usageErr("sensitivity: --shard %s: %d shards of %d jobs (%d points × %s): at most %d shards", o.shard, n, total, len(p.design), plural(p.reps, "replication"), total)
	}
	lo, hi := shardBounds(i, n, total)
	dir, err := openOutDir(o.out, "sensitivity-"+p.name+"-shard", log)
	if err != nil {
		return err
	}
	defer dir.Abort()
	var units []sensUnit
	for u := lo; u < hi; u++ {
		units = append(units, sensUnit{u / p.reps, u % p.reps})
	}
	vals, err := runSensUnits(ctx, p, units)
	if err != nil {
		return fmt.Errorf("sensitivity: %w", err)
	}
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	_ = w.Write([]string{"point", "replication", "a", "b"})
	for j, u := range units {
		_ = w.Write([]string{strconv.Itoa(u.pt), strconv.Itoa(u.rep), strconv.FormatFloat(vals[j][0], 'g', -1, 64), strconv.FormatFloat(vals[j][1], 'g', -1, 64)})
	}
	w.Flush()
	if err := dir.WriteFile("units.csv", b.Bytes()); err != nil {
		return err
	}
	rec := &studyShard{Index: i, Of: n, From: lo, To: hi, Total: total, Points: len(p.design), Reps: p.reps,
		Build: programBuild(), Args: append([]string{scenarioArg(p.res.Source)}, o.canon...)}
	man, err := newStudyManifest("sensitivity", o.args, p.res, start, func(m *studyManifest) { m.SensitivityShard = rec })
	if err != nil {
		return err
	}
	if err := dir.WriteFile("manifest.json", man); err != nil {
		return err
	}
	final, err := dir.Commit()
	if err != nil {
		return err
	}
	log.Info("wrote sensitivity shard", "dir", final, "jobs", fmt.Sprintf("%d:%d", lo, hi))
	return nil
}

// readSensShards reads the merged shards' units.csv into the plan's
// values of every point and replication.
func readSensShards(p *sensPlan) error {
	if p.res.SHA256 != p.o.mergeSHA {
		return usageErr("merge: the scenario %s has changed since the shards ran (sha256 %s now, %s then): restore it, or rerun the shards",
			p.res.Source, p.res.SHA256, p.o.mergeSHA)
	}
	var m [2][][]float64
	for k := range m {
		m[k] = make([][]float64, len(p.design))
		for i := range m[k] {
			m[k][i] = make([]float64, p.reps)
		}
	}
	seen := make([]bool, len(p.design)*p.reps)
	for _, sh := range p.o.merged {
		path := filepath.Join(sh.Dir, "units.csv")
		f, err := userfile.Open(path, "run file", maxRunCSVBytes)
		if err != nil {
			return usageErr("merge: %v", err)
		}
		r := csv.NewReader(f)
		head, err := r.Read()
		if err != nil || !slices.Equal(head, []string{"point", "replication", "a", "b"}) {
			f.Close()
			return usageErr("merge: %s: line 1: expected the header point,replication,a,b", path)
		}
		for u := sh.From; u < sh.To; u++ {
			rec, err := r.Read()
			line, _ := r.FieldPos(0)
			if errors.Is(err, io.EOF) {
				f.Close()
				return usageErr("merge: %s: ends at job %d, expected jobs %d to %d", path, u, sh.From, sh.To-1)
			}
			if err != nil {
				f.Close()
				return usageErr("merge: %s: %v", path, err)
			}
			pt, e1 := strconv.Atoi(rec[0])
			rep, e2 := strconv.Atoi(rec[1])
			a, e3 := strconv.ParseFloat(rec[2], 64)
			b, e4 := strconv.ParseFloat(rec[3], 64)
			if errors.Join(e1, e2, e3, e4) != nil || pt != u/p.reps || rep != u%p.reps || seen[u] {
				f.Close()
				return usageErr("merge: %s line %d: expected point %d, replication %d and two numbers", path, line, u/p.reps, u%p.reps)
			}
			seen[u] = true
			m[0][pt][rep], m[1][pt][rep] = a, b
		}
		f.Close()
	}
	p.merged = &m
	return nil
}

// mergeSensitivity is funnel merge of a sensitivity analysis's shards:
// the analysis of the whole design from their values, byte-identical to
// the unsharded one (but manifest.json).
func mergeSensitivity(ctx context.Context, out string, dirs []string, workers int, quiet bool, stdout, stderr io.Writer) error {
	sargs, sha, shards, err := readStudyShards("sensitivity", dirs)
	if err != nil {
		return err
	}
	return sensitivityCmdMerged(ctx, mergedStudyArgs(sargs, out, workers, quiet), sha, shards, stdout, stderr)
}
