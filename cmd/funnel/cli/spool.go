package cli

import (
	"bufio"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"

	"funnellab/sim/funnel"
)

// A detail spool holds the replications' funnel.Detail, in replication
// and policy order, while a run streams its results: detail.csv needs
// the number of weeks of the longest replication, known only at the end,
// so it is written from the spool then. A record is the counts of
// Detail.Delays, Touches, Reached and Qualified (int64 each), the number
// of weeks (uint32) and each week's Handoffs, Queue and WonRevenue
// (float64), little-endian: exact, and about a fifth of the CSV's size.

// spoolCounts is the number of counts at the start of a record.
const spoolCounts = funnel.NumDelayBins + 3*funnel.NumDelayBuckets

// spoolWriter appends details to a spool.
type spoolWriter struct {
	w   *bufio.Writer
	buf []byte
}

func newSpoolWriter(w io.Writer) *spoolWriter {
	return &spoolWriter{w: bufio.NewWriterSize(w, 1<<16)}
}

// write appends one detail.
func (s *spoolWriter) write(d *funnel.Detail) error {
	b := s.buf[:0]
	for _, c := range d.Delays {
		b = binary.LittleEndian.AppendUint64(b, uint64(c))
	}
	for k := range funnel.NumDelayBuckets {
		b = binary.LittleEndian.AppendUint64(b, uint64(d.Touches[k]))
		b = binary.LittleEndian.AppendUint64(b, uint64(d.Reached[k]))
		b = binary.LittleEndian.AppendUint64(b, uint64(d.Qualified[k]))
	}
	b = binary.LittleEndian.AppendUint32(b, uint32(len(d.Weeks)))
	for _, w := range d.Weeks {
		b = binary.LittleEndian.AppendUint64(b, math.Float64bits(w.Handoffs))
		b = binary.LittleEndian.AppendUint64(b, math.Float64bits(w.Queue))
		b = binary.LittleEndian.AppendUint64(b, math.Float64bits(w.WonRevenue))
	}
	s.buf = b
	_, err := s.w.Write(b)
	return err
}

func (s *spoolWriter) flush() error { return s.w.Flush() }

// spoolReader reads the details of a spool back in order.
type spoolReader struct {
	r   *bufio.Reader
	buf []byte
	d   funnel.Detail
}

func newSpoolReader(r io.Reader) *spoolReader {
	return &spoolReader{r: bufio.NewReaderSize(r, 1<<16)}
}

// next reads the next detail, valid until the following call; it returns
// io.EOF after the last.
func (s *spoolReader) next() (*funnel.Detail, error) {
	head := spoolCounts*8 + 4
	if cap(s.buf) < head {
		s.buf = make([]byte, head)
	}
	b := s.buf[:head]
	if _, err := io.ReadFull(s.r, b); err != nil {
		if errors.Is(err, io.ErrUnexpectedEOF) {
			return nil, fmt.Errorf("detail spool: truncated record")
		}
		return nil, err
	}
	d := &s.d
	for i := range d.Delays {
		d.Delays[i] = int64(binary.LittleEndian.Uint64(b[8*i:]))
	}
	b = b[8*funnel.NumDelayBins:]
	for k := range funnel.NumDelayBuckets {
		d.Touches[k] = int64(binary.LittleEndian.Uint64(b[24*k:]))
		d.Reached[k] = int64(binary.LittleEndian.Uint64(b[24*k+8:]))
		d.Qualified[k] = int64(binary.LittleEndian.Uint64(b[24*k+16:]))
	}
	weeks := int(binary.LittleEndian.Uint32(b[24*funnel.NumDelayBuckets:]))
	if cap(s.buf) < 24*weeks {
		s.buf = make([]byte, 24*weeks)
	}
	b = s.buf[:24*weeks]
	if _, err := io.ReadFull(s.r, b); err != nil {
		return nil, fmt.Errorf("detail spool: truncated record")
	}
	d.Weeks = d.Weeks[:0]
	for w := range weeks {
		d.Weeks = append(d.Weeks, funnel.Week{
			Handoffs:   math.Float64frombits(binary.LittleEndian.Uint64(b[24*w:])),
			Queue:      math.Float64frombits(binary.LittleEndian.Uint64(b[24*w+8:])),
			WonRevenue: math.Float64frombits(binary.LittleEndian.Uint64(b[24*w+16:])),
		})
	}
	return d, nil
}
