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
			Progress: func(int) { calls.Add(1) }}, job)
		require.NoError(t, err)
		require.Equal(t, 7, out.Complete)
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
	require.False(t, out.Done[4])
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
