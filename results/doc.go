// Package results provides the statistics of replication results and the
// files a Funnel Lab run writes.
//
// A run simulates R independent replications of a scenario under each of P
// policies. Within a replication every policy sees the same random prospects
// (common random numbers), so the natural unit of comparison between two
// policies is the per-replication paired difference. A run's raw output is a
// Table of per-replication values, one for each replication, policy and
// metric; everything else in this package is derived from such a Table.
//
// # Moments
//
// Moments accumulates the count, mean, sum of squared deviations, minimum
// and maximum of a stream of values in a single pass, without allocation,
// using Welford's update for each new value x:
//
//	δ   = x - x̄ₙ₋₁
//	x̄ₙ  = x̄ₙ₋₁ + δ/n
//	M2ₙ = M2ₙ₋₁ + δ·(x - x̄ₙ)
//
// Two accumulators A and B, for example from runs on different machines,
// are combined with the parallel formula of Chan, Golub and LeVeque:
//
//	n   = n_A + n_B
//	δ   = x̄_B - x̄_A
//	x̄   = x̄_A + δ·n_B/n
//	M2  = M2_A + M2_B + δ²·n_A·n_B/n
//
// The sample variance is s² = M2/(n-1), and is NaN for n < 2. A NaN value
// propagates: it makes the mean, variance, minimum and maximum NaN.
//
// # Summaries
//
// Summarize reduces one metric of one policy over its n replications to a
// Summary: the mean x̄ and standard deviation s as above (computed with
// Moments, so that they agree with merged accumulators), a confidence
// interval for the mean and three percentiles.
//
// The 100·(1-α)% confidence interval for the mean is
//
//	x̄ ± t_{1-α/2, n-1} · s/√n
//
// where t_{p, ν} is the p quantile of Student's t distribution with ν degrees
// of freedom (distuv.StudentsT). Summary holds the 95% interval; CI computes
// an interval at any level. For n = 1 the interval and s are NaN; if all
// values are equal the interval collapses to that value.
//
// The percentiles P05, P50 and P95 follow definition 7 of Hyndman and Fan
// (the default of R and NumPy) on the sorted values x₍₁₎ ≤ … ≤ x₍ₙ₎:
//
//	Q(p) = x₍ₖ₊₁₎ + (h - k)·(x₍ₖ₊₂₎ - x₍ₖ₊₁₎),  h = (n-1)p, k = ⌊h⌋,
//
// so Q(0) is the minimum, Q(1) the maximum and Q(0.5) the conventional
// sample median (3 for 1, 2, 3, 4, 5).
//
// # Paired differences
//
// PairedDiff compares policy B with policy A on one metric. With the
// per-replication differences dᵣ = bᵣ - aᵣ it reports the mean difference
// d̄, its 95% confidence interval d̄ ± t_{0.975, n-1}·s_d/√n, and the relative
// difference d̄/ā (NaN if ā = 0). Because both policies see the same random
// prospects in a replication, the variation they share cancels in dᵣ, and
// the paired interval is usually much narrower than an interval for the
// difference of two independent means. A difference is Significant when its
// interval excludes zero.
//
// # Metric definitions
//
// MetricDef describes a metric for its readers: its name, the theme group
// it is shown under, its unit and a one-line definition. The simulator
// defines its metrics with it (funnel.MetricDefs) and the report groups
// its table by them; the statistics and files of this package need no
// definition and hold metrics by name only.
//
// # Files
//
// The per-replication values are written by Table.WriteCSV as a tidy CSV
// file (RFC 4180, as written by encoding/csv) with the header
//
//	replication,policy,metric,value
//
// and one row per replication, policy and metric, ordered by replication
// (numbered from 0), then by the table's policy order, then by its metric
// order. Values are formatted with strconv.FormatFloat(v, 'g', -1, 64), the
// shortest representation that parses back to the same float64; NaN is
// written as NaN and infinities as +Inf and -Inf. ReadCSV reads such a file
// back, bit for bit; it accepts the rows in any order, but needs exactly one
// row for every replication, policy and metric. Table.Merge appends the
// replications of one table to another, so that runs split across machines
// can be combined.
//
// summary.json holds a Report, written with WriteJSON (two-space
// indentation, trailing newline):
//
//	{
//	  "scenario": {…},
//	  "seed": 42,
//	  "replications": 100,
//	  "policy_order": ["fifo", "lifo"],
//	  "metric_order": ["revenue", "won"],
//	  "policies": {
//	    "fifo": {
//	      "revenue": {"mean": …, "sd": …, "ci95_low": …, "ci95_high": …,
//	                  "p05": …, "p50": …, "p95": …, "n": 100},
//	      …
//	    },
//	    …
//	  },
//	  "comparisons": [
//	    {"metric": "revenue", "a": "fifo", "b": "lifo", "mean_diff": …,
//	     "ci95_low": …, "ci95_high": …, "rel_diff": …, "n": 100},
//	    …
//	  ]
//	}
//
// encoding/json sorts map keys, so the file is deterministic; policy_order
// and metric_order keep the order of the table. Comparisons hold every pair
// of policies (a, b) with a before b in policy order, and for each pair every
// metric in metric order. Statistics that are NaN or infinite are written as
// null, and null is read back as NaN: they pass through Float, the float64
// that JSON can always hold, as every statistic of the result files does.
//
// OutDir builds a run folder in a temporary sibling directory, created
// before the run so that an output location that cannot be written is found
// at once; files are written into it (streamed, for the large ones) and
// synced, and Commit renames it into place without ever replacing a folder
// of the same name, so that an interrupted run leaves either the complete
// output directory or none. CleanStale removes the temporary directories of
// killed runs. WriteFileAtomic does the same for a single file.
package results
