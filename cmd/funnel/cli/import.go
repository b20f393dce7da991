package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"funnellab/crm"
)

// importOptions are the flags of funnel import.
type importOptions struct {
	mapFile string
	preset  string
	dir     string // --dir: the preset's folder
	asOf    string
	holdout float64
	behave  string // --behaviour: the world segment whose behaviour the buyers follow
	out     string
	name    string
	reps    int
	seed    uint64
	workers int
	quiet   bool
	args    []string  // the arguments given, for manifest.json
	start   time.Time // when the command started
}

const importSynopsis = "import (--map crm.yaml | --preset olist|salesforce|hubspot [--dir DIR]) [--holdout 0.3] [--out DIR] [flags]"

// importCmd is funnel import: a CRM export read through its mapping (or a
// preset's), its estimates written as a scenario extending the world, its
// targets, and how well the scenario reproduces the export (fit.json,
// report.html), held-out records apart with --holdout.
func importCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("import", importSynopsis, stderr)
	o := importOptions{}
	fs.StringVar(&o.mapFile, "map", "", "the mapping file naming the export's files, columns and outcome values (docs/import.md)")
	fs.StringVar(&o.preset, "preset", "", "a known export instead of --map: "+strings.Join(crm.PresetNames(), ", "))
	fs.StringVar(&o.dir, "dir", "", "the folder of the preset's files (default: for olist $OLIST_DIR, else the project's shared copy of the Olist data beside the repository; . for the others)")
	fs.StringVar(&o.asOf, "as-of", "", "the export's date (default: the mapping's as_of, else the latest date in the export): open records are censored there")
	fs.Float64Var(&o.holdout, "holdout", 0, "share of the period held out: fit on the records created in the first 1−F of it, predict the rest (0: fit on all)")
	fs.StringVar(&o.behave, "behaviour", "", "the world's segment whose behaviour (journey, win rate, receptiveness: what the data cannot tell) the company's buyers follow (default: the world's first, smb; marketplace for sellers who decide in days)")
	fs.StringVar(&o.out, "out", "", "the folder to write (default: out/import-NAME-TIMESTAMP); must not exist")
	fs.StringVar(&o.name, "name", "", "the scenario's name (default: the preset's, or the mapping file's base name)")
	fs.IntVar(&o.reps, "reps", 20, "replications simulated to compare the scenario with the export")
	fs.Uint64Var(&o.seed, "seed", 1, "master seed of the simulated replications")
	fs.IntVar(&o.workers, "workers", 0, "worker goroutines (default: number of CPUs); results do not depend on it")
	fs.BoolVarP(&o.quiet, "quiet", "q", false, "print nothing but errors")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 0 {
		return usageErr("import: unexpected argument %q (the export is named by --map or --preset)", fs.Arg(0))
	}
	o.args, o.start = args, time.Now()
	return runImport(ctx, o, stdout, stderr)
}

// runImport is funnel import once its flags are read.
func runImport(ctx context.Context, o importOptions, stdout, stderr io.Writer) error {
	switch {
	case (o.mapFile == "") == (o.preset == ""):
		return usageErr("import: give exactly one of --map FILE and --preset NAME")
	case o.dir != "" && o.preset == "":
		return usageErr("import: --dir is the folder of a --preset's files; a mapping's files are read from its own folder")
	case !(o.holdout >= 0 && o.holdout <= 0.9):
		return usageErr("import: --holdout: got %g, expected a share in [0, 0.9]", o.holdout)
	case o.reps < 1 || o.reps > 10000:
		return usageErr("import: --reps: got %d, expected an integer in [1,10000]", o.reps)
	case o.workers < 0:
		return usageErr("import: --workers: got %d, expected 0 (number of CPUs) or more", o.workers)
	}
	var asOf time.Time
	if o.asOf != "" {
		t, err := crm.ParseDate(o.asOf, false)
		if err != nil {
			return usageErr("import: --as-of: %v", err)
		}
		if len(strings.TrimSpace(o.asOf)) == 10 {
			t = t.Add(24*time.Hour - time.Second)
		}
		asOf = t
	}
	mp, name, source, err := importMapping(o)
	if err != nil {
		return err
	}
	if o.name != "" {
		name = o.name
	}
	if unsafeName.MatchString(name) {
		return usageErr("import: --name %q: expected letters, digits, '.', '-' and '_' only", name)
	}
	d, err := crm.Load(mp, asOf)
	if err != nil {
		return crmErr(err)
	}
	dir, err := openOutDir(outFor(o.out, "import-"+name), name, newLogger(stderr, o.quiet))
	if err != nil {
		return err
	}
	defer dir.Abort()
	imp, err := importFit(ctx, d, importSetup{name: name, source: source, holdout: o.holdout, behaviour: o.behave, reps: o.reps, seed: o.seed, workers: o.workers})
	if err != nil {
		return err
	}
	files, err := imp.files()
	if err != nil {
		return err
	}
	if files["manifest.json"], err = newImportManifest(o.args, d.Files, o.start); err != nil {
		return err
	}
	for _, f := range sortedKeys(files) {
		if err := dir.WriteFile(f, files[f]); err != nil {
			return fmt.Errorf("writing %s: %w", f, err)
		}
	}
	path, err := dir.Commit()
	if err != nil {
		return fmt.Errorf("writing results: %w", err)
	}
	if !o.quiet {
		imp.print(stdout, path)
	}
	return nil
}

// outFor is --out, or the default folder for a name.
func outFor(out, name string) string {
	if out != "" {
		return out
	}
	return defaultOutDir(name, time.Now())
}

// importMapping is the mapping of --map or --preset, the scenario's
// default name and what was imported.
func importMapping(o importOptions) (*crm.Mapping, string, string, error) {
	if o.preset != "" {
		dir := o.dir
		if dir == "" {
			dir = "."
			if o.preset == "olist" {
				dir = filepath.Join("..", "shared", "data", "olist")
				if env := os.Getenv("OLIST_DIR"); env != "" {
					dir = env
				}
			}
		}
		m, err := crm.Preset(o.preset, dir)
		if err != nil {
			return nil, "", "", crmErr(err)
		}
		return m, o.preset, fmt.Sprintf("the %s export in %s", o.preset, dir), nil
	}
	m, err := crm.LoadMapping(o.mapFile)
	if err != nil {
		return nil, "", "", crmErr(err)
	}
	base := strings.TrimSuffix(filepath.Base(o.mapFile), filepath.Ext(o.mapFile))
	name := unsafeName.ReplaceAllString(base, "_")
	if name == "crm" {
		name = unsafeName.ReplaceAllString(filepath.Base(filepath.Dir(o.mapFile)), "_")
	}
	if name == "" || name == "." || name == "_" {
		name = "company"
	}
	return m, name, "the export mapped by " + o.mapFile, nil
}

// crmErr makes the reader's errors about the input usage errors (exit 2).
func crmErr(err error) error {
	var ce *crm.Error
	if errors.As(err, &ce) {
		return usageErr("import: %v", err)
	}
	return err
}
