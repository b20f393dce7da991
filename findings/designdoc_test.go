package findings

import (
	"flag"
	"os"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the generated part of docs/findings.md")

const (
	findingsDoc       = "../docs/findings.md"
	designBeginMarker = "<!-- BEGIN DESIGN KEYS -->\n"
	designEndMarker   = "<!-- END DESIGN KEYS -->"
)

// designKeysDoc is the list of DesignKeys as docs/findings.md gives it.
func designKeysDoc() string {
	var b strings.Builder
	b.WriteString("\n| pattern | what a finding scenario may set |\n|---|---|\n")
	for _, p := range DesignKeys {
		b.WriteString("| `" + p + "` | " + designKeyNote(p) + " |\n")
	}
	b.WriteString("\n")
	return b.String()
}

// designKeyNote says what a pattern of DesignKeys is for.
func designKeyNote(p string) string {
	switch {
	case p == "extends":
		return "world or default"
	case strings.HasPrefix(p, "findings") || strings.HasPrefix(p, "checks") || strings.HasPrefix(p, "verdict"):
		return "what is measured and checked"
	case strings.HasPrefix(p, "policies"):
		return "the policies the studied firms used"
	case strings.HasPrefix(p, "marketing.channels"):
		return "which channels are sampled, how many, their mix"
	case strings.HasPrefix(p, "segments"):
		return "the segment mix and prices (segments as a mapping of name → {share, deal_value})"
	case strings.HasPrefix(p, "sales"):
		return "the firms' resources and practices"
	case strings.HasPrefix(p, "calendar"):
		return "working hours and days: a firm practice"
	case strings.HasPrefix(p, "scoring"):
		return "the firm's scoring model"
	case strings.HasPrefix(p, "nurture"):
		return "its nurture cadence"
	case strings.HasPrefix(p, "costs"):
		return "its unit costs"
	}
	return "bookkeeping: naming, size, windows, calibrated keys"
}

// TestDesignKeysDocUpToDate: the design keys of docs/findings.md are
// DesignKeys; -update rewrites them.
func TestDesignKeysDocUpToDate(t *testing.T) {
	data, err := os.ReadFile(findingsDoc)
	if err != nil {
		t.Fatal(err)
	}
	doc := string(data)
	begin, end := strings.Index(doc, designBeginMarker), strings.Index(doc, designEndMarker)
	if begin < 0 || end < begin {
		t.Fatalf("%s must contain %q followed by %q", findingsDoc, designBeginMarker, designEndMarker)
	}
	begin += len(designBeginMarker)
	want := designKeysDoc()
	if *update {
		doc = doc[:begin] + want + doc[end:]
		if err := os.WriteFile(findingsDoc, []byte(doc), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	if doc[begin:end] != want {
		t.Errorf("the design keys of %s are out of date; run go test ./findings -run TestDesignKeysDoc -update", findingsDoc)
	}
}
