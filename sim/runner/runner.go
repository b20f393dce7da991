package runner

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"runtime/debug"
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
	// Window is the number of replications that may be in flight or
	// waiting to be emitted in Stream; <= 0 means workers + 2. Run
	// ignores it.
	Window int
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
	// Results and Done are nil for Stream.
	Results []R
	Done    []bool
	// Complete counts the replications whose every policy completed.
	Complete int
	// Prefix is the number of leading replications (0, 1, ...) whose
	// every policy completed: the results a run of Prefix replications
	// would give. It equals Complete when Run returns no error. For
	// Stream, it is the number of replications emitted.
	Prefix int
}

// Rep returns the results of replication rep, one per policy.
func (o *Outcome[R]) Rep(rep, policies int) []R { return o.Results[rep*policies : (rep+1)*policies] }

// PanicError is a panic in a job, a Progress or an Emit call, turned into
// an error: Run never lets one crash the process.
type PanicError struct {
	Rep, Policy int    // the job that panicked; -1 outside a job
	Value       any    // the value passed to panic
	Stack       []byte // the goroutine's stack at the panic
}

func (e *PanicError) Error() string {
	where := "emitting results"
	if e.Policy >= 0 {
		where = fmt.Sprintf("replication %d, policy %d", e.Rep, e.Policy)
	} else if e.Rep >= 0 {
		where = fmt.Sprintf("emitting replication %d", e.Rep)
	}
	return fmt.Sprintf("internal error in %s: panic: %v", where, e.Value)
}

// Unwrap returns the panic value if it is an error (a runtime error, for
// instance).
func (e *PanicError) Unwrap() error {
	err, _ := e.Value.(error)
	return err
}

// protect calls f, turning a panic into a *PanicError.
func protect(rep, pol int, f func() error) (err error) {
	defer func() {
		if v := recover(); v != nil {
			err = &PanicError{Rep: rep, Policy: pol, Value: v, Stack: debug.Stack()}
		}
	}()
	return f()
}

// Run runs every (replication, policy) job. newWorker is called once per
// worker goroutine to create its job function and the state it closes
// over. Run returns the first error a job (or Emit) returns, other than
// the context's, or the context's error if it was cancelled; in both
// cases the outcome holds the jobs completed before the stop. A panic in
// a job, in Progress or in Emit stops the run and is returned as a
// *PanicError.
func Run[R any](ctx context.Context, opt Options, newWorker func() Job[R]) (*Outcome[R], error) {
	return run(ctx, opt, newWorker, nil)
}

// Stream is Run with the results handed to emit instead of kept: emit
// receives the results of every replication in replication order (0, 1,
// ...), one call per replication with its results in policy order, as soon
// as that replication and every one before it have completed. Calls are
// serialized and come from worker goroutines; the slice is valid only
// during the call. Workers run at most Options.Window replications ahead
// of the first one not yet emitted, so memory stays bounded however many
// replications there are. An error from emit stops the run and is
// returned. The outcome's Results and Done are nil, and its Prefix is the
// number of replications emitted.
func Stream[R any](ctx context.Context, opt Options, newWorker func() Job[R], emit func(rep int, results []R) error) (*Outcome[R], error) {
	if emit == nil {
		return nil, errors.New("runner: Stream needs an emit function")
	}
	return run(ctx, opt, newWorker, emit)
}

func run[R any](ctx context.Context, opt Options, newWorker func() Job[R], emit func(int, []R) error) (*Outcome[R], error) {
	n := opt.Replications * opt.Policies
	out := &Outcome[R]{}
	if emit == nil {
		out.Results, out.Done = make([]R, n), make([]bool, n)
	}
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

	r := &runState[R]{opt: opt, emit: emit, n: n, cancel: cancel}
	if emit != nil {
		r.window = opt.Window
		if r.window <= 0 {
			r.window = w + 2
		}
		r.ring = make([]R, r.window*opt.Policies)
		r.ringDone = make([]int, r.window)
		r.wake = sync.NewCond(&r.mu)
		stop := context.AfterFunc(ctx, func() {
			r.mu.Lock()
			r.wake.Broadcast()
			r.mu.Unlock()
		})
		defer stop()
	}
	if opt.Progress != nil || emit == nil {
		r.repDone = make([]int, opt.Replications)
	}
	var wg sync.WaitGroup
	for range w {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r.work(ctx, out, newWorker)
		}()
	}
	wg.Wait()
	if emit != nil {
		out.Prefix = r.emitted
		out.Complete = r.emitted
		for k := range r.window {
			if r.ringDone[k] == opt.Policies {
				out.Complete++
			}
		}
	} else {
		for rep := 0; rep < opt.Replications; rep++ {
			if r.repDone[rep] == opt.Policies {
				out.Complete++
				if out.Prefix == rep {
					out.Prefix++
				}
			}
		}
	}
	if r.firstErr != nil {
		return out, r.firstErr
	}
	if r.done < n {
		if err := parent.Err(); err != nil {
			return out, err
		}
		return out, context.Canceled
	}
	return out, nil
}

