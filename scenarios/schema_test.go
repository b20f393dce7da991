package scenarios

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
	"gopkg.in/yaml.v3"
)

const schemaGolden = "testdata/scenario.schema.json"

// TestSchemaUpToDate compares the generated schema with the committed
// copy; -update rewrites it.
func TestSchemaUpToDate(t *testing.T) {
	got, err := MarshalJSONSchema()
	require.NoError(t, err)
	if *update {
		require.NoError(t, os.WriteFile(schemaGolden, got, 0o644))
	}
	want, err := os.ReadFile(schemaGolden)
	require.NoError(t, err)
	require.Equal(t, string(want), string(got),
		"%s is out of date; run go test ./scenarios -run TestSchemaUpToDate -update", schemaGolden)
}

// loadSchema reads the emitted schema back as generic JSON.
func loadSchema(t *testing.T) map[string]any {
	t.Helper()
	b, err := MarshalJSONSchema()
	require.NoError(t, err)
	var s map[string]any
	require.NoError(t, json.Unmarshal(b, &s))
	return s
}

// validate checks instance (as decoded from YAML) against schema, for the
// keywords JSONSchema emits, and returns the problems found, one per
// location. Unknown keywords make it fail, so that the subset stays in
// step with the generator.
func validate(schema map[string]any, inst any, path string) []string {
	var errs []string
	fail := func(format string, a ...any) {
		errs = append(errs, strings.TrimPrefix(path, ".")+": "+fmt.Sprintf(format, a...))
	}
	for k := range schema {
		switch k {
		case "$schema", "title", "description", "type", "enum", "pattern", "minimum", "exclusiveMinimum",
			"maximum", "exclusiveMaximum", "minItems", "maxItems", "uniqueItems", "items", "properties",
			"required", "additionalProperties", "default":
		default:
			fail("schema keyword %q not supported by the test validator", k)
		}
	}
	num, isNum := floatValue(inst)
	typ := schema["type"]
	if types, ok := typ.([]any); ok { // a list of types: the instance's, if listed
		typ = nil
		for _, t := range types {
			if t == jsonType(inst) {
				typ = t
			}
		}
		if typ == nil {
			fail("got %T, want one of %v", inst, types)
			return errs
		}
	}
	switch typ {
	case "null":
		if inst != nil {
			fail("got %T, want null", inst)
		}
	case "object":
		m, ok := inst.(map[string]any)
		if !ok {
			fail("got %T, want an object", inst)
			return errs
		}
		props, _ := schema["properties"].(map[string]any)
		keys := make([]string, 0, len(m))
		for k := range m {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			ps, known := props[k].(map[string]any)
			if !known {
				if schema["additionalProperties"] == false {
					fail("unknown key %q", k)
				}
				if each, ok := schema["additionalProperties"].(map[string]any); ok {
					errs = append(errs, validate(each, m[k], path+"."+k)...)
				}
				continue
			}
			errs = append(errs, validate(ps, m[k], path+"."+k)...)
		}
		req, _ := schema["required"].([]any)
		for _, r := range req {
			if _, ok := m[r.(string)]; !ok {
				fail("missing required key %q", r)
			}
		}
	case "array":
		a, ok := inst.([]any)
		if !ok {
			fail("got %T, want an array", inst)
			return errs
		}
		if n, ok := schema["minItems"].(float64); ok && float64(len(a)) < n {
			fail("%d items, want at least %g", len(a), n)
		}
		if n, ok := schema["maxItems"].(float64); ok && float64(len(a)) > n {
			fail("%d items, want at most %g", len(a), n)
		}
		if schema["uniqueItems"] == true {
			for i := range a {
				for j := 0; j < i; j++ {
					if reflect.DeepEqual(a[i], a[j]) {
						fail("items %d and %d are equal", j, i)
					}
				}
			}
		}
		if items, ok := schema["items"].(map[string]any); ok {
			for i, e := range a {
				errs = append(errs, validate(items, e, fmt.Sprintf("%s.%d", path, i))...)
			}
		}
	case "string":
		s, ok := inst.(string)
		if !ok {
			fail("got %T, want a string", inst)
			return errs
		}
		if enum, ok := schema["enum"].([]any); ok && !slices.Contains(enum, any(s)) {
			fail("%q not in %v", s, enum)
		}
		if p, ok := schema["pattern"].(string); ok && !regexp.MustCompile(p).MatchString(s) {
			fail("%q does not match %s", s, p)
		}
	case "boolean":
		if _, ok := inst.(bool); !ok {
			fail("got %T, want a boolean", inst)
		}
	case "number", "integer":
		if !isNum || (typ == "integer" && !isInt(inst)) {
			fail("got %v (%T), want a %s", inst, inst, typ)
			return errs
		}
		if b, ok := schema["minimum"].(float64); ok && !(num >= b) {
			fail("%v < minimum %v", num, b)
		}
		if b, ok := schema["exclusiveMinimum"].(float64); ok && !(num > b) {
			fail("%v <= exclusiveMinimum %v", num, b)
		}
		if b, ok := schema["maximum"].(float64); ok && !(num <= b) {
			fail("%v > maximum %v", num, b)
		}
		if b, ok := schema["exclusiveMaximum"].(float64); ok && !(num < b) {
			fail("%v >= exclusiveMaximum %v", num, b)
		}
	default:
		fail("schema without a known type: %v", typ)
	}
	return errs
}

