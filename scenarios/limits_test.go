package scenarios

import (
	"errors"
	"fmt"
	"reflect"
	"runtime"
	"sort"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// listPatterns returns the key path patterns ("*" for list indexes) of
// every list field of type t.
func listPatterns(t reflect.Type, prefix string) []string {
	var out []string
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		key := joinKey(prefix, yamlKey(f))
		switch f.Type.Kind() {
		case reflect.Struct:
			out = append(out, listPatterns(f.Type, key)...)
		case reflect.Slice:
			out = append(out, key)
			if f.Type.Elem().Kind() == reflect.Struct {
				out = append(out, listPatterns(f.Type.Elem(), key+".*")...)
			}
		}
	}
	return out
}

func TestEveryListHasALimit(t *testing.T) {
	got := listPatterns(reflect.TypeOf(Scenario{}), "")
	var want []string
	for k := range listLimits {
		want = append(want, k)
	}
	sort.Strings(got)
	sort.Strings(want)
	require.Equal(t, want, got, "listLimits must name every list of the schema, and only those")
}

// nested writes value under the dotted key path (no list indexes).
func nested(path, value string) string {
	var b strings.Builder
	segs := strings.Split(path, ".")
	for i, seg := range segs {
		b.WriteString(strings.Repeat("  ", i) + seg + ":")
		if i < len(segs)-1 {
			b.WriteString("\n")
		}
	}
	b.WriteString(" " + value + "\n")
	return b.String()
}

// flowList is a flow sequence of n copies of entry.
func flowList(n int, entry string) string {
	return "[" + strings.TrimSuffix(strings.Repeat(entry+", ", n), ", ") + "]"
}

// requireOneError checks that err is Errors holding exactly one
// FieldError at line and key whose message holds msg.
func requireOneError(t *testing.T, err error, line int, key string, msg ...string) *FieldError {
	t.Helper()
	var es Errors
	require.True(t, errors.As(err, &es), "got %v", err)
	require.Len(t, es, 1, "%v", err)
	e := es[0]
	require.Equal(t, "t.yaml", e.File, "%v", e)
	require.Equal(t, line, e.Line, "%v", e)
	require.Equal(t, key, e.Key, "%v", e)
	for _, m := range msg {
		require.Contains(t, e.Msg, m)
	}
	return e
}

func TestListLimits(t *testing.T) {
	top := []struct {
		key, entry string
		limit      int
	}{
		{"calendar.working_days", "mon", MaxShortList},
		{"journey_speed_by_month", "1", MaxShortList},
		{"marketing.channels", "{}", MaxChannels},
		{"segments", "{}", MaxSegments},
		{"policies", "{}", MaxPolicies},
		{"findings", "{}", MaxFindings},
		{"checks", "'a.b > 1'", MaxChecks},
	}
	for _, c := range top {
		t.Run(c.key, func(t *testing.T) {
			in := "name: t\n" + nested(c.key, flowList(c.limit+1, c.entry))
			line := 1 + strings.Count(c.key, ".") + 1
			_, err := Parse("t.yaml", []byte(in), nil)
			e := requireOneError(t, err, line, c.key, fmt.Sprintf("got a list of %d entries, expected at most %d", c.limit+1, c.limit))
			require.Equal(t, fmt.Sprintf("t.yaml:%d: %s: got a list of %d entries, expected at most %d (the limit on %s; see docs/reliability.md)",
				line, c.key, c.limit+1, c.limit, c.key), e.Error())

			in = "name: t\n" + nested(c.key, flowList(c.limit, c.entry))
			_, err = Parse("t.yaml", []byte(in), nil)
			require.NotContains(t, fmt.Sprint(err), "expected at most", "a list at the limit passes the limit")
		})
	}
	t.Run("nested lists", func(t *testing.T) {
		in := base + "findings:\n  - id: f\n    policies: " + flowList(MaxPolicies+1, "p") + "\n"
		_, err := Parse("t.yaml", []byte(in), nil)
		requireOneError(t, err, 10, "findings.0.policies", "got a list of 101 entries, expected at most 100")

		in = "name: t\nmarketing:\n  channels:\n    - name: a\n    - name: b\n      seasonality: " + flowList(MaxShortList+1, "1") + "\n"
		_, err = Parse("t.yaml", []byte(in), nil)
		requireOneError(t, err, 6, "marketing.channels.1.seasonality", "got a list of 101 entries, expected at most 100")
	})
	t.Run("changes by name", func(t *testing.T) {
		var b strings.Builder
		b.WriteString("extends: reference\npolicies:\n")
		for i := range MaxPolicies + 1 {
			fmt.Fprintf(&b, "  p%d: {}\n", i)
		}
		_, err := Parse("t.yaml", []byte(b.String()), nil)
		requireOneError(t, err, 2, "policies", "got a list of 101 entries, expected at most 100")
	})
	t.Run("aliases", func(t *testing.T) {
		in := "name: t\nx: &big " + flowList(MaxChecks+1, "'a.b > 1'") + "\nchecks: *big\n"
		_, err := Parse("t.yaml", []byte(in), nil)
		requireOneError(t, err, 3, "checks", "got a list of 1001 entries")
	})
	t.Run("--set appending", func(t *testing.T) {
		in := "name: t\n" + nested("checks", flowList(MaxChecks, "'a.b > 1'"))
		_, err := Parse("t.yaml", []byte(in), []string{"checks.1000=a.b > 2"})
		require.ErrorContains(t, err, "checks: got a list of 1001 entries, expected at most 1000")
	})
}

// The case of issue 12: 163,840 channels in a 10 MB file took 8.3 GB; the
// file is now refused before it is parsed (TestTokenLimit's check), and
// 20,000 channels, under that count, from the node tree alone.
func TestManyChannelsRefusedCheaply(t *testing.T) {
	line := "    - {name: c, rate_per_hour: 1, cost_per_lead: 10, inquiry: web_visit}\n"
	for _, c := range []struct {
		n    int
		msg  string
		line int
		key  string
	}{
		{163840, "more than 500000 YAML entries", 0, ""},
		{20000, "got a list of 20000 entries, expected at most 1000", 3, "marketing.channels"},
	} {
		in := "name: t\nmarketing:\n  channels:\n" + strings.Repeat(line, c.n)
		var before, after runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)
		_, err := Parse("t.yaml", []byte(in), nil)
		runtime.ReadMemStats(&after)
		if c.line == 0 {
			require.ErrorContains(t, err, c.msg)
		} else {
			requireOneError(t, err, c.line, c.key, c.msg)
		}
		require.Less(t, after.TotalAlloc-before.TotalAlloc, uint64(1<<30), "refusing the file allocated more than 1 GiB")
	}
}

func TestSetCountLimit(t *testing.T) {
	sets := make([]string, MaxSets+1)
	for i := range sets {
		sets[i] = "seed=1"
	}
	_, err := Parse("t.yaml", []byte(base), sets)
	requireOneError(t, err, 0, "", "got 1001 --set arguments, expected at most 1000")
	_, err = Parse("t.yaml", []byte(base), sets[:MaxSets])
	require.NoError(t, err)
}

func TestCheckLengthLimit(t *testing.T) {
	long := "p.revenue > " + strings.Repeat("1", MaxCheckBytes-len("p.revenue > ")+1)
	_, err := Parse("t.yaml", []byte(base+"checks: ['"+long+"']\n"), nil)
	requireOneError(t, err, 8, "checks.0", "got a check of 1001 bytes, expected at most 1000")
}
