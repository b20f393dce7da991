package plots

import (
	"bytes"
	"math"
	"testing"
)

// TestWaterfall checks that the bars float from the running sum, that the
// total stands on 0, and that the chart renders with and without
// intervals.
func TestWaterfall(t *testing.T) {
	steps := []WaterfallStep{{Name: "veto", Value: 10, Lo: 8, Hi: 12}, {Name: "gate", Value: -3, Lo: math.NaN(), Hi: math.NaN()}}
	p, err := Waterfall("B − A", "revenue", steps, WaterfallStep{Name: "total", Value: 7, Lo: 5, Hi: 9})
	if err != nil {
		t.Fatal(err)
	}
	got := waterfallSpans(steps, WaterfallStep{Name: "total", Value: 7})
	want := [][2]float64{{0, 10}, {10, 7}, {0, 7}}
	if len(got) != len(want) {
		t.Fatalf("spans %v, want %v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("bar %d spans %v, want %v", i, got[i], want[i])
		}
	}
	var buf bytes.Buffer
	if err := Render(&buf, "svg", DefaultWidth, DefaultHeight, p); err != nil || buf.Len() == 0 {
		t.Fatalf("render: %v (%d bytes)", err, buf.Len())
	}
	if _, err := Waterfall("x", "y", nil, WaterfallStep{}); err == nil {
		t.Error("a waterfall of nothing: no error")
	}
}
