package cli

import (
	"fmt"
	"io"
	"math"
	"strings"
	"text/tabwriter"

	"funnellab/sim/funnel"
	"funnellab/sysmem"
)

// runEstimate is what a run needs, estimated before it starts from the
// compiled model (funnel.Model.Estimate) and the run's size: memory,
// output and time.
type runEstimate struct {
	job                     funnel.Estimate
	reps, policies, workers int

	simBytes    int64 // the workers' Sims
	flightBytes int64 // results waiting to be written (runner.Stream's window)
	tableBytes  int64 // the metrics table (summary.json needs every value)
	detailTable int64 // the detail table, for commands that hold it (simulate); 0 for run
	memory      int64 // peak memory of the process
	csvBytes    int64 // replications.csv
	detailBytes int64 // detail.csv
	spoolBytes  int64 // the detail spool, on disk during the run only
	output      int64 // the run folder
	cpuSeconds  float64
	extraJobs   int // jobs simulated besides the run's own: the verdict's decomposition
}

// Parts of the memory and output estimates that do not come from the
// model. baseBytes is the process without the simulation: the runtime,
// the program, the scenario and the write phase (summaries, figures,
// report), measured 40 to 60 MiB. gcFactor is the heap the Go runtime
// lets grow before collecting, per byte live (GOGC=100). figureBytes are
// the figures and report.html (measured 3 to 5 MB).
const (
	baseBytes   = 96 << 20
	gcFactor    = 2
	figureBytes = 8 << 20
	// csvValueBytes is the mean length of a value in the CSVs with its
	// separators (a metric's float64 in shortest form, often shorter).
	csvValueBytes = 20
)

// estimateRun estimates a run of reps replications of the model's
// policies on workers workers.
func estimateRun(model *funnel.Model, reps, workers int, plots bool) runEstimate {
	job := model.Estimate()
	p := len(model.Policies)
	e := runEstimate{job: job, reps: reps, policies: p, workers: workers}
	e.simBytes = int64(workers) * job.SimBytes
	e.flightBytes = int64(workers+2) * int64(p) * job.ResultBytes
	metrics := funnel.Names()
	e.tableBytes = int64(reps) * int64(p) * int64(len(metrics)) * 8
	e.total()
	rows := int64(reps) * int64(p)
	repDigits := int64(len(fmt.Sprint(max(reps-1, 0))))
	polName := int64(0)
	for _, n := range model.PolicyNames() {
		polName += int64(len(n))
	}
	polName /= int64(max(p, 1))
	row := func(names []string) int64 {
		var b int64
		for _, n := range names {
			b += repDigits + polName + int64(len(n)) + csvValueBytes
		}
		return b
	}
	e.csvBytes = rows * row(metrics)
	// detail.csv: the bins' rows, then three a week, counted without
	// naming them all: a run that never ends may have millions of weeks.
	detailRow := row(funnel.DetailNames(0))
	for _, series := range funnel.WeekSeries {
		fixed := repDigits + polName + int64(len(funnel.WeekMetric(1, series))-4) + csvValueBytes
		detailRow += int64(job.Weeks)*fixed + weekDigits(job.Weeks)
	}
	e.detailBytes = rows * detailRow
	e.spoolBytes = rows * int64(8*(funnel.NumDelayBins+3*funnel.NumDelayBuckets)+4+24*job.Weeks)
	e.output = e.csvBytes + e.detailBytes + 64<<10
	if plots {
		e.output += figureBytes
	}
	e.cpuSeconds = float64(rows) * job.Events * job.NsPerEvent / 1e9
	return e
}

// total sets memory from its parts.
func (e *runEstimate) total() {
	e.memory = baseBytes + gcFactor*(e.simBytes+e.flightBytes+e.tableBytes+e.detailTable)
}

// keepAll turns the estimate of a streamed run into one of a command that
// holds every result and the detail table (simulate, for reproduce and
// calibrate).
func (e *runEstimate) keepAll() {
	rows := int64(e.reps) * int64(e.policies)
	e.flightBytes = rows * e.job.ResultBytes
	e.detailTable = rows * int64(len(funnel.DetailNames(0))+3*e.job.Weeks) * 8
	e.total()
}