// jsonType is the JSON Schema type name of a decoded YAML instance (for
// lists of types; numbers are checked by the single-type cases).
func jsonType(x any) string {
	switch x.(type) {
	case nil:
		return "null"
	case map[string]any:
		return "object"
	case []any:
		return "array"
	case string:
		return "string"
	case bool:
		return "boolean"
	}
	return "number"
}

// isInt: YAML integers decode to int, int64 or uint64; 20.0 is not one
// (the loader rejects it for integer keys, and so does the schema).
func isInt(x any) bool {
	switch x.(type) {
	case int, int64, uint64:
		return true
	}
	return false
}

func yamlInstance(t *testing.T, data []byte) any {
	t.Helper()
	var v any
	require.NoError(t, yaml.Unmarshal(data, &v))
	return v
}

// TestEmbeddedScenariosMatchSchema: every embedded scenario, and the
// resolved form of each (which gives every key), validates against the
// schema.
func TestEmbeddedScenariosMatchSchema(t *testing.T) {
	schema := loadSchema(t)
	for _, name := range Names() {
		t.Run(name, func(t *testing.T) {
			data, err := Embedded(name)
			require.NoError(t, err)
			require.Empty(t, validate(schema, yamlInstance(t, data), ""))
			r, err := LoadEmbedded(name, nil)
			require.NoError(t, err)
			resolved, err := MarshalYAML(r.Scenario)
			require.NoError(t, err)
			require.Empty(t, validate(schema, yamlInstance(t, resolved), ""))
		})
	}
}

// TestSchemaRejects: the schema catches what the loader rejects key by key.
func TestSchemaRejects(t *testing.T) {
	schema := loadSchema(t)
	ref, err := Embedded(referenceName)
	require.NoError(t, err)
	for _, tc := range []struct{ from, to, want string }{
		{"  reps:", "  repz:", `sales: unknown key "repz"`},
		{"rate_per_hour: 9", "rate_per_hour: nine", "marketing.channels.0.rate_per_hour: got nine (string), want a number"},
		{"qualify_hot: 0.5", "qualify_hot: 1.5", "response.qualify_hot: 1.5 > maximum 1"},
		{"  reps: 20", "  reps: 20.5", "sales.reps: got 20.5 (float64), want a integer"},
		{"queue: lifo", "queue: random", `policies.1.queue: "random" not in [fifo lifo]`},
		{"name: direct_lifo", "name: direct lifo", `policies.1.name: "direct lifo" does not match ^[A-Za-z0-9._-]{1,100}$`},
	} {
		t.Run(tc.want, func(t *testing.T) {
			text := string(ref)
			require.Contains(t, text, tc.from)
			text = strings.Replace(text, tc.from, tc.to, 1)
			require.Contains(t, validate(schema, yamlInstance(t, []byte(text)), ""), tc.want)
			_, err := Parse("x.yaml", []byte(text), nil)
			require.Error(t, err, "the loader rejects it too")
		})
	}
}

