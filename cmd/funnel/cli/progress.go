package cli

import (
	"fmt"
	"io"
	"log/slog"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"funnellab/sim/runner"
)

// isTerminal reports whether w is a terminal: an *os.File open on a
// character device, or a writer with an IsTerminal method that says so
// (tests use one to see the progress display).
func isTerminal(w io.Writer) bool {
	if t, ok := w.(interface{ IsTerminal() bool }); ok {
		return t.IsTerminal()
	}
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

// newLogger returns the command's logger: slog's text handler on stderr,
// without timestamps; quiet keeps warnings and errors only.
func newLogger(stderr io.Writer, quiet bool) *slog.Logger {
	level := slog.LevelInfo
	if quiet {
		level = slog.LevelWarn
	}
	return slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{
		Level: level,
		ReplaceAttr: func(groups []string, a slog.Attr) slog.Attr {
			if len(groups) == 0 && a.Key == slog.TimeKey {
				return slog.Attr{}
			}
			return a
		},
	}))
}

// redrawEvery bounds how often the progress line is redrawn.
const redrawEvery = 250 * time.Millisecond

// progress draws a one-line progress display on a terminal, redrawn in
// place with \r: replications done, policies, share of jobs done,
// simulated prospects per second and the estimated time left.
type progress struct {
	w                    io.Writer
	reps, policies, jobs int
	start                time.Time

	doneJobs, doneReps atomic.Int64
	arrivals           atomic.Int64

	stop    chan struct{}
	wg      sync.WaitGroup
	lastLen int // length of the last line drawn, to blank it out
}

// startProgress starts drawing on w until finish is called.
func startProgress(w io.Writer, reps, policies int) *progress {
	p := &progress{w: w, reps: reps, policies: policies, jobs: reps * policies,
		start: time.Now(), stop: make(chan struct{})}
	p.draw()
	p.wg.Add(1)
	go func() {
		defer p.wg.Done()
		t := time.NewTicker(redrawEvery)
		defer t.Stop()
		for {
			select {
			case <-p.stop:
				return
			case <-t.C:
				p.draw()
			}
		}
	}()
	return p
}

// update records a completed job; it is called by the runner.
func (p *progress) update(r runner.Progress) {
	p.doneJobs.Store(int64(r.Jobs))
	p.doneReps.Store(int64(r.Replications))
}

// addArrivals counts prospects simulated by a completed job.
func (p *progress) addArrivals(n int64) { p.arrivals.Add(n) }

// finish draws the final state, then blanks the line so that what
// follows starts on a clean line.
func (p *progress) finish() {
	close(p.stop)
	p.wg.Wait()
	p.draw()
	fmt.Fprint(p.w, "\r"+strings.Repeat(" ", p.lastLen)+"\r")
}

func (p *progress) draw() {
	line := p.line(time.Since(p.start))
	pad := ""
	if n := p.lastLen - len(line); n > 0 {
		pad = strings.Repeat(" ", n)
	}
	p.lastLen = len(line)
	fmt.Fprint(p.w, "\r"+line+pad)
}

// line is the progress text after elapsed time.
func (p *progress) line(elapsed time.Duration) string {
	jobs, reps := p.doneJobs.Load(), p.doneReps.Load()
	pct := 0.0
	if p.jobs > 0 {
		pct = 100 * float64(jobs) / float64(p.jobs)
	}
	rate, eta := "-", "-"
	if s := elapsed.Seconds(); s > 0 && jobs > 0 {
		rate = formatCount(float64(p.arrivals.Load()) / s)
		left := time.Duration(float64(elapsed) * float64(int64(p.jobs)-jobs) / float64(jobs))
		eta = formatDuration(left)
	}
	return fmt.Sprintf("%d/%d replications · %d policies · %.0f%% · %s prospects/s · ETA %s",
		reps, p.reps, p.policies, pct, rate, eta)
}

// formatCount shows a rate with k or M for thousands and millions.
func formatCount(x float64) string {
	switch {
	case x >= 1e6:
		return fmt.Sprintf("%.2fM", x/1e6)
	case x >= 1e4:
		return fmt.Sprintf("%.0fk", x/1e3)
	case x >= 1e3:
		return fmt.Sprintf("%.1fk", x/1e3)
	}
	return fmt.Sprintf("%.0f", x)
}

// formatDuration shows a duration to the second: 42s, 3m05s, 2h07m.
func formatDuration(d time.Duration) string {
	s := int64(d.Round(time.Second) / time.Second)
	switch {
	case s < 60:
		return fmt.Sprintf("%ds", s)
	case s < 3600:
		return fmt.Sprintf("%dm%02ds", s/60, s%60)
	}
	return fmt.Sprintf("%dh%02dm", s/3600, s%3600/60)
}