// weekDigits is the number of digits of the weeks 1 to weeks in their
// metric names (funnel.WeekMetric: at least four).
func weekDigits(weeks int) int64 {
	var n int64
	lo, hi := 1, 9999
	for d := int64(4); lo <= weeks; d++ {
		n += int64(min(hi, weeks)-lo+1) * d
		lo, hi = hi+1, hi*10+9
	}
	return n
}

// memoryBudget is the memory a run may use: --max-memory if given (0 for
// no limit), else what the system says is available, with where the
// figure came from; 0 and "" when it is not known.
func memoryBudget(flag string) (int64, string, error) {
	if flag != "" {
		n, err := sysmem.ParseSize(flag)
		if err != nil {
			return 0, "", usageErr("--max-memory: %v", err)
		}
		return n, "--max-memory", nil
	}
	n, src, err := sysmem.Available()
	if err != nil {
		return 0, "", nil // unknown: no check, as with --max-memory 0
	}
	return n, src, nil
}

// checkBudget refuses a run whose estimated memory exceeds the budget
// (exit 2), saying what drives the size and how to size it down.
func checkBudget(e runEstimate, budget int64, source string) error {
	if budget <= 0 || e.memory <= budget {
		return nil
	}
	var b strings.Builder
	fmt.Fprintf(&b, "the run needs about %s of memory, more than the %s it may use (%s); nothing was run.\n",
		sysmem.FormatSize(e.memory), sysmem.FormatSize(budget), source)
	fmt.Fprintf(&b, "  %s", e.memoryParts())
	if ds := e.drivers(); ds != "" {
		fmt.Fprintf(&b, "\n  what makes a simulation large: %s", ds)
	}
	fmt.Fprintf(&b, "\n  to size it down: %s", e.sizeDown(budget))
	fmt.Fprintf(&b, "\n  (--max-memory SIZE sets the budget; 'funnel run --dry-run' prints the estimate; docs/reliability.md)")
	return usageErr("%s", b.String())
}

// memoryParts says what the memory estimate is made of.
func (e runEstimate) memoryParts() string {
	return fmt.Sprintf("%d workers × %s a simulation, %s of results in flight, %s for the table of %d replications × %d policies × %d metrics; ×%d for the garbage collector, plus %s",
		e.workers, sysmem.FormatSize(e.job.SimBytes), sysmem.FormatSize(e.flightBytes), sysmem.FormatSize(e.tableBytes),
		e.reps, e.policies, len(funnel.Names()), gcFactor, sysmem.FormatSize(baseBytes))
}

// sizeDown suggests how to make the run fit the budget.
func (e runEstimate) sizeDown(budget int64) string {
	var tips []string
	if e.workers > 1 {
		// The most workers that fit, other things equal.
		per := gcFactor * (e.job.SimBytes + int64(e.policies)*e.job.ResultBytes)
		fixed := baseBytes + gcFactor*(e.tableBytes+2*int64(e.policies)*e.job.ResultBytes)
		if w := (budget - fixed) / max(per, 1); w >= 1 && w < int64(e.workers) {
			tips = append(tips, fmt.Sprintf("--workers %d", w))
		}
	}
	if e.tableBytes > budget/2 {
		tips = append(tips, "fewer replications per run (--reps)")
	}
	if gcFactor*e.job.SimBytes+baseBytes > budget {
		tips = append(tips, "a smaller scenario (lower the keys above: one simulation alone does not fit)")
	} else {
		tips = append(tips, "a smaller scenario (lower the keys above)")
	}
	return strings.Join(tips, "; or ")
}

