package scenarios

import (
	"errors"
	"testing"
)

// FuzzParse checks that Parse never panics, that its errors are well
// formed, and that whatever it accepts is valid and survives MarshalYAML.
func FuzzParse(f *testing.F) {
	for _, name := range Names() {
		data, err := Embedded(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data, "")
		f.Add(data, "segments.0.budget_allocated=0.9")
	}
	ref, err := Embedded(referenceName)
	if err != nil {
		f.Fatal(err)
	}
	f.Add(ref, "")
	f.Add(ref, "marketing.channels.0.seasonality=[1,2,3]")
	f.Add(ref, "policies.1={name: w, base: waterfall, routing: pooled}")
	f.Add(ref, "policies.2.queue=lifo")
	f.Add(ref, "calendar.working_days=[sat,sun]")
	f.Add([]byte(base), "sales.first_call_hours={dist: lognormal, cv: 2}")
	f.Add([]byte("a: &a [*a]\nb: *a\n"), "a.0.0=1")
	f.Add([]byte("name: t\nsales:\n  <<: {reps: 3}\n"), "x")
	f.Fuzz(func(t *testing.T, data []byte, set string) {
		var sets []string
		if set != "" {
			sets = []string{set}
		}
		res, err := Parse("fuzz.yaml", data, sets)
		if err != nil {
			checkWellFormed(t, err)
			return
		}
		if verr := res.Scenario.Validate(); verr != nil {
			t.Fatalf("Parse accepted an invalid scenario: %v", verr)
		}
		out, err := MarshalYAML(res.Scenario)
		if err != nil {
			t.Fatalf("MarshalYAML: %v", err)
		}
		again, err := Parse("marshalled.yaml", out, nil)
		if err != nil {
			t.Fatalf("marshalled scenario does not parse: %v\n%s", err, out)
		}
		if !equalScenarios(res.Scenario, again.Scenario) {
			t.Fatalf("round trip changed the scenario:\n%+v\n%+v", res.Scenario, again.Scenario)
		}
	})
}

func checkWellFormed(t *testing.T, err error) {
	var errs Errors
	if !errors.As(err, &errs) {
		t.Fatalf("error is not Errors: %T %v", err, err)
	}
	if len(errs) == 0 || len(errs) > maxErrors+1 {
		t.Fatalf("got %d errors", len(errs))
	}
	for _, e := range errs {
		if e == nil || e.Msg == "" || e.Line < 0 {
			t.Fatalf("malformed error %#v", e)
		}
	}
}
