package runner

import (
	"context"
	"errors"
	"runtime"
	"sync"
	"sync/atomic"
)

// Job simulates one replication under one policy.
type Job[R any] func(ctx context.Context, rep, policy int) (R, error)

// Options configure Run.
type Options struct {
	Replications int
	Policies     int
	Workers      int // <= 0 means runtime.NumCPU()
	// Progress, if set, is called after each completed job, from the
	// worker goroutine that ran it. Calls are serialized (never
	// concurrent) and see Jobs and Replications increase one job at a
	// time; the job's worker waits for the call to return, so it should be
	// quick. It may cancel the run's context: jobs not yet started are
	// then not run.
	Progress func(Progress)
}

// Progress reports a completed job.
type Progress struct {
	// Rep and Policy identify the job that completed.
	Rep, Policy int
	// Jobs is the number of jobs completed so far, out of TotalJobs.
	Jobs, TotalJobs int
	// Replications is the number of replications whose every policy has
	// completed so far.
	Replications int
}

// Outcome is what Run returns: results in job order (rep*Policies+policy)
// and which jobs completed.
type Outcome[R any] struct {
	Results []R
	Done    []bool
	// Complete counts the replications whose every policy completed.
	Complete int
	// Prefix is the number of leading replications (0, 1, ...) whose
	// every policy completed: the results a run of Prefix replications
	// would give. It equals Complete when Run returns no error.
	Prefix int
}

// Rep returns the results of replication rep, one per policy.
func (o *Outcome[R]) Rep(rep, policies int) []R { return o.Results[rep*policies : (rep+1)*policies] }

// Run runs every (replication, policy) job. newWorker is called once per
// worker goroutine to create its job function and the state it closes
// over. Run returns the first error a job returns (other than the
// context's), or the context's error if it was cancelled; in both cases
// the outcome holds the jobs completed before the stop.
func Run[R any](ctx context.Context, opt Options, newWorker func() Job[R]) (*Outcome[R], error) {
	n := opt.Replications * opt.Policies
	out := &Outcome[R]{Results: make([]R, n), Done: make([]bool, n)}
	if n == 0 {
		return out, nil
	}
	w := opt.Workers
	if w <= 0 {
		w = runtime.NumCPU()
	}
	w = min(w, n)
	parent := ctx
	ctx, cancel := context.WithCancel(parent)
	defer cancel()

	var (
		next     atomic.Int64
		done     atomic.Int64
		wg       sync.WaitGroup
		errOnce  sync.Once
		firstErr error
		mu       sync.Mutex // serializes Progress calls and guards the counts below
		repDone  []int      // completed policies per replication
		jobs     int        // jobs completed, as reported
		reps     int        // replications with every policy completed
	)
	if opt.Progress != nil {
		repDone = make([]int, opt.Replications)
	}
	for range w {
		wg.Add(1)
		go func() {
			defer wg.Done()
			// Created here, not in the caller, so that each worker's state
			// is allocated by its own goroutine (on its own P's memory
			// cache) rather than next to another worker's: state written
			// on every event must not share cache lines across workers.
			job := newWorker()
			for ctx.Err() == nil {
				i := int(next.Add(1) - 1)
				if i >= n {
					return
				}
				r, err := job(ctx, i/opt.Policies, i%opt.Policies)
				if err != nil {
					if !errors.Is(err, context.Canceled) && !errors.Is(err, context.DeadlineExceeded) {
						errOnce.Do(func() { firstErr = err })
					}
					cancel()
					return
				}
				out.Results[i] = r
				out.Done[i] = true
				done.Add(1)
				if opt.Progress != nil {
					rep, pol := i/opt.Policies, i%opt.Policies
					mu.Lock()
					if repDone[rep]++; repDone[rep] == opt.Policies {
						reps++
					}
					// Jobs is counted under the lock too, so that calls
					// see it increase by one each time.
					jobs++
					opt.Progress(Progress{Rep: rep, Policy: pol, Jobs: jobs, TotalJobs: n, Replications: reps})
					mu.Unlock()
				}
			}
		}()
	}
	wg.Wait()
	for rep := 0; rep < opt.Replications; rep++ {
		all := true
		for p := 0; p < opt.Policies; p++ {
			all = all && out.Done[rep*opt.Policies+p]
		}
		if all {
			out.Complete++
			if out.Prefix == rep {
				out.Prefix++
			}
		}
	}
	if firstErr != nil {
		return out, firstErr
	}
	if int(done.Load()) < n {
		if err := parent.Err(); err != nil {
			return out, err
		}
		return out, context.Canceled
	}
	return out, nil
}
