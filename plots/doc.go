// Package plots turns a run's results into figures with gonum/plot, written
// as PNG (144 dpi) and SVG, 16 cm × 10 cm, by WriteAll. docs/plots.md
// describes them for readers of the figures.
//
// Every figure has a title, axis labels with units and, where there is
// more than one series, a legend. Each policy has a fixed colour by its
// name (palette.Colors: twelve colours, the first eight colour-blind
// safe), the same in every figure, in report.html and across runs. Long
// policy names are cut with an ellipsis and axis labels are turned when
// they would overlap.
// Large numbers are written with SI suffixes (58.1M). Money is in currency
// units: the currency of the scenario's deal values and costs.
//
// # From a results.Table
//
// These read the per-replication values of a run (Table.Values[p][m][r])
// and need the metrics named below (docs/metrics.md defines them); the
// policy order is the table's.
//
//   - revenue (Revenue): for each policy, a box plot of revenue over the
//     replications (quartiles, median, whiskers to 1.5 interquartile
//     ranges) and beside it the mean with its 95% Student t confidence
//     interval. Y: revenue over the observation, currency units.
//   - funnel (Funnel): the mean count per replication at each stage,
//     named by its metric (inquiries, handoffs, sals, sqls, opportunities,
//     marketing_deals_won), one bar per policy side by side, on a log axis
//     so that every stage reads; above each bar the hand-offs per inquiry
//     ("1.59×": a prospect may be handed over again), then the conversion
//     from the stage before in percent.
//   - waste (Waste): three panels of per-policy means with 95% confidence
//     intervals, the hand-offs that led to nothing: rejected or ignored
//     (handoff_waste_share × handoffs), that share in percent, and
//     off-target hand-offs (off_target_handoff_share × handoffs).
//   - effort (Effort): three panels likewise, what went into marketing
//     leads: rep working hours (rep_hours_marketing_leads, h), rep hours
//     per marketing deal won, and cost_per_won_deal (currency units).
//   - leakage (Leakage): revenue leaked to competitors, mean per
//     replication, stacked by cause (never handed over, rejected, ignored,
//     too late, lost in competition, recycled: metrics
//     leaked_revenue_<cause>), total above each bar. Currency units.
//
// # From plain data
//
// These take plain structs that the engine fills in, so the package does
// not depend on it; WriteAll draws them when Options holds them, with the
// colours of the table's policy order.
//
//   - speed_to_lead (SpeedToLead, []Delays): per policy, the empirical
//     cumulative distribution of the hours from the hand-off (not the
//     inquiry) to the first attempt, in percent of first attempts, on a
//     log axis from one minute.
//   - qualification_by_delay (QualificationByDelay, []DelayRates): per
//     policy, the share of first attempts that led to an SQL in each
//     bucket of delay from the hand-off, in percent, with confidence intervals when given. The
//     buckets come with the rates (DelayBuckets, their edges in hours: the
//     engine's are < 5 min, 5–30 min, 30–60 min, 1–2 h, 2–24 h, > 24 h),
//     and are labelled from their edges.
//   - over time (OverTime, TimePlot with one Series per policy): a line of
//     the weekly mean and a shaded band of its confidence interval, for
//     weekly hand-offs, the reps' queue length or won revenue; the file is
//     named after TimePlot.Name.
//
// # Findings
//
// Finding draws one published finding against its simulation (the
// published value, the band that reproduces it, the simulated mean and
// CI); FindingPlot draws a study's series of findings on one axis (delay
// buckets, months, stages), optionally on a log axis and as curves.
//
// # Files
//
// Figures builds every figure, Render draws one (its panels side by side)
// in any format gonum/plot writes, and WriteAll builds all of them before
// writing each file to a temporary name in the output directory and
// renaming it, so no file is ever half-written.
package plots
