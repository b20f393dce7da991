package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// funnel runs the command line and returns its exit code, stdout and
// stderr.
func funnelCLI(args ...string) (int, string, string) {
	var out, errw bytes.Buffer
	code := Main(context.Background(), args, &out, &errw)
	return code, out.String(), errw.String()
}

var importFixtures = filepath.Join("..", "..", "..", "testdata", "import")

// importArgs are the flags importing fixture name: a preset or the
// generic mapping.
func importArgs(name string) []string {
	if name == "mapping" {
		return []string{"import", "--map", filepath.Join(importFixtures, "mapping", "crm.yaml")}
	}
	return []string{"import", "--preset", name, "--dir", filepath.Join(importFixtures, name)}
}

// TestImportFixtures: every preset and the generic mapping import their
// fixtures, with and without a holdout; the scenario written runs with
// funnel run as it is; fit.json lists every figure of each split.
func TestImportFixtures(t *testing.T) {
	for _, name := range []string{"olist", "salesforce", "hubspot", "mapping"} {
		t.Run(name, func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "imp")
			code, _, stderr := funnelCLI(append(importArgs(name), "--holdout", "0.3", "--reps", "3", "--out", out, "-q")...)
			if code != 0 {
				t.Fatalf("exit %d: %s", code, stderr)
			}
			for _, f := range []string{"scenario.yaml", "targets.json", "fit.json", "import.json", "report.html", "manifest.json"} {
				if _, err := os.Stat(filepath.Join(out, f)); err != nil {
					t.Errorf("%s not written: %v", f, err)
				}
			}
			var fit struct {
				Figures []struct {
					Name, Split string
					Observed    *float64
					Within      bool
				}
			}
			b, err := os.ReadFile(filepath.Join(out, "fit.json"))
			if err != nil {
				t.Fatal(err)
			}
			if err := json.Unmarshal(b, &fit); err != nil {
				t.Fatal(err)
			}
			splits := map[string]int{}
			for _, f := range fit.Figures {
				splits[f.Split]++
				if f.Observed == nil {
					t.Errorf("%s/%s: no observed value", f.Name, f.Split)
				}
			}
			if splits["fit"] == 0 || splits["holdout"] == 0 || len(splits) != 2 {
				t.Errorf("fit.json splits %v, want fit and holdout figures", splits)
			}
			run := filepath.Join(t.TempDir(), "run")
			code, _, stderr = funnelCLI("run", filepath.Join(out, "scenario.yaml"), "--reps", "1", "--plots=false", "--out", run, "-q")
			if code != 0 {
				t.Fatalf("funnel run on the imported scenario: exit %d: %s", code, stderr)
			}
		})
	}
}

// TestImportSameBytes: the files of funnel import do not depend on the
// number of workers (but manifest.json, which records the times).
func TestImportSameBytes(t *testing.T) {
	var first map[string][]byte
	for _, w := range []string{"1", "2"} {
		out := filepath.Join(t.TempDir(), "imp")
		code, _, stderr := funnelCLI(append(importArgs("salesforce"), "--holdout", "0.3", "--reps", "4", "--workers", w, "--out", out, "-q")...)
		if code != 0 {
			t.Fatalf("exit %d: %s", code, stderr)
		}
		files := map[string][]byte{}
		entries, _ := os.ReadDir(out)
		for _, e := range entries {
			b, err := os.ReadFile(filepath.Join(out, e.Name()))
			if err != nil {
				t.Fatal(err)
			}
			files[e.Name()] = b
		}
		if first == nil {
			first = files
			continue
		}
		for n, b := range first {
			if n != "manifest.json" && !bytes.Equal(b, files[n]) {
				t.Errorf("%s differs between 1 and 2 workers", n)
			}
		}
	}
}

