// Package plots will turn a run's results into figures with gonum/plot:
// revenue by policy, the funnel per policy, waste, leakage by cause, speed
// to lead and the weekly time series (issue 5). It holds no code yet: the
// walking skeleton writes tables and machine-readable files only.
package plots
