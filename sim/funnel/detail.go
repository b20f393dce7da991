package funnel

import (
	"fmt"
	"math"
	"strconv"

	"funnellab/results"
)

// The detail of a run (the Detail of every replication) is kept as a
// second results.Table, saved as detail.csv in the format of
// replications.csv: one value per replication, policy and detail "metric":
//
//	delay_bin_NN_from_E    first touches in speed-to-lead bin NN, whose lower
//	                       edge is E (DelayBinEdges: 0min, 1min, 1.33min, ...,
//	                       1.67h, ..., 52.1d, ..., 521d; the next bin's lower
//	                       edge is its upper one, the last is open)
//	touches_bK             first touches in HBR delay bucket K (DelayBuckets)
//	reached_bK             of which the first attempt reached the prospect
//	qualified_bK           of which the hand-off became an SQL
//	week_WWWW_handoffs     hand-offs to sales in week WWWW (from 1)
//	week_WWWW_queue        marketing leads waiting for a rep at the week's end
//	week_WWWW_won_revenue  revenue of marketing deals won in the week

// DelayBinMetric, TouchesMetric, ReachedMetric and QualifiedMetric name
// the detail values of a speed-to-lead bin and of a delay bucket.
func DelayBinMetric(b int) string {
	return fmt.Sprintf("delay_bin_%02d_from_%s", b, delayLabel(DelayBinEdges[b]))
}
func TouchesMetric(k int) string   { return fmt.Sprintf("touches_b%d", k) }
func ReachedMetric(k int) string   { return fmt.Sprintf("reached_b%d", k) }
func QualifiedMetric(k int) string { return fmt.Sprintf("qualified_b%d", k) }

// WeekMetric names series s ("handoffs", "queue" or "won_revenue") of
// week w (from 1).
func WeekMetric(w int, s string) string { return fmt.Sprintf("week_%04d_%s", w, s) }

// WeekSeries are the names of the weekly series, in Week's order.
var WeekSeries = []string{"handoffs", "queue", "won_revenue"}

func weekValue(w Week, s string) float64 {
	switch s {
	case "handoffs":
		return w.Handoffs
	case "queue":
		return w.Queue
	}
	return w.WonRevenue
}

// DetailNames lists the detail metrics of a run with the given weeks.
func DetailNames(weeks int) []string {
	var names []string
	for b := range NumDelayBins {
		names = append(names, DelayBinMetric(b))
	}
	for k := range NumDelayBuckets {
		names = append(names, TouchesMetric(k), ReachedMetric(k), QualifiedMetric(k))
	}
	for w := 1; w <= weeks; w++ {
		for _, s := range WeekSeries {
			names = append(names, WeekMetric(w, s))
		}
	}
	return names
}

// DetailTable gathers the replications' details; res is in job order
// (replication-major, as the runner returns it) and holds at least reps ×
// len(policies) results. Weeks after the end of a shorter replication are
// 0: nothing happens in them.
func DetailTable(policies []string, reps int, res []Result) *results.Table {
	weeks := 0
	for _, r := range res {
		weeks = max(weeks, len(r.Detail.Weeks))
	}
	t := results.NewTable(policies, DetailNames(weeks), reps)
	np := len(policies)
	var row []float64
	for i, r := range res[:reps*np] {
		rep, p := i/np, i%np
		row = AppendDetailValues(row[:0], &r.Detail, weeks)
		for m, v := range row {
			t.Set(rep, p, m, v)
		}
	}
	return t
}

// AppendDetailValues appends d's values to dst in the order of
// DetailNames(weeks) and returns the extended slice; the weeks after d's
// last one are 0 (nothing happens in them).
func AppendDetailValues(dst []float64, d *Detail, weeks int) []float64 {
	for _, c := range d.Delays {
		dst = append(dst, float64(c))
	}
	for k := range NumDelayBuckets {
		dst = append(dst, float64(d.Touches[k]), float64(d.Reached[k]), float64(d.Qualified[k]))
	}
	for w := range weeks {
		for _, s := range WeekSeries {
			v := 0.0
			if w < len(d.Weeks) {
				v = weekValue(d.Weeks[w], s)
			}
			dst = append(dst, v)
		}
	}
	return dst
}

// Detail is what a replication gives the plots beyond its metrics: the
// distribution of speed to lead, qualification by response delay (the
// HBR curve as the model produces it) and weekly series. Counted
// prospects only.
type Detail struct {
	// Delays counts first touches (the first attempt after marketing's
	// decision) by delay, in the bins of DelayBinEdges.
	Delays [NumDelayBins]int64
	// Touches counts first touches by DelayBuckets; Reached, those that
	// reached the prospect; Qualified, those whose hand-off became an SQL.
	Touches, Reached, Qualified [NumDelayBuckets]int64
	// Weeks holds one entry per week from time 0 to the end of the run.
	Weeks []Week
}

// Week is one week of a replication.
type Week struct {
	Handoffs   float64 // hand-offs to sales in the week
	WonRevenue float64 // revenue of marketing deals won in the week
	Queue      float64 // marketing leads waiting for a rep at the week's end
}

// NumDelayBins is the number of bins of DelayBinEdges.
const NumDelayBins = 49

// DelayBinEdges are the lower edges, in hours, of the speed-to-lead bins:
// [0, 1 min), then eight bins a decade from 1 minute; the last is open.
var DelayBinEdges = func() (e [NumDelayBins]float64) {
	for k := 1; k < NumDelayBins; k++ {
		e[k] = math.Pow(10, float64(k-1)/8) / 60
	}
	return e
}()