// TestImportUsage: bad input exits 2 naming the file and the column or
// flag at fault.
func TestImportUsage(t *testing.T) {
	dir := t.TempDir()
	write := func(name, body string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	write("opps.csv", "id,created,stage\n1,2020-01-01,Won\n")
	write("dates.csv", "id,created,stage\n1,soon,Won\n")
	cases := []struct {
		args []string
		want []string
	}{
		{[]string{"import"}, []string{"exactly one of --map FILE and --preset NAME"}},
		{[]string{"import", "--preset", "pipedrive"}, []string{"--preset", "pipedrive", "unknown preset"}},
		{[]string{"import", "--preset", "olist", "--dir", dir}, []string{"olist_marketing_qualified_leads_dataset.csv"}},
		{[]string{"import", "--map", write("m1.yaml", "opportunities: {file: opps.csv, columns: {id: id, created: created_at, outcome: stage}, outcomes: {won: [Won]}}")},
			[]string{"opps.csv", "created_at", "missing column", "opportunities.columns.created"}},
		{[]string{"import", "--map", write("m2.yaml", "opportunities: {file: dates.csv, columns: {id: id, created: created, outcome: stage}, outcomes: {won: [Won]}}")},
			[]string{"dates.csv", "no usable row", "unparseable date"}},
		{[]string{"import", "--map", filepath.Join(dir, "none.yaml")}, []string{"none.yaml", "cannot read"}},
		{append(importArgs("hubspot"), "--holdout", "1.5"), []string{"--holdout", "[0, 0.9]"}},
		{append(importArgs("hubspot"), "--as-of", "someday"), []string{"--as-of"}},
		{append(importArgs("hubspot"), "--reps", "0"), []string{"--reps"}},
		{append(importArgs("hubspot"), "--behaviour", "nope"), []string{"--behaviour", `no segment "nope"`, "smb, mid_market, enterprise, marketplace"}},
	}
	for _, c := range cases {
		code, _, stderr := funnelCLI(c.args...)
		if code != ExitUsage {
			t.Errorf("%v: exit %d, want %d (%s)", c.args, code, ExitUsage, stderr)
			continue
		}
		for _, w := range c.want {
			if !strings.Contains(stderr, w) {
				t.Errorf("%v: %q does not say %q", c.args, stderr, w)
			}
		}
	}
}

// TestRunExportCRM: funnel run --export crm writes a replication's
// records with the mapping that reads them back, every row usable; the
// same run gives the same bytes; a bad --export flag exits 2.
func TestRunExportCRM(t *testing.T) {
	var prev map[string][]byte
	for i, w := range []string{"1", "2"} {
		out := filepath.Join(t.TempDir(), "run")
		code, _, stderr := funnelCLI("run", "default", "--set", "horizon_days=60", "--set", "observe_days=120", "--reps", "2", "--workers", w,
			"--plots=false", "--out", out, "-q", "--export", "crm", "--export-rep", "2", "--export-policy", "objective")
		if code != 0 {
			t.Fatalf("exit %d: %s", code, stderr)
		}
		files := map[string][]byte{}
		for _, f := range []string{"crm.yaml", "crm_leads.csv", "crm_opportunities.csv"} {
			b, err := os.ReadFile(filepath.Join(out, f))
			if err != nil {
				t.Fatal(err)
			}
			files[f] = b
		}
		if !strings.Contains(string(files["crm.yaml"]), "replication 2, policy objective") {
			t.Errorf("crm.yaml does not name the replication and policy exported:\n%s", files["crm.yaml"])
		}
		if i == 1 {
			for n := range files {
				if !bytes.Equal(files[n], prev[n]) {
					t.Errorf("%s differs between 1 and 2 workers", n)
				}
			}
		}
		prev = files
		imp := filepath.Join(t.TempDir(), "imp")
		code, stdout, stderr := funnelCLI("import", "--map", filepath.Join(out, "crm.yaml"), "--reps", "2", "--out", imp)
		if code != 0 {
			t.Fatalf("import of the export: exit %d: %s", code, stderr)
		}
		if strings.Contains(stdout, "left out") {
			t.Errorf("the simulated export has rows left out:\n%s", stdout)
		}
		leads := strings.Count(string(files["crm_leads.csv"]), "\n") - 1
		var doc struct{ Leads int }
		b, _ := os.ReadFile(filepath.Join(imp, "import.json"))
		_ = json.Unmarshal(b, &doc)
		if doc.Leads != leads {
			t.Errorf("import read %d leads of the %d exported", doc.Leads, leads)
		}
	}
	for _, args := range [][]string{
		{"run", "reference", "--export", "csv"},
		{"run", "reference", "--export-rep", "2"},
		{"run", "reference", "--reps", "2", "--export", "crm", "--export-rep", "3"},
		{"run", "reference", "--export", "crm", "--export-policy", "nobody"},
	} {
		if code, _, stderr := funnelCLI(args...); code != ExitUsage || !strings.Contains(stderr, "--export") {
			t.Errorf("%v: exit %d, want 2 naming --export: %s", args, code, stderr)
		}
	}
}

// TestCalibrateTargetsFile: funnel calibrate --targets reads a
// targets.json's quantities; a bad one exits 2 naming the entry.
func TestCalibrateTargetsFile(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(dir, "targets.json")
	if err := os.WriteFile(good, []byte(`{"targets": [{"quantity": "win_rate_closed", "value": 0.25}, {"quantity": "cycle_days_won_median", "value": 40}]}`), 0o644); err != nil {
		t.Fatal(err)
	}
	ts, err := loadTargetsFile(good)
	if err != nil || len(ts) != 2 || ts[0].quantity != "win_rate_closed" || ts[1].value != 40 {
		t.Fatalf("loadTargetsFile = %+v, %v", ts, err)
	}
	for body, want := range map[string]string{
		`{"targets": [{"quantity": "happiness", "value": 1}]}`: `targets[0].quantity "happiness"`,
		`{"targets": [{"quantity": "win_rate_closed"}]}`:       `targets[0].value`,
		`{"targets": []}`: `no targets`,
		`not json`:        `not a targets file`,
	} {
		p := filepath.Join(dir, "bad.json")
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
		code, _, stderr := funnelCLI("calibrate", "reference", "--fit", "sales.win_rate", "--targets", p)
		if code != ExitUsage || !strings.Contains(stderr, want) {
			t.Errorf("%s: exit %d, %q; want exit 2 saying %q", body, code, stderr, want)
		}
	}
}

// TestImportOlist runs the done-when command on the shared Olist data
// (OLIST_DIR, or the project's shared copy), with fewer replications.
func TestImportOlist(t *testing.T) {
	dir := os.Getenv("OLIST_DIR")
	if dir == "" {
		dir = filepath.Join("..", "..", "..", "..", "shared", "data", "olist")
	}
	if _, err := os.Stat(filepath.Join(dir, "olist_closed_deals_dataset.csv")); err != nil {
		t.Skipf("no Olist data in %s (set OLIST_DIR): the preset is tested on its fixture only", dir)
	}
	out := filepath.Join(t.TempDir(), "imp")
	code, stdout, stderr := funnelCLI("import", "--preset", "olist", "--dir", dir, "--holdout", "0.3", "--reps", "4", "--out", out)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if !strings.Contains(stdout, "7999 opportunities") || !strings.Contains(stdout, "held-out records") {
		t.Errorf("unexpected summary:\n%s", stdout)
	}
}

// TestCalibrateDistance: funnel calibrate --targets fits an imported
// scenario to its targets.json, the distributions of days by outcome
// with the distance asked for; an unknown distance exits 2.
func TestCalibrateDistance(t *testing.T) {
	imp := filepath.Join(t.TempDir(), "imp")
	if code, _, stderr := funnelCLI(append(importArgs("hubspot"), "--reps", "1", "--out", imp, "-q")...); code != 0 {
		t.Fatalf("import: exit %d: %s", code, stderr)
	}
	for _, d := range []string{"wasserstein", "ks"} {
		out := filepath.Join(t.TempDir(), "cal.yaml")
		code, stdout, stderr := funnelCLI("calibrate", filepath.Join(imp, "scenario.yaml"), "--fit", "segments.0.win_rate",
			"--targets", filepath.Join(imp, "targets.json"), "--distance", d, "--reps", "1", "--evals", "2", "--out", out)
		if code != 0 && code != ExitCalibrationMissed {
			t.Fatalf("%s: exit %d: %s", d, code, stderr)
		}
		if !strings.Contains(stdout, "cycle_days_won: "+d+" distance") || !strings.Contains(stdout, "cycle_days_lost: "+d+" distance") {
			t.Errorf("%s: the distances are not reported:\n%s", d, stdout)
		}
	}
	code, _, stderr := funnelCLI("calibrate", filepath.Join(imp, "scenario.yaml"), "--fit", "segments.0.win_rate",
		"--targets", filepath.Join(imp, "targets.json"), "--distance", "energy")
	if code != ExitUsage || !strings.Contains(stderr, "--distance") {
		t.Errorf("--distance energy: exit %d, %s", code, stderr)
	}
}
