package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"runtime"
	"runtime/debug"
	"strings"

	"github.com/spf13/pflag"
)

// Version is the program version, settable at link time with
// -ldflags "-X funnellab/cmd/funnel/cli.Version=v1.2.3".
var Version = "0.1.0-dev"

// Exit codes; see the package documentation.
const (
	ExitOK           = 0
	ExitFailure      = 1
	ExitUsage        = 2
	ExitChecksFailed = 3
	// ExitCalibrationMissed: funnel calibrate wrote its closest fit, but a
	// target was missed by more than its tolerance.
	ExitCalibrationMissed = 4
	ExitInterrupted       = 130
)

// exitError carries an exit code with an error.
type exitError struct {
	code int
	err  error
}

func (e *exitError) Error() string { return e.err.Error() }
func (e *exitError) Unwrap() error { return e.err }

func usageErr(format string, a ...any) error {
	return &exitError{ExitUsage, fmt.Errorf(format, a...)}
}

func asUsage(err error) error { return &exitError{ExitUsage, err} }

// Main runs the funnel command with args (without the program name) and
// returns the process exit code. Errors are printed on stderr.
//
// A panic is reported as an internal error with exit code 1 (never 2:
// the input was valid, or it would have been refused).
func Main(ctx context.Context, args []string, stdout, stderr io.Writer) (code int) {
	defer func() {
		if v := recover(); v != nil {
			fmt.Fprintf(stderr, "funnel: internal error: panic: %v; this is a bug in funnel, please report it with the command and this stack:\n%s", v, debug.Stack())
			code = ExitFailure
		}
	}()
	return exitCodeOf(Run(ctx, args, stdout, stderr), stderr)
}

// exitCodeOf prints err on stderr, unless it is nil or asks for help, and
// returns the exit code it calls for.
func exitCodeOf(err error, stderr io.Writer) int {
	if err == nil {
		return ExitOK
	}
	if errors.Is(err, pflag.ErrHelp) {
		return ExitOK
	}
	fmt.Fprintf(stderr, "funnel: %v\n", err)
	var ee *exitError
	if errors.As(err, &ee) {
		return ee.code
	}
	if errors.Is(err, context.Canceled) {
		return ExitInterrupted
	}
	return ExitFailure
}

const usage = `Funnel Lab: discrete-event Monte Carlo of the marketing → sales hand-off.

Usage:
  funnel run [SCENARIO] [flags]   run a scenario (a .yaml file or an embedded name;
                                  default: the embedded %q scenario)
  funnel validate SCENARIO [--set path=value ...]
                                  check a scenario and print its resolved form
  funnel plot RUN_DIR             redraw a run's figures from its saved results
  funnel reproduce [NAME|FILE ...] [--world FILE] [--set KEY=VALUE ...] [--strict] [--perturb F]
                                  run the finding scenarios and compare with the published figures,
                                  scored by role; exit 3 if a finding expected to reproduce does not
  funnel calibrate SCENARIO --fit KEYS --target QUANTITY=VALUE ... [--targets targets.json]
                                  fit scenario keys to target figures (Nelder-Mead, common random numbers)
  funnel calibrate --findings ID,...|all-fitted --fit KEYS [--world FILE] [--starts N] ...
                                  fit world keys to many findings at once (Sobol start, Nelder-Mead, CRN);
                                  bootstrap intervals and identifiability of the keys
  funnel sweep SCENARIO --vary KEY=V1,V2,... [--vary ...]
                                  run the scenario at every point of a design (grid, or lhs|sobol|halton
                                  over KEY=LO..HI), common random numbers across points
  funnel select SCENARIO [--vary KEY=V1,V2,...] --objective EXPR --delta D [--subject-to CHECK ...]
                                  the best policy or design point by ranking and selection (KN, OCBA; CRN)
  funnel sensitivity SCENARIO --vary KEY=LO..HI ... --output EXPR [--method morris|sobol]
                                  which inputs move a policy's metric or a difference of two
                                  (Morris screening, Sobol indices), and where each policy wins
  funnel decompose SCENARIO A B --metric METRIC
                                  why policy B differs from A: the parts in which they differ as a
                                  2^k factorial on common random numbers (docs/experiments.md)
  funnel import (--map crm.yaml | --preset olist|salesforce|hubspot) [--holdout 0.3]
                                  fit a scenario of a company to its CRM export and show how well it
                                  reproduces the export, held-out records apart (docs/import.md)
  funnel merge OUT DIR...         put the shards of a run, sweep or sensitivity analysis (--shard I/N)
                                  back together, byte-identical to the unsharded run
  funnel slurm run|sweep|sensitivity ... --shards N --out DIR [--wait] [--dry-run]
                                  run it on a Slurm cluster: a job array of shards and a merge job
  funnel k8s run|sweep|sensitivity ... --shards N --image IMAGE --out DIR
                                  print a Kubernetes Indexed Job of the shards and its merge Job
  funnel scenarios                list the embedded scenarios with their descriptions
  funnel schema                   print the JSON Schema of scenario files
  funnel version                  print the program and Go versions
  funnel help [COMMAND]           show help

Run 'funnel help run' for the flags of run.
`

