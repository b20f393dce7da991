package funnel

import (
	"context"
	"fmt"
	"math"
	"reflect"
	"testing"

	"funnellab/scenarios"

	"github.com/stretchr/testify/require"
)

// TestForwardMatchesEvents runs the default company (90 days of
// inquiries, observed 180, signals in business hours) under
// every preset, and with nurture calls that move journeys on, with the
// signals drawn ahead (signals.go: quietUntil, parking, the review's wait)
// and with every signal an event (noForward). Drawing ahead must change
// nothing but the order of some float sums: every count is equal, and
// every sum equal to 1e-9 relative. (Before nurture calls were a limit of
// the loop, it applied signals past a call that moved the journey on:
// 9% more signals and 6% more MQLs here under objective_nurture_calls.)
func TestForwardMatchesEvents(t *testing.T) {
	s := loadDefault(t, 90, 180, 1)
	s.Signals.BusinessHours = true
	s.Policies = everyPreset()
	nc := scenarios.NurtureCalls{PerMonth: 2, Hours: 0.25, Advance: 0.5, MaxPerLead: 5}
	for _, name := range []string{"objective", "waterfall", "telequal", "feedback"} {
		p := scenarios.Presets[name]
		p.Name, p.NurtureCalls = name+"_nurture_calls", nc
		s.Policies = append(s.Policies, p)
	}
	m, err := Compile(s)
	require.NoError(t, err)
	for pi, p := range m.Policies {
		var rs [2]Result
		var events [2]int64
		for k, slow := range []bool{false, true} {
			sm := m.NewSim()
			sm.noForward = slow
			r, err := sm.Run(context.Background(), 1, pi)
			require.NoError(t, err)
			events[k] = r.Events
			r.Events = 0
			rs[k] = r
		}
		requireClose(t, reflect.ValueOf(rs[1]), reflect.ValueOf(rs[0]), p.Name())
		require.Less(t, events[0], events[1], "%s: drawing ahead saves events", p.Name())
	}
}

// requireClose checks that got equals want in every integer and to 1e-9
// relative in every float (NaN equals NaN), field by field.
func requireClose(t *testing.T, want, got reflect.Value, path string) {
	t.Helper()
	switch want.Kind() {
	case reflect.Struct:
		for i := range want.NumField() {
			requireClose(t, want.Field(i), got.Field(i), path+"."+want.Type().Field(i).Name)
		}
	case reflect.Array, reflect.Slice:
		require.Equal(t, want.Len(), got.Len(), path)
		for i := range want.Len() {
			requireClose(t, want.Index(i), got.Index(i), fmt.Sprintf("%s[%d]", path, i))
		}
	case reflect.Float64, reflect.Float32:
		a, b := want.Float(), got.Float()
		if math.IsNaN(a) && math.IsNaN(b) {
			return
		}
		require.LessOrEqual(t, math.Abs(a-b), 1e-9*math.Max(math.Abs(a), math.Abs(b)), "%s: %v against %v", path, b, a)
	default:
		require.Equal(t, want.Interface(), got.Interface(), path)
	}
}