// NumDelayBuckets is the number of DelayBuckets.
const NumDelayBuckets = 6

// DelayBuckets are the response-delay buckets of the HBR study, by their
// upper edges in hours (the last is open): < 5 min, 5–30 min, 30–60 min,
// 1–2 h, 2–24 h, > 24 h.
var DelayBuckets = [NumDelayBuckets - 1]float64{5.0 / 60, 0.5, 1, 2, 24}

// DelayBucket returns the bucket of a delay in hours: bucket k holds
// delays from the upper edge of bucket k-1 (inclusive) to its own
// (exclusive), so exactly 5 minutes is in "5–30 min". Negative delays are
// in the first bucket; NaN in the last. It counts the edges the delay is
// not below, with no branch: it runs on every first touch, and which
// bucket a delay falls in is as good as random to the processor.
func DelayBucket(h float64) int {
	// Unrolled (Go does not unroll loops): 5 comparisons instead of a loop
	// of 5: 29 instructions instead of 53 (callgrind).
	// (The two arrays below fail to compile if NumDelayBuckets is not 6.)
	var _ [NumDelayBuckets - 6]struct{}
	var _ [6 - NumDelayBuckets]struct{}
	d := &DelayBuckets
	return b2i(!(h < d[0])) + b2i(!(h < d[1])) + b2i(!(h < d[2])) + b2i(!(h < d[3])) + b2i(!(h < d[4]))
}

// delayBin returns the bin of a delay in hours: the last edge at or below
// it (0 for a negative delay or NaN). See delayBinBucket.
func delayBin(h float64) int {
	bin, _ := delayBinBucket(h)
	return bin
}

// delayBinBucket returns delayBin(h) and DelayBucket(h), as every first
// touch needs both. It neither searches nor branches on the delay: the
// bin edges are a geometric series (a factor 10^(1/8), about 1.33, apart),
// and the top bits of a float64 (exponent and first three bits of the
// mantissa) cut the numbers into cells a factor 2^(1/8), about 1.09, wide,
// so no cell holds more than one edge. binCell gives the bin of each
// cell's least number, and one comparison with the next edge finishes.
// The buckets' edges are at least a factor 2 apart, so no bin holds more
// than one of them either: the bucket is that of the bin's lower edge
// (binBucket), plus one if the delay is at or above the bucket edge inside
// the bin (binBucketEdge). That replaced DelayBucket's five comparisons
// and its call: 17 instructions fewer a first touch (callgrind).
func delayBinBucket(h float64) (bin, bucket int) {
	if h != h {
		return 0, NumDelayBuckets - 1 // NaN
	}
	b := math.Float64bits(h)
	c := int64(b>>binCellShift) - binCellBase
	if int64(b) < 0 {
		c = 0 // a negative delay (or −0): below every edge
	}
	c = min(max(c, 0), int64(len(binCell)-1))
	k := int(binCell[c])
	k += b2i(delayBinNext[k&63] <= h)
	return k, int(binBucket[k&63]) + b2i(binBucketEdge[k&63] <= h)
}

// binBucket holds the bucket of each bin's lower edge, and binBucketEdge
// the bucket edge strictly inside each bin, or NaN (no delay is at or above
// it) if there is none.
var binBucket, binBucketEdge = func() (b [64]uint8, e [64]float64) {
	for k := range e {
		e[k] = math.NaN()
		if k >= NumDelayBins {
			continue
		}
		b[k] = uint8(DelayBucket(DelayBinEdges[k]))
		hi := math.Inf(1)
		if k+1 < NumDelayBins {
			hi = DelayBinEdges[k+1]
		}
		for _, x := range DelayBuckets {
			if DelayBinEdges[k] < x && x < hi {
				e[k] = x
			}
		}
	}
	return b, e
}()

// binCellShift keeps a float64's sign, exponent and first three bits of
// mantissa; binCellBase is the cell of the first edge above 0 (1 minute).
const binCellShift = 49

var binCellBase = int64(math.Float64bits(DelayBinEdges[1]) >> binCellShift)

// binCell holds, for each cell from binCellBase to the one past the last
// edge, the bin of the cell's least number.
var binCell = func() []uint8 {
	last := int64(math.Float64bits(DelayBinEdges[NumDelayBins-1])>>binCellShift) + 1
	cells := make([]uint8, last-binCellBase+1)
	for c := range cells {
		lo := math.Float64frombits(uint64(binCellBase+int64(c)) << binCellShift)
		k := 0
		for k+1 < NumDelayBins && DelayBinEdges[k+1] <= lo {
			k++
		}
		cells[c] = uint8(k)
	}
	return cells
}()

// delayBinNext holds the edge above each bin (the next bin's lower edge),
// NaN above the last, which no delay is at or above.
var delayBinNext = func() (e [64]float64) {
	for k := range e {
		e[k] = math.NaN()
		if k+1 < NumDelayBins {
			e[k] = DelayBinEdges[k+1]
		}
	}
	return e
}()

// delayLabel writes a delay in hours with three significant digits, in
// minutes below an hour, hours below two days, and days beyond: "1.33min",
// "1.67h", "52.1d".
func delayLabel(h float64) string {
	switch {
	case h < 1:
		return strconv.FormatFloat(h*60, 'g', 3, 64) + "min"
	case h < 48:
		return strconv.FormatFloat(h, 'g', 3, 64) + "h"
	}
	return strconv.FormatFloat(h/24, 'g', 3, 64) + "d"
}
