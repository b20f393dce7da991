// Package runner runs R replications × P policies over W worker goroutines.
//
// Jobs are numbered rep*P + policy and handed out in that order; each
// worker owns its model state (created once by the caller's factory) and
// writes its result into the job's own slot of the output slice. Since a
// job's result depends only on its (replication, policy) pair, and results
// are returned in job order, the output is identical bit for bit whatever
// the number of workers or the timing of the goroutines.
//
// Cancellation goes through a context.Context: workers stop taking jobs
// when it is done, a job may abandon itself by returning the context's
// error, and Run then returns the jobs completed so far with the error.
// Outcome.Prefix is the number of leading replications that completed
// under every policy: a partial run's results, identical to those of a run
// of that many replications.
//
// Stream hands the results to a function instead, one replication at a
// time in replication order, as soon as that replication and every one
// before it have completed; workers run at most Options.Window
// replications ahead of the first not yet handed over, so a run of any
// number of replications holds a bounded number of results (funnel run
// writes them to its files as they come). A panic in a job, in Progress
// or in Stream's function is returned as a *PanicError, never a crash.
//
// Options.Progress reports each completed job as it finishes (serialized
// calls, with the counts of jobs and of complete replications), for
// progress displays; a caller may cancel the context from it.
package runner
