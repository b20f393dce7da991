package main

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
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
	runs := fs.Int("runs", 7, "pairs of runs (funnel, then lindley), alternated")
	years := fs.Float64("years", 10, "simulated years of the reference funnel")
	if err := fs.Parse(args); err != nil {
		return err
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
		cmd := exec.Command("go", "build", "-o", b[0], b[1])
		cmd.Stdout, cmd.Stderr = stderr, stderr
		if err := cmd.Run(); err != nil {
			return fmt.Errorf("go build %s (run vsbaseline from the module's root): %w", b[1], err)
		}
	}
	set := "horizon_days=" + strconv.FormatFloat(365**years, 'f', -1, 64)
	fmt.Fprintf(stdout, "reference funnel, %s, policy direct, 1 replication, 1 worker; CPU time (user+system) of the whole process\n\n", set)
	tw := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "pair\tfunnel run\tlindley\tratio\t")
	var fs_, ls, ratios []float64
	for i := 0; i < *runs; i++ {
		out := filepath.Join(dir, "out"+strconv.Itoa(i))
		ft, fout, err := cpu(funnel, "run", "reference", "--policies", "direct", "--reps", "1", "--workers", "1",
			"--plots=false", "--set", set, "--out", out, "-q")
		if err != nil {
			return err
		}
		lt, lout, err := cpu(lindley, "--set", set)
		if err != nil {
			return err
		}
		_ = fout
		rows, err := os.ReadFile(filepath.Join(out, "replications.csv"))
		if err != nil {
			return err
		}
		fn, ln := inquiries(rows), inquiries(lout)
		if fn < 0 || fn != ln {
			return fmt.Errorf("the two programs disagree on the inquiries (%d and %d): not the same model", fn, ln)
		}
		os.RemoveAll(out)
		fs_, ls, ratios = append(fs_, ft), append(ls, lt), append(ratios, ft/lt)
		fmt.Fprintf(tw, "%d\t%.3f s\t%.3f s\t%.2f×\t\n", i+1, ft, lt, ft/lt)
	}
	fmt.Fprintf(tw, "median\t%.3f s\t%.3f s\t%.2f×\t\n", median(fs_), median(ls), median(ratios))
	if err := tw.Flush(); err != nil {
		return err
	}
	lo, hi := minMax(ratios)
	_, err = fmt.Fprintf(stdout, "\nratio funnel / lindley: median %.2f× over %d pairs (range %.2f–%.2f×); target ≤ 2.0×\n",
		median(ratios), *runs, lo, hi)
	return err
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

// number is the inquiries line of funnel run's replications.csv
// ("0,direct,inquiries,N") or of lindley's output ("inquiries\tN").
var number = regexp.MustCompile(`^(?:0,direct,inquiries,|inquiries\t)([0-9.eE+]+)$`)

// inquiries finds the number of inquiries in either program's output (-1
// if absent).
func inquiries(out []byte) int64 {
	sc := bufio.NewScanner(bytes.NewReader(out))
	for sc.Scan() {
		if m := number.FindSubmatch(sc.Bytes()); m != nil {
			v, err := strconv.ParseFloat(string(m[1]), 64)
			if err == nil {
				return int64(v)
			}
		}
	}
	return -1
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
