package results

import (
	"cmp"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math/bits"
	"slices"
	"strconv"
	"strings"
)

// csvHeader is the header row of the per-replication CSV file.
var csvHeader = []string{"replication", "policy", "metric", "value"}

// WriteCSV writes the table to w as a tidy CSV file with the header
// replication,policy,metric,value and one row per value, ordered by
// replication (from 0), policy order and metric order. Values are written
// with strconv.FormatFloat(v, 'g', -1, 64), so they read back exactly; NaN
// is written as NaN. WriteCSV returns an error if t is not a valid table.
func (t *Table) WriteCSV(w io.Writer) error {
	if err := t.Validate(); err != nil {
		return err
	}
	cw, err := NewCSVWriter(w)
	if err != nil {
		return err
	}
	for r := range t.Replications {
		for p, pn := range t.Policies {
			for m, mn := range t.Metrics {
				if err := cw.Write(r, pn, mn, t.Values[p][m][r]); err != nil {
					return err
				}
			}
		}
	}
	return cw.Flush()
}

// CSVWriter writes the tidy CSV file of WriteCSV one row at a time, for
// tables written as their replications complete rather than held whole.
// Rows written in WriteCSV's order (replication, then policy, then metric)
// give the same bytes as WriteCSV.
type CSVWriter struct {
	cw  *csv.Writer
	row []string
	buf []byte
	rep int
	rs  string // the replication's number, formatted once
}

// NewCSVWriter writes the header row to w and returns the writer of the
// data rows. Output is buffered: call Flush at the end.
func NewCSVWriter(w io.Writer) (*CSVWriter, error) {
	c := &CSVWriter{cw: csv.NewWriter(w), row: make([]string, len(csvHeader)), rep: -1}
	if err := c.cw.Write(csvHeader); err != nil {
		return nil, err
	}
	return c, nil
}

// Write writes the row of one value.
func (c *CSVWriter) Write(rep int, policy, metric string, v float64) error {
	if rep != c.rep {
		c.rep, c.rs = rep, strconv.Itoa(rep)
	}
	c.buf = strconv.AppendFloat(c.buf[:0], v, 'g', -1, 64)
	c.row[0], c.row[1], c.row[2], c.row[3] = c.rs, policy, metric, string(c.buf)
	return c.cw.Write(c.row)
}

// Flush writes any buffered rows and returns the first error of any write.
func (c *CSVWriter) Flush() error {
	c.cw.Flush()
	return c.cw.Error()
}

// csvCell is one data row of a CSV file being read.
type csvCell struct {
	rep, p, m int
	idx       uint64 // position in replication, policy, metric order
	line      int
	v         float64
}

// ReadCSV reads a table written by WriteCSV. Policies and metrics get the
// order in which they first appear. The rows may come in any order, but
// there must be exactly one for every replication, policy and metric, with
// replications numbered from 0 without gaps.
//
// Errors name the line at fault and what is wrong with it: a header other
// than replication,policy,metric,value, a row without exactly four fields,
// an empty policy or metric, a replication that is not a non-negative
// integer, a value that is not a number, or a repeated row; or else the
// first missing replication, policy and metric. Input with no data rows is
// an error too.
func ReadCSV(r io.Reader) (*Table, error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1 // checked below, with a better message
	cr.ReuseRecord = true

	header, err := cr.Read()
	if err == io.EOF {
		return nil, errors.New("results: reading CSV: empty input, want header " + strings.Join(csvHeader, ","))
	}
	if err != nil {
		return nil, fmt.Errorf("results: reading CSV: %w", err)
	}
	if len(header) > 0 {
		header[0] = strings.TrimPrefix(header[0], "\ufeff") // UTF-8 byte order mark
	}
	if !slices.Equal(header, csvHeader) {
		line, _ := cr.FieldPos(0)
		return nil, fmt.Errorf("results: CSV line %d: header is %q, want %q",
			line, strings.Join(header, ","), strings.Join(csvHeader, ","))
	}

	var (
		policies, metrics []string
		pIndex            = map[string]int{}
		mIndex            = map[string]int{}
		cells             []csvCell
		maxRep            = -1
		maxRepLine        int
	)
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("results: reading CSV: %w", err)
		}
		line, _ := cr.FieldPos(0)
		row, err := parseRow(rec, line)
		if err != nil {
			return nil, err
		}
		rep, v := row.Rep, row.Value
		p, ok := pIndex[rec[1]]
		if !ok {
			p = len(policies)
			pIndex[rec[1]] = p
			policies = append(policies, rec[1])
		}
		m, ok := mIndex[rec[2]]
		if !ok {
			m = len(metrics)
			mIndex[rec[2]] = m
			metrics = append(metrics, rec[2])
		}
		if rep > maxRep {
			maxRep, maxRepLine = rep, line
		}
		cells = append(cells, csvCell{rep: rep, p: p, m: m, line: line, v: v})
	}
	if len(cells) == 0 {
		return nil, errors.New("results: reading CSV: no data rows after the header")
	}

	// Every replication needs at least one row, so a replication number
	// of at least the number of rows means a gap.
	if maxRep >= len(cells) {
		return nil, fmt.Errorf("results: CSV line %d: replication %d, but the file has only %d rows: replications must be numbered from 0 without gaps",
			maxRepLine, maxRep, len(cells))
	}

	// Put the cells in canonical order and check that each position
	// appears exactly once. The sort is cheap for files in WriteCSV's
	// order.
	np, nm := uint64(len(policies)), uint64(len(metrics))
	hi, total := bits.Mul64(uint64(maxRep+1), np*nm) // np, nm ≤ len(cells) < 2³¹
	if hi != 0 || len(cells) >= 1<<31 {
		return nil, errors.New("results: reading CSV: too many rows")
	}
	for i := range cells {
		c := &cells[i]
		c.idx = (uint64(c.rep)*np+uint64(c.p))*nm + uint64(c.m)
	}
	slices.SortStableFunc(cells, func(a, b csvCell) int { return cmp.Compare(a.idx, b.idx) })
	var next uint64
	for i, c := range cells {
		switch {
		case c.idx < next: // equal to the previous cell's position
			return nil, fmt.Errorf("results: CSV line %d: second row for replication %d, policy %q, metric %q (first on line %d)",
				c.line, c.rep, policies[c.p], metrics[c.m], cells[i-1].line)
		case c.idx > next:
			return nil, missingCell(next, np, nm, policies, metrics)
		}
		next = c.idx + 1
	}
	if next < total {
		return nil, missingCell(next, np, nm, policies, metrics)
	}

	t := NewTable(policies, metrics, maxRep+1)
	for _, c := range cells {
		t.Values[c.p][c.m][c.rep] = c.v
	}
	return t, nil
}

