package sysmem

import (
	"strings"
	"testing"
)

func TestParseSize(t *testing.T) {
	for in, want := range map[string]int64{
		"512MiB": 512 << 20, "4GiB": 4 << 30, "4G": 4 << 30, "4g": 4 << 30, "1.5GB": 1500000000,
		"1000000": 1000000, "0": 0, "  2 KiB ": 2048, "1e6": 1000000, "1e3KB": 1000000,
		"3TiB": 3 << 40, "2tb": 2e12, "7B": 7, "1.5K": 1536, "100mb": 1e8, "2m": 2 << 20,
	} {
		got, err := ParseSize(in)
		if err != nil || got != want {
			t.Errorf("ParseSize(%q) = %d, %v; want %d", in, got, err, want)
		}
	}
	for in, msg := range map[string]string{
		"": "empty", "GiB": "no number", "-1G": "negative", "4XB": "unknown unit", "1.2.3G": "not a number",
		"1e30TB": "too large", "4 GiB extra": "unknown unit", "NaN": "no number",
	} {
		_, err := ParseSize(in)
		if err == nil || !strings.Contains(err.Error(), msg) {
			t.Errorf("ParseSize(%q): error %v, want one saying %q", in, err, msg)
		}
	}
}

func TestFormatSize(t *testing.T) {
	for n, want := range map[int64]string{
		0: "0 B", 512: "512 B", 1023: "1023 B", 1024: "1 KiB", 3277: "3.2 KiB",
		812 << 20: "812 MiB", 71.5 * (1 << 30): "71.5 GiB", 1<<40 - 1: "1 TiB", 1536: "1.5 KiB",
		-2048: "-2 KiB", 1<<63 - 1: "8 EiB", -1 << 63: "-8 EiB",
	} {
		if got := FormatSize(n); got != want {
			t.Errorf("FormatSize(%d) = %q, want %q", n, got, want)
		}
	}
	for _, n := range []int64{1000, 5 << 20, 3 << 30} { // round trip
		if got, err := ParseSize(strings.ReplaceAll(FormatSize(n), " ", "")); err != nil || got != n {
			t.Errorf("ParseSize(FormatSize(%d)) = %d, %v", n, got, err)
		}
	}
}
