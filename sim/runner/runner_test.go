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