// runState is the shared state of one Run or Stream.
type runState[R any] struct {
	opt    Options
	emit   func(int, []R) error // nil for Run
	n      int
	cancel context.CancelFunc
	next   atomic.Int64 // the next job to hand out

	errOnce  sync.Once
	firstErr error

	mu      sync.Mutex // guards everything below and serializes Progress
	repDone []int      // completed policies per replication (Run, or Progress)
	done    int        // jobs completed
	reps    int        // replications with every policy completed

	// With emit: the results of replications emitted .. emitted+window-1,
	// replication rep in ring[(rep%window)*Policies:], with ringDone
	// counting its completed policies; emitting is set while a worker
	// emits, and wake wakes workers waiting for the window to move.
	window   int
	ring     []R
	ringDone []int
	emitted  int
	emitting bool
	wake     *sync.Cond
}

func (r *runState[R]) fail(err error) {
	if !errors.Is(err, context.Canceled) && !errors.Is(err, context.DeadlineExceeded) {
		r.errOnce.Do(func() { r.firstErr = err })
	}
	r.cancel()
}

// work is one worker: it takes jobs in order until there are none left,
// the context is done or something failed.
func (r *runState[R]) work(ctx context.Context, out *Outcome[R], newWorker func() Job[R]) {
	P := r.opt.Policies
	// Created here, not in the caller, so that each worker's state is
	// allocated by its own goroutine (on its own P's memory cache) rather
	// than next to another worker's: state written on every event must
	// not share cache lines across workers.
	var job Job[R]
	if err := protect(-1, -1, func() error { job = newWorker(); return nil }); err != nil {
		r.fail(err)
		return
	}
	for ctx.Err() == nil {
		i := int(r.next.Add(1) - 1)
		if i >= r.n {
			return
		}
		rep, pol := i/P, i%P
		if r.emit != nil && !r.waitWindow(ctx, rep) {
			return
		}
		var res R
		err := protect(rep, pol, func() (err error) {
			res, err = job(ctx, rep, pol)
			return err
		})
		if err != nil {
			r.fail(err)
			return
		}
		if err := r.complete(out, rep, pol, res); err != nil {
			r.fail(err)
			return
		}
	}
}

// waitWindow waits until replication rep is within the window of
// replications that may run, and reports false if the context ended first.
func (r *runState[R]) waitWindow(ctx context.Context, rep int) bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	for rep >= r.emitted+r.window && ctx.Err() == nil {
		r.wake.Wait()
	}
	return ctx.Err() == nil
}

// complete records a job's result, reports progress and, with emit,
// emits every replication now complete in order.
func (r *runState[R]) complete(out *Outcome[R], rep, pol int, res R) error {
	P := r.opt.Policies
	r.mu.Lock()
	r.done++
	full := false
	if r.emit != nil {
		k := rep % r.window
		r.ring[k*P+pol] = res
		r.ringDone[k]++
		full = r.ringDone[k] == P
	} else {
		out.Results[rep*P+pol] = res
		out.Done[rep*P+pol] = true
	}
	if r.repDone != nil {
		r.repDone[rep]++
		full = r.repDone[rep] == P
	}
	if full {
		r.reps++
	}
	if r.opt.Progress != nil {
		// Jobs is counted under the lock, so that calls see it increase
		// by one each time.
		p := Progress{Rep: rep, Policy: pol, Jobs: r.done, TotalJobs: r.n, Replications: r.reps}
		if err := protect(rep, pol, func() error { r.opt.Progress(p); return nil }); err != nil {
			r.mu.Unlock()
			return err
		}
	}
	if r.emit == nil || r.emitting {
		r.mu.Unlock()
		return nil
	}
	// Emit the replications complete from the first not yet emitted; the
	// lock is released during Emit, and no other worker emits meanwhile.
	r.emitting = true
	defer func() {
		r.emitting = false
		r.mu.Unlock()
	}()
	for r.ringDone[r.emitted%r.window] == P {
		e := r.emitted
		k := e % r.window
		rs := r.ring[k*P : (k+1)*P]
		r.mu.Unlock()
		err := protect(e, -1, func() error { return r.emit(e, rs) })
		r.mu.Lock()
		if err != nil {
			return err
		}
		clear(rs)
		r.ringDone[k] = 0
		r.emitted++
		r.wake.Broadcast()
	}
	return nil
}
