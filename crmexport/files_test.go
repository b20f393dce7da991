package crmexport_test

import (
	"context"
	"math"
	"os"
	"path/filepath"
	"testing"
	"time"

	"funnellab/crm"
	"funnellab/crmexport"
	"funnellab/scenarios"
	"funnellab/sim/funnel"
)

// TestFilesReadBackAsDataset: the files of an export, read through their
// own mapping, are the records Dataset gives (amounts to the cent), and
// every opportunity's lead and outcome are the simulated ones.
func TestFilesReadBackAsDataset(t *testing.T) {
	res, err := scenarios.LoadEmbedded("default", []string{"horizon_days=60", "observe_days=200"})
	if err != nil {
		t.Fatal(err)
	}
	m, err := funnel.Compile(res.Scenario)
	if err != nil {
		t.Fatal(err)
	}
	r, err := crmexport.Record(context.Background(), m, "default", 0, 1, time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC))
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Leads) == 0 || len(r.Opps) == 0 {
		t.Fatalf("%d leads, %d opportunities: nothing to test", len(r.Leads), len(r.Opps))
	}
	files, err := r.FilesNamed("x_")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	for n, b := range files {
		if err := os.WriteFile(filepath.Join(dir, n), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	mp, err := crm.LoadMapping(filepath.Join(dir, "crm.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	got, err := crm.Load(mp, time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	want := r.Dataset(false)
	if len(got.Bad) != 0 || len(got.Kept) != 0 {
		t.Errorf("rows left out or kept with a problem: %+v %+v", got.Bad, got.Kept)
	}
	if !got.AsOf.Equal(want.AsOf) || len(got.Leads) != len(want.Leads) || len(got.Opportunities) != len(want.Opportunities) {
		t.Fatalf("read as_of %v, %d leads, %d opportunities; want %v, %d, %d", got.AsOf, len(got.Leads), len(got.Opportunities),
			want.AsOf, len(want.Leads), len(want.Opportunities))
	}
	for i, o := range got.Opportunities {
		w := want.Opportunities[i]
		if o.ID != w.ID || o.Lead != w.Lead || o.Outcome != w.Outcome || !o.Created.Equal(w.Created) || !o.Closed.Equal(w.Closed) ||
			o.Owner != w.Owner || o.Source != w.Source || (math.IsNaN(w.Amount) != math.IsNaN(o.Amount)) || math.Abs(o.Amount-w.Amount) > 0.005 {
			t.Fatalf("opportunity %d read %+v, want %+v", i, o, w)
		}
	}
	for i, l := range got.Leads {
		w := want.Leads[i]
		if l.ID != w.ID || !l.Created.Equal(w.Created) || l.Source != w.Source || l.Opportunity != w.Opportunity || l.Converted != w.Converted {
			t.Fatalf("lead %d read %+v, want %+v", i, l, w)
		}
	}
	outcomes := map[string]int{}
	for _, o := range r.Opps {
		outcomes[o.Outcome]++
	}
	if outcomes["won"] == 0 || outcomes["lost"]+outcomes["no_decision"] == 0 {
		t.Errorf("outcomes %v: the export should hold won and lost opportunities", outcomes)
	}
}