// print writes the estimate for --dry-run and validate, each line led by
// prefix.
func (e runEstimate) print(w io.Writer, prefix string, budget int64, source string) {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	jobs := e.reps * e.policies
	fmt.Fprintf(tw, "%sestimate\t%d replications × %d policies = %d jobs on %d workers\n", prefix, e.reps, e.policies, jobs, e.workers)
	if e.extraJobs > 0 {
		fmt.Fprintf(tw, "%sdecomposition\t%d jobs more, at most: the verdict's decomposition (verdict.decompose) on its first replications\n", prefix, e.extraJobs)
	}
	fmt.Fprintf(tw, "%sprospects\t%s a replication, %s in all\n", prefix, count(e.job.Prospects), count(e.job.Prospects*float64(jobs)))
	fmt.Fprintf(tw, "%sevents\t%s a job, %s in all\n", prefix, count(e.job.Events), count(e.job.Events*float64(jobs)))
	fmt.Fprintf(tw, "%smemory\tabout %s at the peak: %s\n", prefix, sysmem.FormatSize(e.memory), e.memoryParts())
	if budget > 0 {
		verdict := "fits"
		if e.memory > budget {
			verdict = "does NOT fit: the run would be refused"
		}
		fmt.Fprintf(tw, "%sbudget\t%s (%s): %s\n", prefix, sysmem.FormatSize(budget), source, verdict)
	} else {
		fmt.Fprintf(tw, "%sbudget\tnone (the available memory is not known, or --max-memory 0)\n", prefix)
	}
	fmt.Fprintf(tw, "%soutput\tabout %s: replications.csv %s, detail.csv %s (%d weeks), figures and report; %s more on disk during the run (detail spool)\n",
		prefix, sysmem.FormatSize(e.output), sysmem.FormatSize(e.csvBytes), sysmem.FormatSize(e.detailBytes), e.job.Weeks, sysmem.FormatSize(e.spoolBytes))
	wall := e.wallSeconds()
	fmt.Fprintf(tw, "%stime\troughly %s of CPU, %s on %d workers (%.0f ns of CPU an estimated event, calibrated on whole runs on a 2-vCPU Xeon: within 1.5× for the embedded scenarios)\n",
		prefix, duration(e.cpuSeconds), duration(wall), e.workers, e.job.NsPerEvent)
	if ds := e.drivers(); ds != "" {
		fmt.Fprintf(tw, "%ssize drivers\t%s\n", prefix, ds)
	}
	tw.Flush()
}

// drivers lists the scenario keys that drive a simulation's memory, with
// their share of it, leaving out those under 1% but the first.
func (e runEstimate) drivers() string {
	var ds []string
	for i, d := range e.job.Drivers {
		if i > 0 && d.Share < 0.01 {
			continue
		}
		ds = append(ds, fmt.Sprintf("%s = %s (%.0f%%)", d.Key, d.Value, 100*d.Share))
	}
	return strings.Join(ds, ", ")
}

// longRun is the estimated wall time above which funnel run warns.
const longRun = 3600.0

// addJobs counts n more jobs of the model's size (the verdict's
// decomposition: its combinations on the first replications) in the CPU
// time; they hold no more memory than the run's own jobs.
func (e *runEstimate) addJobs(n int) {
	e.extraJobs += n
	e.cpuSeconds += float64(n) * e.job.Events * e.job.NsPerEvent / 1e9
}

// wallSeconds is the estimated wall time of the run.
func (e runEstimate) wallSeconds() float64 { return e.cpuSeconds / float64(max(e.workers, 1)) }

// count writes a count for people: 812, 54.3 thousand, 86.4 million.
func count(x float64) string {
	switch {
	case math.IsNaN(x) || math.IsInf(x, 0):
		return fmt.Sprint(x)
	case x < 1e4:
		return fmt.Sprintf("%.0f", x)
	case x < 1e6:
		return fmt.Sprintf("%.1f thousand", x/1e3)
	case x < 1e9:
		return fmt.Sprintf("%.1f million", x/1e6)
	}
	return fmt.Sprintf("%.3g billion", x/1e9)
}

// duration writes seconds for people: 0.4 s, 12 s, 3.5 min, 2.1 h, 3.2 days.
func duration(s float64) string {
	switch {
	case s < 10:
		return fmt.Sprintf("%.1f s", s)
	case s < 120:
		return fmt.Sprintf("%.0f s", s)
	case s < 7200:
		return fmt.Sprintf("%.1f min", s/60)
	case s < 3*86400:
		return fmt.Sprintf("%.1f h", s/3600)
	}
	return fmt.Sprintf("%.1f days", s/86400)
}
