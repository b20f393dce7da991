// Package checks parses and evaluates the pass/fail thresholds of a run,
// in the spirit of k6 thresholds: a scenario's `checks:` list and the
// repeatable `funnel run --check EXPR`.
//
// # Grammar
//
//	check     = reference op ( number | reference )
//	reference = policy "." metric [ "." stat ]
//	op        = "<" | "<=" | ">" | ">="
//	stat      = "mean" | "sd" | "ci95_low" | "ci95_high" | "p05" | "p50" | "p95"
//	number    = [ "+" | "-" ] digits [ "." [ digits ] ] [ exponent ]
//	          | [ "+" | "-" ] "." digits [ exponent ]
//	exponent  = ( "e" | "E" ) [ "+" | "-" ] digits
//	digits    = digit { [ "_" ] digit }
//
// Spaces around the operator are optional; none are allowed inside a
// reference or a number. Examples:
//
//	waterfall.handoff_waste_share.mean < 0.9
//	objective.leaked_revenue.ci95_high < 2e6
//	objective.revenue >= 60_000_000
//	objective.revenue > waterfall.revenue
//
// Policy names may contain dots (scenario names allow letters, digits, '.',
// '_' and '-'); metric names never do, so a reference is split by matching
// the longest policy name of the run that is followed by a dot, the rest
// being the metric and an optional statistic. The statistic defaults to
// mean. Numbers are decimal with an optional exponent; '_' may separate
// digits (1_000_000), as in Go. Hexadecimal, inf, NaN and suffixes such as
// 2M are not numbers. On the right-hand side, text that starts with a
// digit, a sign or a '.' is read as a number.
//
// # Meaning
//
// A threshold check (a number on the right) compares the statistic of the
// metric over the run's replications (see results.Summary) with the number.
//
// A comparison between two policies on the same metric passes only if the
// 95% confidence interval of the paired difference A − B (results.PairedDiff
// over the replications, which use common random numbers) excludes zero in
// the stated direction: for > and >= its lower end must be above 0, for <
// and <= its upper end below 0. Since an interval cannot show equality, >=
// means the same as > and <= the same as <. Only the mean may be named in a
// comparison (".mean" may be written or left out).
//
// A check whose observed value is undefined (NaN: a metric undefined in
// some replication, or a confidence interval from a single replication)
// fails, and is shown as "n/a".
package checks
