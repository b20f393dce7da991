// Package plots turns a run's results into figures with gonum/plot, written
// as PNG (144 dpi) and SVG, 16 cm × 10 cm, by WriteAll. docs/plots.md
// describes them for readers of the figures.
//
// Every figure has a title, axis labels with units and, where there is
// more than one series, a legend. Each policy has a fixed colour by its
// position in the policy order (palette.PolicyColor: the colour-blind-safe
// Okabe–Ito palette), the same in every figure and in report.html. Long
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
//   - funnel (Funnel): the mean count per replication of inquiries,
//     hand-offs, SALs, SQLs, opportunities and deals won (metrics
//     inquiries, handoffs, sals, sqls, opportunities and
//     marketing_deals_won), one bar per policy side by side at each stage,
//     with the ratio to the stage before printed above each bar. Hand-offs
//     can outnumber inquiries (a prospect may be handed over again), so
//     that ratio can exceed 100%.
//   - waste (Waste): three panels of per-policy means with 95% confidence
//     intervals: hand-offs rejected or ignored (handoff_waste_share ×
//     handoffs, a count), rep working hours on marketing leads
//     (rep_hours_marketing_leads, h) and marketing spend (marketing_cost,
//     currency units).
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
// # Files
//
// Figures builds every figure, Render draws one (its panels side by side)
// in any format gonum/plot writes, and WriteAll builds all of them before
// writing each file to a temporary name in the output directory and
// renaming it, so no file is ever half-written.
package plots