// Row is one data row of a tidy CSV file: its line, replication, policy,
// metric and value.
type Row struct {
	Line   int
	Rep    int
	Policy string
	Metric string
	Value  float64
}

// parseRow checks and converts the fields of a data row.
func parseRow(rec []string, line int) (Row, error) {
	if len(rec) != len(csvHeader) {
		return Row{}, fmt.Errorf("results: CSV line %d: %d fields, want %d (%s)",
			line, len(rec), len(csvHeader), strings.Join(csvHeader, ","))
	}
	rep, err := strconv.Atoi(rec[0])
	if err != nil || rep < 0 {
		return Row{}, fmt.Errorf("results: CSV line %d: replication %q is not a non-negative integer", line, rec[0])
	}
	if rec[1] == "" {
		return Row{}, fmt.Errorf("results: CSV line %d: empty policy", line)
	}
	if rec[2] == "" {
		return Row{}, fmt.Errorf("results: CSV line %d: empty metric", line)
	}
	v, err := strconv.ParseFloat(rec[3], 64)
	if err != nil {
		why := "is not a number"
		if errors.Is(err, strconv.ErrRange) {
			why = "is out of the range of float64"
		}
		return Row{}, fmt.Errorf("results: CSV line %d: value %q %s", line, rec[3], why)
	}
	return Row{Line: line, Rep: rep, Policy: rec[1], Metric: rec[2], Value: v}, nil
}

// ScanCSV reads a file written by WriteCSV (or CSVWriter) row by row,
// calling fn with each data row in file order, without holding the file:
// for files too large for ReadCSV, whose caller checks the order of the
// rows itself. The header and every row are checked as by ReadCSV; the
// strings of a Row are valid after fn returns. ScanCSV stops at fn's first
// error and returns it.
func ScanCSV(r io.Reader, fn func(Row) error) error {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	header, err := cr.Read()
	if err == io.EOF {
		return errors.New("results: reading CSV: empty input, want header " + strings.Join(csvHeader, ","))
	}
	if err != nil {
		return fmt.Errorf("results: reading CSV: %w", err)
	}
	if len(header) > 0 {
		header[0] = strings.TrimPrefix(header[0], "\ufeff")
	}
	if !slices.Equal(header, csvHeader) {
		line, _ := cr.FieldPos(0)
		return fmt.Errorf("results: CSV line %d: header is %q, want %q",
			line, strings.Join(header, ","), strings.Join(csvHeader, ","))
	}
	rows := 0
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return fmt.Errorf("results: reading CSV: %w", err)
		}
		line, _ := cr.FieldPos(0)
		row, err := parseRow(rec, line)
		if err != nil {
			return err
		}
		if err := fn(row); err != nil {
			return err
		}
		rows++
	}
	if rows == 0 {
		return errors.New("results: reading CSV: no data rows after the header")
	}
	return nil
}

// missingCell returns the error for a missing cell at position idx.
func missingCell(idx, np, nm uint64, policies, metrics []string) error {
	rep, p, m := idx/(np*nm), idx/nm%np, idx%nm
	return fmt.Errorf("results: CSV has no row for replication %d, policy %q, metric %q (every replication needs a row for every policy and metric)",
		rep, policies[p], metrics[m])
}
