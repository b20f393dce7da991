package crm_test

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"funnellab/crm"
)

func TestParseDate(t *testing.T) {
	want := time.Date(2018, 2, 1, 19, 58, 54, 0, time.UTC)
	day := time.Date(2018, 2, 1, 0, 0, 0, 0, time.UTC)
	for _, c := range []struct {
		in       string
		dayFirst bool
		want     time.Time
	}{
		{"2018-02-01", false, day},
		{" 2018-02-01 ", false, day},
		{"2018-02-01 19:58:54", false, want},
		{"2018-02-01T19:58:54Z", false, want},
		{"2018-02-01T19:58:54.000Z", false, want},
		{"2018-02-01T21:58:54+02:00", false, want},
		{"2018/02/01", false, day},
		{"2/1/2018", false, day},
		{"2/1/2018 7:58 PM", false, want.Truncate(time.Minute)},
		{"02/01/2018 19:58:54", false, want},
		{"1/2/2018", true, day},
		{"01.02.2018", false, day},
	} {
		got, err := crm.ParseDate(c.in, c.dayFirst)
		if err != nil || !got.Equal(c.want) {
			t.Errorf("ParseDate(%q, %v) = %v, %v; want %v", c.in, c.dayFirst, got, err, c.want)
		}
	}
	for _, bad := range []string{"", "2018-13-45", "yesterday", "45/45/2018"} {
		if _, err := crm.ParseDate(bad, false); err == nil {
			t.Errorf("ParseDate(%q): no error", bad)
		}
	}
}

