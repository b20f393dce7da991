package crm_test

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"

	"funnellab/crm"
)

// FuzzParseDate: any string is a date or an error, never a panic.
func FuzzParseDate(f *testing.F) {
	for _, s := range []string{"2018-02-01", "2/1/2018 7:58 PM", "01.02.2018", "2018-02-01T19:58:54.000Z", "1/15/2023", "", "//", "2018-", "9999/99/99"} {
		f.Add(s, false)
	}
	f.Fuzz(func(t *testing.T, s string, dayFirst bool) {
		_, _ = crm.ParseDate(s, dayFirst)
	})
}

// FuzzLoad: any opportunities file is read or refused with a *crm.Error,
// never a panic, and every row read or counted as left out.
func FuzzLoad(f *testing.F) {
	for _, s := range []string{
		"id,created,closed,stage,amount,owner\n1,2020-01-01,2020-02-01,Won,100,a\n2,2020-01-03,,Open,,b\n",
		"id,created,closed,stage\r\n1,1/2/2020,13/2/2020,Lost\r\n",
		"\xef\xbb\xbfid,created,closed,stage\n\"1\",\"2020-01-01\",\"\",\"Won\"\n",
		"id,created\n", "", "id,created,closed,stage\n1,2020-01-01,2019-01-01,Won\n1,2020-01-01,,Open\n,,,\n",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, body string) {
		dir := t.TempDir()
		if err := os.WriteFile(filepath.Join(dir, "o.csv"), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
		m := &crm.Mapping{Dir: dir, Name: "fuzz", Opportunities: &crm.Table{File: "o.csv",
			Columns:  map[string]string{"id": "id", "created": "created", "closed": "closed", "outcome": "stage", "amount": "amount", "owner": "owner"},
			Outcomes: map[string][]string{"won": {"Won"}, "lost": {"Lost"}, "open": {"Open", ""}}}}
		d, err := crm.Load(m, time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC))
		if err != nil {
			var ce *crm.Error
			if !errors.As(err, &ce) {
				t.Fatalf("error %v is not a *crm.Error", err)
			}
			return
		}
		n := len(d.Opportunities)
		for _, b := range d.Bad {
			n += b.Count
		}
		if n != d.Rows["o.csv"] {
			t.Fatalf("%d rows read or left out of %d", n, d.Rows["o.csv"])
		}
	})
}
