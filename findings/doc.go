// Package findings measures published findings on simulated runs: the
// quantities the studies reported (qualification ratios by response
// delay, response shares, purchase shares within a window, waterfall
// conversion rates, ...), computed from a run's results table and detail
// table the way each study measured them, and the verdict of a
// comparison with the published value (scenarios.Finding).
//
// It simulates nothing: it reads the tables of a run that has already
// been made (cmd/funnel/cli runs the finding scenarios), and uses the
// model only for the names of its metrics and detail rows.
//
// A quantity is computed per replication, pooled over the finding's
// policies (a population of firms), and summarised over replications
// with a Student t 95% confidence interval. docs/findings.md lists the
// quantities and, for each finding, the mechanism that produces it.
//
// Every finding has a role (scenarios.Roles: fitted, held_out, derived,
// bound) and may be documented as not reproduced; Result.Fails,
// Result.Verdict and ScoreOf give funnel reproduce its verdicts, exit
// code and the score by role, and CheckDerivedFrom checks the ids derived
// findings name. DesignKeys declares the keys a finding scenario may set
// (the study's design, not the world's behaviour), with MatchKey and
// Leaves to check a file against it.
package findings
