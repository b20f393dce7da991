package runner

import (
	"context"
	"errors"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestResultsIndependentOfWorkers checks that every job lands in its own
// slot whatever the number of workers.
func TestResultsIndependentOfWorkers(t *testing.T) {
	job := func() Job[[2]int] {
		return func(_ context.Context, rep, pol int) ([2]int, error) { return [2]int{rep, pol}, nil }
	}
	for _, w := range []int{1, 2, 3, 8, 100} {
		var calls atomic.Int64
		out, err := Run(context.Background(), Options{Replications: 7, Policies: 3, Workers: w,
			Progress: func(p Progress) {
				require.Equal(t, int(calls.Add(1)), p.Jobs, "serialized, one job at a time")
				require.Equal(t, 21, p.TotalJobs)
			}}, job)
		require.NoError(t, err)
		require.Equal(t, 7, out.Complete)
		require.Equal(t, 7, out.Prefix)
		require.EqualValues(t, 21, calls.Load())
		for rep := 0; rep < 7; rep++ {
			for p, r := range out.Rep(rep, 3) {
				require.Equal(t, [2]int{rep, p}, r)
			}
		}
	}
}

func TestCancellation(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	var started atomic.Int64
	job := func() Job[int] {
		return func(ctx context.Context, rep, pol int) (int, error) {
			if started.Add(1) == 5 {
				cancel()
				return 0, ctx.Err()
			}
			return rep, nil
		}
	}
	out, err := Run(ctx, Options{Replications: 100, Policies: 2, Workers: 1}, job)
	require.ErrorIs(t, err, context.Canceled)
	require.Equal(t, 2, out.Complete, "jobs 0-3 done: replications 0 and 1")
	require.Equal(t, 2, out.Prefix)
	require.False(t, out.Done[4])
}

// TestProgressCancel: a Progress callback that cancels after N complete
// replications stops the run there, whatever the number of workers; the
// replications reported complete are exactly those in Outcome.
func TestProgressCancel(t *testing.T) {
	for _, w := range []int{1, 3} {
		ctx, cancel := context.WithCancel(context.Background())
		var last Progress
		job := func() Job[int] {
			return func(ctx context.Context, rep, pol int) (int, error) { return rep, ctx.Err() }
		}
		out, err := Run(ctx, Options{Replications: 50, Policies: 3, Workers: w, Progress: func(p Progress) {
			last = p
			if p.Replications == 4 {
				cancel()
			}
		}}, job)
		require.ErrorIs(t, err, context.Canceled)
		// With several workers a job finishing as the context is
		// cancelled may still complete a replication.
		require.GreaterOrEqual(t, last.Replications, 4, "workers %d", w)
		require.Equal(t, last.Replications, out.Complete)
		require.LessOrEqual(t, out.Prefix, out.Complete)
		if w == 1 {
			require.Equal(t, 4, out.Complete, "one worker stops at once")
			require.Equal(t, 4, out.Prefix, "one worker completes jobs in order")
		}
		cancel()
	}
}

// TestPrefix: Prefix stops at the first replication with a missing policy.
func TestPrefix(t *testing.T) {
	job := func() Job[int] {
		return func(_ context.Context, rep, pol int) (int, error) {
			if rep == 2 && pol == 1 {
				return 0, errors.New("boom")
			}
			return rep, nil
		}
	}
	out, err := Run(context.Background(), Options{Replications: 5, Policies: 2, Workers: 1}, job)
	require.Error(t, err)
	require.Equal(t, 2, out.Prefix)
	require.Equal(t, 2, out.Complete)
}

func TestJobError(t *testing.T) {
	boom := errors.New("boom")
	job := func() Job[int] {
		return func(_ context.Context, rep, pol int) (int, error) {
			if rep == 3 {
				return 0, boom
			}
			return 1, nil
		}
	}
	_, err := Run(context.Background(), Options{Replications: 10, Policies: 1, Workers: 2}, job)
	require.ErrorIs(t, err, boom)
}

// TestStreamInOrder: Stream emits every replication once, in order, with
// its results in policy order, whatever the number of workers, and never
// lets a job start more than Window replications ahead of the first not
// yet emitted.
func TestStreamInOrder(t *testing.T) {
	for _, w := range []int{1, 2, 3, 8} {
		for _, window := range []int{0, 1, 3} {
			var emitted atomic.Int64
			var ahead atomic.Int64 // largest rep - emitted seen when a job starts
			job := func() Job[[2]int] {
				return func(_ context.Context, rep, pol int) ([2]int, error) {
					if d := int64(rep) - emitted.Load(); d > ahead.Load() {
						ahead.Store(d)
					}
					return [2]int{rep, pol}, nil
				}
			}
			var got []int
			out, err := Stream(context.Background(), Options{Replications: 50, Policies: 3, Workers: w, Window: window}, job,
				func(rep int, rs []([2]int)) error {
					require.Len(t, rs, 3)
					for p, r := range rs {
						require.Equal(t, [2]int{rep, p}, r)
					}
					got = append(got, rep)
					emitted.Add(1)
					return nil
				})
			require.NoError(t, err)
			require.Nil(t, out.Results)
			require.Equal(t, 50, out.Prefix)
			require.Equal(t, 50, out.Complete)
			require.Len(t, got, 50)
			for i, rep := range got {
				require.Equal(t, i, rep)
			}
			limit := int64(window)
			if window <= 0 {
				limit = int64(min(w, 150) + 2)
			}
			require.Less(t, ahead.Load(), limit, "workers %d window %d", w, window)
		}
	}
}

// TestStreamEmitError: an error from emit stops the run and is returned;
// the replications emitted before it are the outcome's prefix.
func TestStreamEmitError(t *testing.T) {
	boom := errors.New("disk full")
	job := func() Job[int] { return func(_ context.Context, rep, _ int) (int, error) { return rep, nil } }
	out, err := Stream(context.Background(), Options{Replications: 100, Policies: 2, Workers: 3}, job,
		func(rep int, _ []int) error {
			if rep == 4 {
				return boom
			}
			return nil
		})
	require.ErrorIs(t, err, boom)
	require.Equal(t, 4, out.Prefix)
}

// TestStreamCancel: cancelling keeps the replications emitted so far.
func TestStreamCancel(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	job := func() Job[int] { return func(_ context.Context, rep, _ int) (int, error) { return rep, nil } }
	n := 0
	out, err := Stream(ctx, Options{Replications: 1000, Policies: 2, Workers: 2}, job,
		func(rep int, _ []int) error {
			if n++; n == 7 {
				cancel()
			}
			return nil
		})
	require.ErrorIs(t, err, context.Canceled)
	require.GreaterOrEqual(t, out.Prefix, 7)
	require.Less(t, out.Prefix, 1000)
	require.Equal(t, n, out.Prefix)
}

// TestPanicIsAnError: a panic in a job, in Progress or in emit comes back
// as a *PanicError naming where it happened, not as a crash.
func TestPanicIsAnError(t *testing.T) {
	job := func() Job[int] {
		return func(_ context.Context, rep, pol int) (int, error) {
			if rep == 3 && pol == 1 {
				var m map[string]int
				m["x"] = 1 // a runtime error
			}
			return rep, nil
		}
	}
	for _, w := range []int{1, 4} {
		_, err := Run(context.Background(), Options{Replications: 10, Policies: 2, Workers: w}, job)
		var pe *PanicError
		require.ErrorAs(t, err, &pe)
		require.Equal(t, 3, pe.Rep)
		require.Equal(t, 1, pe.Policy)
		require.Contains(t, err.Error(), "replication 3, policy 1")
		require.NotEmpty(t, pe.Stack)
	}
	ok := func() Job[int] { return func(_ context.Context, rep, _ int) (int, error) { return rep, nil } }
	_, err := Stream(context.Background(), Options{Replications: 10, Policies: 2, Workers: 2}, ok,
		func(rep int, _ []int) error {
			if rep == 5 {
				panic("emit broke")
			}
			return nil
		})
	var pe *PanicError
	require.ErrorAs(t, err, &pe)
	require.Contains(t, err.Error(), "emitting replication 5")
	_, err = Run(context.Background(), Options{Replications: 10, Policies: 2, Workers: 2,
		Progress: func(Progress) { panic("progress broke") }}, ok)
	require.ErrorAs(t, err, &pe)
}
