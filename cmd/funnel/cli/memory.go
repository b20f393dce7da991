package cli

import (
	"bufio"
	"context"
	"errors"
	"os"
	"runtime/debug"
	"runtime/metrics"
	"strconv"
	"strings"
	"time"
)

// errMemoryBudget is the cause of a run stopped by watchMemory.
var errMemoryBudget = errors.New("memory budget exceeded")

// memoryWatchEvery is how often watchMemory looks at the memory in use.
const memoryWatchEvery = 100 * time.Millisecond

// watchMemory returns a context that is cancelled, with errMemoryBudget
// as its cause, if the memory the Go runtime holds from the system
// exceeds limit bytes; limit <= 0 watches nothing. It also sets the
// runtime's soft memory limit there, so that the collector works harder
// before the budget is reached. The estimate refuses runs that would not
// fit up front; this is the guard for the runs it misjudges (a queue that
// grows without bound, say): they stop with their complete replications
// written, instead of being killed by the system. Call stop when done.
func watchMemory(ctx context.Context, limit int64) (context.Context, func()) {
	if limit <= 0 {
		return ctx, func() {}
	}
	old := debug.SetMemoryLimit(limit)
	ctx, cancel := context.WithCancelCause(ctx)
	done := make(chan struct{})
	go func() {
		t := time.NewTicker(memoryWatchEvery)
		defer t.Stop()
		sample := []metrics.Sample{{Name: "/memory/classes/total:bytes"}, {Name: "/memory/classes/heap/released:bytes"}}
		for {
			select {
			case <-done:
				return
			case <-ctx.Done():
				return
			case <-t.C:
				metrics.Read(sample)
				used := int64(sample[0].Value.Uint64()) - int64(sample[1].Value.Uint64())
				if used > limit {
					cancel(errMemoryBudget)
					return
				}
			}
		}
	}()
	return ctx, func() {
		close(done)
		cancel(nil)
		debug.SetMemoryLimit(old)
	}
}

// peakRSS is the process's peak resident memory in bytes (VmHWM of
// /proc/self/status), or 0 where that is not known.
func peakRSS() int64 {
	f, err := os.Open("/proc/self/status")
	if err != nil {
		return 0
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if rest, ok := strings.CutPrefix(sc.Text(), "VmHWM:"); ok {
			kb, err := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 10, 64)
			if err != nil {
				return 0
			}
			return kb << 10
		}
	}
	return 0
}