// load reads a fixture of testdata/import.
func load(t *testing.T, preset string) *crm.Dataset {
	t.Helper()
	m, err := crm.Preset(preset, filepath.Join("..", "testdata", "import", preset))
	if err != nil {
		t.Fatal(err)
	}
	d, err := crm.Load(m, time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func bad(d *crm.Dataset) map[string]int {
	out := map[string]int{}
	for _, b := range d.Bad {
		out[b.Reason] += b.Count
	}
	return out
}

// The fixtures are written for these tests (testdata/import): each row
// the counts below name is a row of the fixture built to be rejected.
func TestPresetFixtures(t *testing.T) {
	t.Run("olist", func(t *testing.T) {
		d := load(t, "olist")
		if len(d.Opportunities) != 60 || len(d.Leads) != 0 {
			t.Fatalf("read %d opportunities and %d leads, want 60 and 0", len(d.Opportunities), len(d.Leads))
		}
		want := map[string]int{"duplicate id": 1, "open without a created date (not engaged yet)": 1, "unparseable date (created)": 1}
		if got := bad(d); !equal(got, want) {
			t.Errorf("bad rows %v, want %v", got, want)
		}
		won := 0
		for _, o := range d.Opportunities {
			if o.Outcome == crm.Won {
				won++
				if o.Closed.IsZero() || o.Owner == "" {
					t.Errorf("won %s without its close date or owner from the joined deals", o.ID)
				}
			} else if o.Outcome != crm.Open {
				t.Errorf("%s: outcome %v; olist records only wins and open MQLs", o.ID, o.Outcome)
			}
		}
		if won != 15 {
			t.Errorf("%d won, want the 15 joined deals", won)
		}
		if len(d.Spellings) != 1 || d.Spellings[0].Read != "organic search" {
			t.Errorf("spellings %+v, want Organic Search read as organic search", d.Spellings)
		}
	})
	t.Run("salesforce", func(t *testing.T) {
		d := load(t, "salesforce")
		if len(d.Leads) != 60 || len(d.Opportunities) != 30 {
			t.Fatalf("read %d leads and %d opportunities, want 60 and 30", len(d.Leads), len(d.Opportunities))
		}
		want := map[string]int{"duplicate id": 1, "closed before created": 1, "unknown outcome": 1}
		if got := bad(d); !equal(got, want) {
			t.Errorf("bad rows %v, want %v", got, want)
		}
		conv := 0
		for _, l := range d.Leads {
			if l.Converted {
				conv++
			}
		}
		if conv != 30 {
			t.Errorf("%d leads converted, want 30", conv)
		}
	})
	t.Run("hubspot", func(t *testing.T) {
		d := load(t, "hubspot")
		if len(d.Leads) != 60 || len(d.Opportunities) != 30 {
			t.Fatalf("read %d leads and %d opportunities, want 60 and 30", len(d.Leads), len(d.Opportunities))
		}
		want := map[string]int{"duplicate id": 1, "missing date (closed)": 1}
		if got := bad(d); !equal(got, want) {
			t.Errorf("bad rows %v, want %v", got, want)
		}
		owners := map[string]bool{}
		for _, o := range d.Opportunities {
			owners[o.Owner] = true
		}
		if len(owners) != 3 {
			t.Errorf("owners %v: the upper-case spellings should be read as the 3 reps", owners)
		}
	})
}

func TestMappingFixture(t *testing.T) {
	m, err := crm.LoadMapping(filepath.Join("..", "testdata", "import", "mapping", "crm.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	d, err := crm.Load(m, time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	if len(d.Prices) != 3 {
		t.Errorf("prices %v: GTXPro should be read as GTX Pro", d.Prices)
	}
	// Day-first dates: 16/02/2023 is February 16.
	for _, o := range d.Opportunities {
		if o.ID == "OPP000" && !o.Closed.Equal(time.Date(2023, 2, 16, 0, 0, 0, 0, time.UTC)) {
			t.Errorf("OPP000 closed %v, want 2023-02-16 (a day-first column)", o.Closed)
		}
	}
	if want := time.Date(2023, 12, 31, 23, 59, 59, 0, time.UTC); !d.AsOf.Equal(want) {
		t.Errorf("as_of %v, want the end of 2023-12-31", d.AsOf)
	}
	if got := bad(d); got["open without a created date (not engaged yet)"] != 4 || len(got) != 1 {
		t.Errorf("bad rows %v, want the 4 open records not yet engaged", got)
	}
}

func equal(a, b map[string]int) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}

// TestBadInput: every refusal is a *crm.Error naming the file and the
// column or key at fault.
func TestBadInput(t *testing.T) {
	dir := t.TempDir()
	write := func(name, body string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	write("opps.csv", "id,created,stage\r\n1,2020-01-01,Won\r\n")
	write("empty.csv", "")
	write("header.csv", "id,created,stage\n")
	write("baddates.csv", "id,created,stage\n1,soon,Won\n2,later,Won\n")
	cases := []struct {
		name, mapping string
		want          []string // in the error
	}{
		{"missing column", "opportunities: {file: opps.csv, columns: {id: id, created: created_date, outcome: stage}, outcomes: {won: [Won]}}",
			[]string{"opps.csv", "created_date", "opportunities.columns.created"}},
		{"missing required", "opportunities: {file: opps.csv, columns: {id: id, outcome: stage}, outcomes: {won: [Won]}}",
			[]string{"m.yaml", "opportunities.columns.created", "required"}},
		{"unknown field", "opportunities: {file: opps.csv, columns: {id: id, created: created, outcome: stage, colour: x}, outcomes: {won: [Won]}}",
			[]string{"m.yaml", "opportunities.columns.colour", "unknown field"}},
		{"unknown key", "opportunity: {file: opps.csv}", []string{"m.yaml", "line 1", "opportunity"}},
		{"no won", "opportunities: {file: opps.csv, columns: {id: id, created: created, outcome: stage}}", []string{"m.yaml", "opportunities.outcomes.won"}},
		{"no file", "opportunities: {file: nothere.csv, columns: {id: id, created: created, outcome: stage}, outcomes: {won: [Won]}}", []string{"nothere.csv", "cannot read"}},
		{"empty file", "opportunities: {file: empty.csv, columns: {id: id, created: created, outcome: stage}, outcomes: {won: [Won]}}", []string{"empty.csv", "empty file"}},
		{"no rows", "opportunities: {file: header.csv, columns: {id: id, created: created, outcome: stage}, outcomes: {won: [Won]}}", []string{"header.csv", "no usable row"}},
		{"no usable rows", "opportunities: {file: baddates.csv, columns: {id: id, created: created, outcome: stage}, outcomes: {won: [Won]}}",
			[]string{"baddates.csv", "no usable row", "2 unparseable date (created) (first at line 2)"}},
		{"bad as_of", "opportunities: {file: opps.csv, columns: {id: id, created: created, outcome: stage}, outcomes: {won: [Won]}}\nas_of: someday", []string{"m.yaml", "as_of"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p := write("m.yaml", c.mapping)
			m, err := crm.LoadMapping(p)
			if err == nil {
				_, err = crm.Load(m, time.Time{})
			}
			var ce *crm.Error
			if !errors.As(err, &ce) {
				t.Fatalf("error %v, want a *crm.Error", err)
			}
			for _, w := range c.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not say %q", err, w)
				}
			}
		})
	}
	if _, err := crm.Preset("pipedrive", dir); err == nil || !strings.Contains(err.Error(), "olist, salesforce, hubspot") && !strings.Contains(err.Error(), "hubspot, olist, salesforce") {
		t.Errorf("unknown preset: %v, want the presets listed", err)
	}
	if _, err := crm.Preset("olist", dir); err == nil || !strings.Contains(err.Error(), "olist_marketing_qualified_leads_dataset.csv") {
		t.Errorf("preset without its files: %v, want the missing file named", err)
	}
}
