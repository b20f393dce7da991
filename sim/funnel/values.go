package funnel

import "slices"

// push appends v to buf, a buffer of per-event values kept for the
// medians and quantiles at the end of a run, doubling its capacity when
// it is full. append grows a large slice by a quarter at a time, and the
// copies it leaves behind add up to about four times the final size: the
// cycle days of the reference funnel's ten years allocated 13.1 MB for a
// few MB of values, all of it memory the system had to hand over page by
// page. Doubling leaves about the final size behind (docs/speed.md,
// "Prefetching, and the whole process on the EPYC").
func push(buf []float64, v float64) []float64 {
	if len(buf) == cap(buf) {
		buf = slices.Grow(buf, max(len(buf), 256))
	}
	return append(buf, v)
}
