package main

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"text/tabwriter"

	"github.com/spf13/pflag"
)

func main() {
	err := run(os.Args[1:], os.Stdout, os.Stderr)
	if err == nil {
		return
	}
	if !errors.Is(err, pflag.ErrHelp) {
		fmt.Fprintln(os.Stderr, "vsbaseline:", err)
	}
	os.Exit(2)
}

func run(args []string, stdout, stderr io.Writer) error {
	fs := pflag.NewFlagSet("vsbaseline", pflag.ContinueOnError)
	fs.SetOutput(stderr)
	runs := fs.Int("runs", 7, "rounds of runs (funnel run, lindley --loop heap, lindley --loop lindley), alternated")
	years := fs.Float64("years", 10, "simulated years of the reference funnel")
	pgo := fs.String("pgo", "auto", "profile-guided optimisation of both builds: auto (each main package's default.pgo, as go build does) or off")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *pgo != "auto" && *pgo != "off" {
		return fmt.Errorf("--pgo %q: want auto or off", *pgo)
	}
	if *runs < 1 {
		return fmt.Errorf("--runs %d: want at least 1", *runs)
	}
	if !(*years > 0 && *years <= 100) {
		return fmt.Errorf("--years %g: want a number of years in (0, 100] (horizon_days is at most 36500)", *years)
	}
	dir, err := os.MkdirTemp("", "vsbaseline-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	funnel, lindley := filepath.Join(dir, "funnel"), filepath.Join(dir, "lindley")
	for _, b := range [][2]string{{funnel, "./cmd/funnel"}, {lindley, "./sim/funnel/lindley"}} {
		cmd := exec.Command("go", "build", "-pgo="+*pgo, "-o", b[0], b[1])
		cmd.Stdout, cmd.Stderr = stderr, stderr
		if err := cmd.Run(); err != nil {
			return fmt.Errorf("go build %s (run vsbaseline from the module's root): %w", b[1], err)
		}
	}
	set := "horizon_days=" + strconv.FormatFloat(365**years, 'f', -1, 64)
	fmt.Fprintf(stdout, "reference funnel, %s, policy direct, 1 replication, 1 worker; CPU time (user+system) of the whole process; built with -pgo=%s\n\n", set, *pgo)
	tw := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "round\tfunnel run\theap loop\tapart\tlindley\tfunnel/heap\tfunnel/apart\tfunnel/lindley\t")
	var fts, hts, ats, lts, rh, ra, rl []float64
	for i := 0; i < *runs; i++ {
		out := filepath.Join(dir, "out"+strconv.Itoa(i))
		ft, _, err := cpu(funnel, "run", "reference", "--policies", "direct", "--reps", "1", "--workers", "1",
			"--plots=false", "--set", set, "--out", out, "-q")
		if err != nil {
			return err
		}
		ht, hout, err := cpu(lindley, "--loop", "heap", "--set", set)
		if err != nil {
			return err
		}
		at, aout, err := cpu(lindley, "--loop", "heap-apart", "--set", set)
		if err != nil {
			return err
		}
		lt, lout, err := cpu(lindley, "--loop", "lindley", "--set", set)
		if err != nil {
			return err
		}
		rows, err := os.ReadFile(filepath.Join(out, "replications.csv"))
		if err != nil {
			return err
		}
		os.RemoveAll(out)
		if err := sameModel(read(rows), read(hout), read(aout), read(lout)); err != nil {
			return err
		}
		fts, hts, ats, lts = append(fts, ft), append(hts, ht), append(ats, at), append(lts, lt)
		rh, ra, rl = append(rh, ft/ht), append(ra, ft/at), append(rl, ft/lt)
		fmt.Fprintf(tw, "%d\t%.3f s\t%.3f s\t%.3f s\t%.3f s\t%.2f×\t%.2f×\t%.2f×\t\n", i+1, ft, ht, at, lt, ft/ht, ft/at, ft/lt)
	}
	fmt.Fprintf(tw, "median\t%.3f s\t%.3f s\t%.3f s\t%.3f s\t%.2f×\t%.2f×\t%.2f×\t\n",
		median(fts), median(hts), median(ats), median(lts), median(rh), median(ra), median(rl))
	if err := tw.Flush(); err != nil {
		return err
	}
	_, err = fmt.Fprintf(stdout, "\n%s\n%s\n%s\n",
		summary("ratio funnel / heap loop", rh, "; target ≤ 2.0×"),
		summary("ratio funnel / heap loop with its next arrival apart (as the engine's lanes)", ra, ""),
		summary("ratio funnel / lindley (no event queue, a stricter floor)", rl, ""))
	return err
}