// TestSchemaExtrasMatchValidate: each constraint of schemaExtras is one
// that Parse enforces: removing a required key, emptying a list with
// minItems, going over maxItems, repeating an item of a uniqueItems list
// or breaking a name pattern makes world.yaml (a complete scenario) invalid.
func TestSchemaExtrasMatchValidate(t *testing.T) {
	data, err := Embedded(WorldName)
	require.NoError(t, err)
	for path, x := range schemaExtras {
		edit := func(what string, f func(n *yaml.Node)) {
			t.Run(path+" "+what, func(t *testing.T) {
				var doc yaml.Node
				require.NoError(t, yaml.Unmarshal(data, &doc))
				n := lookup(t, doc.Content[0], path)
				f(n)
				out, err := yaml.Marshal(&doc)
				require.NoError(t, err)
				_, err = Parse("x.yaml", out, nil)
				require.Error(t, err)
			})
		}
		for _, r := range x.required {
			edit("without "+r, func(n *yaml.Node) {
				for i := 0; i < len(n.Content); i += 2 {
					if n.Content[i].Value == r {
						n.Content = slices.Delete(n.Content, i, i+2)
						return
					}
				}
				t.Fatalf("%s has no key %s", path, r)
			})
		}
		if x.minItems > 0 {
			edit("empty", func(n *yaml.Node) { n.Content = n.Content[:x.minItems-1] })
		}
		if x.maxItems > 0 {
			edit("too long", func(n *yaml.Node) {
				n.Kind, n.Tag, n.Content = yaml.SequenceNode, "!!seq", nil
				for range x.maxItems + 1 {
					n.Content = append(n.Content, &yaml.Node{Kind: yaml.ScalarNode, Value: "1"})
				}
			})
		}
		if x.unique {
			edit("repeated", func(n *yaml.Node) { n.Content = append(n.Content, n.Content[0]) })
		}
		if x.pattern != "" {
			edit("bad name", func(n *yaml.Node) { n.Value = "a b" })
		}
	}
}

// lookup finds the node at a schema key path in world.yaml ("[]" takes
// the first element).
func lookup(t *testing.T, n *yaml.Node, path string) *yaml.Node {
	if path == "" {
		return n
	}
	for _, seg := range strings.Split(path, ".") {
		key, elem := strings.CutSuffix(seg, "[]")
		found := false
		for i := 0; i+1 < len(n.Content); i += 2 {
			if n.Content[i].Value == key {
				n, found = n.Content[i+1], true
				break
			}
		}
		require.True(t, found, "world.yaml has no %s (in %s)", key, path)
		if elem {
			require.NotEmpty(t, n.Content, path)
			n = n.Content[0]
		}
	}
	return n
}

func TestSchemaShape(t *testing.T) {
	s := JSONSchema()
	require.Equal(t, SchemaURI, s.Schema)
	require.Empty(t, s.Required, "extends makes every top-level key optional")
	var names []string
	for _, p := range *s.Properties {
		names = append(names, p.Name)
	}
	require.Equal(t, knownKeys(reflect.TypeOf(Scenario{})), names, "every key, in struct order")
	schema := loadSchema(t)
	pol := schema["properties"].(map[string]any)["policies"].(map[string]any)["items"].(map[string]any)
	base := pol["properties"].(map[string]any)["base"].(map[string]any)
	require.Equal(t, []any{"direct", "waterfall", "objective", "bant", "matrix", "telequal", "sla", "feedback"}, base["enum"])
	require.Equal(t, "direct", base["default"])
	require.Equal(t, false, pol["additionalProperties"])
	hw := schema["properties"].(map[string]any)["response"].(map[string]any)["properties"].(map[string]any)["hot_window_hours"].(map[string]any)
	mean := hw["properties"].(map[string]any)["mean"].(map[string]any)
	require.Equal(t, 0.0, mean["exclusiveMinimum"])
	require.Equal(t, 1e6, mean["maximum"])
	require.Contains(t, mean["description"], "Unit: h.")
	_, err := os.Stat(filepath.Join("testdata", "scenario.schema.json"))
	require.NoError(t, err)
}

// TestSchemaNamedListChanges: a named list may also be a mapping from names
// to changes (null removes), as the loader reads it under extends; keys
// unknown in a change are still caught.
func TestSchemaNamedListChanges(t *testing.T) {
	schema := loadSchema(t)
	in := "extends: default\nname: x\nmarketing:\n  channels:\n    paid_search: {rate_per_year: 3000}\n    webinar: ~\n" +
		"policies:\n  waterfall: {sla_hours: 4}\n  fast: {base: sla}\n"
	_, err := Parse("x.yaml", []byte(in), nil)
	require.NoError(t, err, "the loader reads it")
	require.Empty(t, validate(schema, yamlInstance(t, []byte(in)), ""))

	bad := strings.Replace(in, "sla_hours: 4", "sla_hourz: 4", 1)
	require.Equal(t, []string{`policies.waterfall: unknown key "sla_hourz"`}, validate(schema, yamlInstance(t, []byte(bad)), ""))
	bad = strings.Replace(in, "webinar: ~", "webinar: 3", 1)
	require.Len(t, validate(schema, yamlInstance(t, []byte(bad)), ""), 1)
}
