// Package experiment runs designed experiments on a Funnel Lab scenario:
// the same scenario at many values of some of its keys (design points),
// every point on the same random numbers.
//
// # Keys
//
// A key is a scenario path as --set takes it ("sales.reps",
// "response.hot_window_hours.mean"), with the entries of named lists
// addressed by index or by name: ResolveKey turns
// "policies.objective.sla_hours" into "policies.3.sla_hours" when the
// scenario's fourth policy is objective, and refuses a name that is no
// entry of the list (--set would add a new entry).
//
// # Designs
//
// A Design is a list of points, each a value per key written as a --set
// value. NewDesign builds one from --vary arguments (ParseVary):
//
//   - grid: the cartesian product of listed values, KEY=V1,V2,...; the
//     first key varies slowest.
//   - lhs: a Latin hypercube of N points over ranges KEY=LO..HI (gonum's
//     samplemv.LatinHypercube, seeded).
//   - sobol: the first N points of the Sobol sequence, unscrambled, in
//     Gray-code order, with Joe and Kuo's direction numbers
//     (new-joe-kuo-6.21201) for up to SobolMaxDim keys; point 0 is the
//     origin. For N = 2^m every coordinate has one point in each interval
//     [j/2^m, (j+1)/2^m).
//   - halton: the Owen-scrambled Halton sequence (gonum's
//     samplemv.Halton, seeded).
//
// A unit coordinate u ∈ [0,1) maps to LO + u·(HI−LO); an integer key takes
// ⌊LO + u·(HI−LO+1)⌋, capped at HI, so every integer in [LO, HI] gets the
// same share of the cube.
//
// # Running
//
// Prepare parses and compiles every point's scenario (errors before any
// simulation), and Plan.Run runs points × replications × policies as one
// queue of jobs over the workers of sim/runner: job (point·R + rep)·P +
// policy. Jobs are handed out in order and each writes its own slot, so
// the results do not depend on the number of workers, and no worker waits
// for a point to finish before starting the next. Replication r of every
// point runs with the same master seed and replication index, hence the
// same random streams: the points are compared on common random numbers,
// as the policies of one scenario are, and the differences between points
// are paired (results.PairedDiff) replication by replication.
//
// # Runs to a precision
//
// Plan.RunToPrecision adds replications per point until the 95%
// confidence interval of a Quantity (a metric of every policy, of one, or
// the difference of two) has a half-width h ≤ γ/(1+γ)·|x̄| at every point,
// or a point reaches Precision.MaxReps: Law and Kelton's sequential
// relative-precision procedure, checked after rounds that take a point
// from n to ⌈n·(r/γ′)²⌉ replications (r its relative half-width,
// γ′ = γ/(1+γ)), at least n+1 and at most 2n. New replications continue
// each point's streams, so the points stay on common random numbers over
// the replications they share; the rounds depend on the results only, not
// on the workers.
//
// # Outputs
//
// WritePointsCSV, WriteSweepCSV and Summarize give funnel sweep's
// points.csv, sweep.csv and summary.json; Neighbours pairs the points that
// differ in one key only.
package experiment