// summary is a summary line of the ratios: their median and range.
func summary(name string, ratios []float64, tail string) string {
	lo, hi := minMax(ratios)
	return fmt.Sprintf("%s: median %.2f× over %d rounds (range %.2f–%.2f×)%s", name, median(ratios), len(ratios), lo, hi, tail)
}

// output is what vsbaseline reads of a program's output: its inquiries
// and its revenue (-1 when absent).
type output struct {
	inquiries int64
	revenue   float64
}

// sameModel checks that the four programs (funnel run, the heap loop, the
// heap loop with its arrival apart, Lindley) saw the same inquiries and,
// to rounding (the sums are made in other orders), the same revenue.
func sameModel(f, h, a, l output) error {
	if f.inquiries < 0 || h.inquiries < 0 || a.inquiries < 0 || l.inquiries < 0 ||
		f.inquiries != h.inquiries || f.inquiries != a.inquiries || f.inquiries != l.inquiries {
		return fmt.Errorf("the four programs disagree on the inquiries (funnel %d, heap loop %d, apart %d, lindley %d): not the same model",
			f.inquiries, h.inquiries, a.inquiries, l.inquiries)
	}
	for _, o := range []output{h, a, l} {
		if !(f.revenue >= 0 && o.revenue >= 0 && math.Abs(f.revenue-o.revenue) <= 1e-9*math.Max(math.Abs(f.revenue), math.Abs(o.revenue))) {
			return fmt.Errorf("the four programs disagree on the revenue (funnel %g, heap loop %g, apart %g, lindley %g): not the same model",
				f.revenue, h.revenue, a.revenue, l.revenue)
		}
	}
	return nil
}

// cpu runs name with args and returns its CPU time in seconds and its
// standard output.
func cpu(name string, args ...string) (float64, []byte, error) {
	var out, errb bytes.Buffer
	cmd := exec.Command(name, args...)
	cmd.Stdout, cmd.Stderr = &out, &errb
	if err := cmd.Run(); err != nil {
		return 0, nil, fmt.Errorf("%s %v: %w\n%s", filepath.Base(name), args, err, errb.Bytes())
	}
	st := cmd.ProcessState
	return (st.UserTime() + st.SystemTime()).Seconds(), out.Bytes(), nil
}

// line is the inquiries or revenue line of funnel run's replications.csv
// ("0,direct,inquiries,N", "0,direct,revenue,R") or of lindley's output
// ("inquiries\tN", "revenue\tR").
var line = regexp.MustCompile(`^(?:0,direct,(inquiries|revenue),|(inquiries|revenue)\t)([-0-9.eE+]+)$`)

// read finds the inquiries and the revenue in either program's output (-1
// for either if absent).
func read(out []byte) output {
	o := output{inquiries: -1, revenue: -1}
	sc := bufio.NewScanner(bytes.NewReader(out))
	for sc.Scan() {
		m := line.FindSubmatch(sc.Bytes())
		if m == nil {
			continue
		}
		v, err := strconv.ParseFloat(string(m[3]), 64)
		if err != nil {
			continue
		}
		if string(m[1])+string(m[2]) == "inquiries" {
			o.inquiries = int64(v)
		} else {
			o.revenue = v
		}
	}
	return o
}

func median(xs []float64) float64 {
	s := append([]float64(nil), xs...)
	sort.Float64s(s)
	n := len(s)
	if n%2 == 1 {
		return s[n/2]
	}
	return (s[n/2-1] + s[n/2]) / 2
}

func minMax(xs []float64) (float64, float64) {
	s := append([]float64(nil), xs...)
	sort.Float64s(s)
	return s[0], s[len(s)-1]
}