// Run runs the funnel command; Main wraps it with exit codes.
func Run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		fmt.Fprintf(stderr, usage, defaultScenario)
		return usageErr("no command given")
	}
	cmd, rest := args[0], args[1:]
	if c, ok := command(cmd); ok {
		return c(ctx, rest, stdout, stderr)
	}
	switch cmd {
	case "version", "--version":
		fmt.Fprintln(stdout, versionString())
		return nil
	case "help", "-h", "--help":
		if len(rest) > 0 && rest[0] != "version" && rest[0] != "help" {
			c, ok := command(rest[0])
			if !ok {
				fmt.Fprintf(stderr, usage, defaultScenario)
				return usageErr("help: unknown command %q", rest[0])
			}
			return c(ctx, []string{"--help"}, stdout, stdout)
		}
		fmt.Fprintf(stdout, usage, defaultScenario)
		return nil
	}
	fmt.Fprintf(stderr, usage, defaultScenario)
	return usageErr("unknown command %q", cmd)
}

// A cmdFunc runs one command with its arguments.
type cmdFunc func(ctx context.Context, args []string, stdout, stderr io.Writer) error

// command returns the command named name: the one table both Run and
// help dispatch from.
func command(name string) (cmdFunc, bool) {
	noCtx := func(f func([]string, io.Writer, io.Writer) error) cmdFunc {
		return func(_ context.Context, args []string, stdout, stderr io.Writer) error { return f(args, stdout, stderr) }
	}
	c, ok := map[string]cmdFunc{
		"run":         runCmd,
		"validate":    noCtx(validateCmd),
		"schema":      noCtx(schemaCmd),
		"plot":        noCtx(plotCmd),
		"reproduce":   reproduceCmd,
		"calibrate":   calibrateCmd,
		"sweep":       sweepCmd,
		"select":      selectCmd,
		"sensitivity": sensitivityCmd,
		"decompose":   decomposeCmd,
		"import":      importCmd,
		"merge":       mergeCmd,
		"slurm":       slurmCmd,
		"k8s":         func(_ context.Context, args []string, stdout, _ io.Writer) error { return k8sCmd(args, stdout) },
		"scenarios":   noCtx(scenariosCmd),
	}[name]
	return c, ok
}

// goVersion is the Go version the binary was built with.
func goVersion() string { return runtime.Version() }

func versionString() string {
	v := Version
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
		v = bi.Main.Version
	}
	return fmt.Sprintf("funnel %s (%s, %s/%s)", v, goVersion(), runtime.GOOS, runtime.GOARCH)
}

// newFlags returns a GNU-style flag set that reports errors instead of
// exiting, and prints its usage on w.
func newFlags(name, synopsis string, w io.Writer) *pflag.FlagSet {
	fs := pflag.NewFlagSet(name, pflag.ContinueOnError)
	fs.SetOutput(w)
	fs.SortFlags = false
	fs.Usage = func() {
		fmt.Fprintf(w, "Usage: funnel %s\n\nFlags:\n%s", synopsis, fs.FlagUsages())
	}
	return fs
}

// parseFlags parses args and turns pflag's errors into usage errors (an
// integer out of its flag's range says so: rangeError). A
// boolean flag followed by a separate "true" or "false" (--plots false)
// takes it as its value, as --plots=false, instead of leaving it as an
// argument.
func parseFlags(fs *pflag.FlagSet, args []string) error {
	if err := fs.Parse(joinBoolValues(fs, args)); err != nil {
		if errors.Is(err, pflag.ErrHelp) {
			return err
		}
		if rerr := rangeError(err); rerr != nil {
			err = rerr
		}
		return usageErr("%s: %v (see 'funnel help %s')", fs.Name(), err, fs.Name())
	}
	return nil
}

func splitList(s string) []string {
	var out []string
	for _, f := range strings.Split(s, ",") {
		if f = strings.TrimSpace(f); f != "" {
			out = append(out, f)
		}
	}
	return out
}

// joinBoolValues rewrites "--flag true|false" as "--flag=true|false" for
// the boolean flags of fs (long or short names), up to a "--".
func joinBoolValues(fs *pflag.FlagSet, args []string) []string {
	var out []string
	for i := 0; i < len(args); i++ {
		a := args[i]
		if a == "--" {
			return append(out, args[i:]...)
		}
		if i+1 < len(args) && (args[i+1] == "true" || args[i+1] == "false") {
			var f *pflag.Flag
			if name, ok := strings.CutPrefix(a, "--"); ok {
				f = fs.Lookup(name)
			} else if len(a) == 2 && a[0] == '-' {
				f = fs.ShorthandLookup(a[1:])
			}
			if f != nil && f.Value.Type() == "bool" {
				out = append(out, a+"="+args[i+1])
				i++
				continue
			}
		}
		out = append(out, a)
	}
	return out
}
