package cli

import (
	"errors"
	"fmt"
	"io"
	"os"

	"funnellab/results"
	"funnellab/sim/funnel"
)

// spoolName is the detail spool's file in the run's temporary folder;
// it is removed once detail.csv is written from it.
const spoolName = ".detail.spool"

// runSink receives a run's replications as they complete, in replication
// order (runner.Stream), and writes them at once into the run's temporary
// folder: the rows of replications.csv and the detail spool. It keeps
// only the metrics table, 8 bytes a value, which the summary needs whole
// (its percentiles); a replication's detail, weekly series and all, is
// not held once written.
type runSink struct {
	dir       *results.OutDir
	policies  []string
	metrics   []string
	table     *results.Table // the requested replications; the first reps are set
	csvFile   *os.File
	csv       *results.CSVWriter
	spoolFile *os.File
	spool     *spoolWriter
	weeks     int // the longest replication's weeks so far
	reps      int // replications received
	// first is the number of the first replication (a shard's From):
	// the files number the replications first, first+1, ...; the table
	// holds them from 0.
	first int
}

// newRunSink creates replications.csv and the detail spool in dir.
func newRunSink(dir *results.OutDir, policies []string, reps int) (*runSink, error) {
	s := &runSink{dir: dir, policies: policies, metrics: funnel.Names()}
	s.table = results.NewTable(policies, s.metrics, reps)
	var err error
	if s.csvFile, err = dir.Create("replications.csv"); err != nil {
		return nil, fmt.Errorf("writing results: %w", err)
	}
	if s.csv, err = results.NewCSVWriter(s.csvFile); err != nil {
		s.close()
		return nil, fmt.Errorf("writing results: %w", err)
	}
	if s.spoolFile, err = dir.Create(spoolName); err != nil {
		s.close()
		return nil, fmt.Errorf("writing results: %w", err)
	}
	s.spool = newSpoolWriter(s.spoolFile)
	return s, nil
}

// emit takes replication rep's results, one per policy (runner.Stream's
// emit function).
func (s *runSink) emit(rep int, rs []funnel.Result) error {
	if rep != s.reps {
		return fmt.Errorf("results of replication %d received after %d replications", rep, s.reps)
	}
	for p, r := range rs {
		for m, v := range r.Metrics {
			s.table.Set(rep, p, m, v)
			if err := s.csv.Write(s.first+rep, s.policies[p], s.metrics[m], v); err != nil {
				return fmt.Errorf("writing replications.csv: %w", err)
			}
		}
		s.weeks = max(s.weeks, len(r.Detail.Weeks))
		if err := s.spool.write(&r.Detail); err != nil {
			return fmt.Errorf("writing the detail spool: %w", err)
		}
	}
	s.reps++
	return nil
}

// finish completes replications.csv and the spool, and returns the table
// of the replications received.
func (s *runSink) finish() (*results.Table, error) {
	err := s.csv.Flush()
	if cerr := results.CloseFile(s.csvFile); err == nil {
		err = cerr
	}
	s.csvFile = nil
	if err != nil {
		s.close()
		return nil, fmt.Errorf("writing replications.csv: %w", err)
	}
	err = s.spool.flush()
	if cerr := s.spoolFile.Close(); err == nil {
		err = cerr
	}
	s.spoolFile = nil
	if err != nil {
		return nil, fmt.Errorf("writing the detail spool: %w", err)
	}
	return s.table.Head(s.reps), nil
}

// close closes the files still open, after an error.
func (s *runSink) close() {
	if s.csvFile != nil {
		s.csvFile.Close()
	}
	if s.spoolFile != nil {
		s.spoolFile.Close()
	}
}

// writeDetail writes detail.csv from the spool (after finish), in the
// format of funnel.DetailTable's WriteCSV, and returns the figures'
// statistics of it; it removes the spool. It reads the spool once,
// holding one replication at a time, and stops with ctx's error (check)
// if the context ends, leaving no detail.csv.
func (s *runSink) writeDetail(check func() error) (ds *detailStats, err error) {
	in, err := os.Open(s.dir.Path(spoolName))
	if err != nil {
		return nil, err
	}
	defer in.Close()
	out, err := s.dir.Create("detail.csv")
	if err != nil {
		return nil, err
	}
	defer func() {
		if err != nil {
			out.Close()
			s.dir.Remove("detail.csv")
		}
	}()
	cw, err := results.NewCSVWriter(out)
	if err != nil {
		return nil, err
	}
	names := funnel.DetailNames(s.weeks)
	ds = newDetailStats(s.policies, s.weeks)
	sr := newSpoolReader(in)
	var row []float64
	for rep := range s.reps {
		if rep%256 == 0 {
			if err := check(); err != nil {
				return nil, err
			}
		}
		for p, pol := range s.policies {
			d, err := sr.next()
			if errors.Is(err, io.EOF) {
				return nil, fmt.Errorf("detail spool: ends at replication %d of %d", rep, s.reps)
			}
			if err != nil {
				return nil, err
			}
			row = funnel.AppendDetailValues(row[:0], d, s.weeks)
			for m, v := range row {
				if err := cw.Write(s.first+rep, pol, names[m], v); err != nil {
					return nil, err
				}
			}
			ds.add(p, row)
		}
	}
	if err := cw.Flush(); err != nil {
		return nil, err
	}
	if err := results.CloseFile(out); err != nil {
		return nil, err
	}
	if err := s.dir.Remove(spoolName); err != nil {
		return nil, err
	}
	return ds, nil
}
