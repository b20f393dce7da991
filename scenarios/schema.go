package scenarios

import (
	"bytes"
	"encoding/json"
	"math"
	"reflect"
)

// SchemaURI is the JSON Schema dialect of JSONSchema.
const SchemaURI = "https://json-schema.org/draft/2020-12/schema"

// Schema is a JSON Schema (draft 2020-12) of part of a scenario file,
// using only the keywords JSONSchema emits. Properties keep struct order.
type Schema struct {
	Schema               string      `json:"$schema,omitempty"`
	Title                string      `json:"title,omitempty"`
	Description          string      `json:"description,omitempty"`
	Type                 any         `json:"type"` // a type name, or a list of them ([]string)
	Enum                 []string    `json:"enum,omitempty"`
	Pattern              string      `json:"pattern,omitempty"`
	Minimum              *float64    `json:"minimum,omitempty"`
	ExclusiveMinimum     *float64    `json:"exclusiveMinimum,omitempty"`
	Maximum              *float64    `json:"maximum,omitempty"`
	ExclusiveMaximum     *float64    `json:"exclusiveMaximum,omitempty"`
	MinItems             *int        `json:"minItems,omitempty"`
	MaxItems             *int        `json:"maxItems,omitempty"`
	UniqueItems          bool        `json:"uniqueItems,omitempty"`
	Items                *Schema     `json:"items,omitempty"`
	Properties           *Properties `json:"properties,omitempty"`
	Required             []string    `json:"required,omitempty"`
	AdditionalProperties any         `json:"additionalProperties,omitempty"` // false, or the schema of every key (*Schema)
	Default              any         `json:"default,omitempty"`
}

// Properties are the keys of an object schema, in struct order.
type Properties []Property

// Property is one key of an object schema.
type Property struct {
	Name   string
	Schema *Schema
}

// MarshalJSON writes the properties as a JSON object in their order.
func (ps Properties) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	b.WriteByte('{')
	for i, p := range ps {
		if i > 0 {
			b.WriteByte(',')
		}
		k, err := json.Marshal(p.Name)
		if err != nil {
			return nil, err
		}
		v, err := json.Marshal(p.Schema)
		if err != nil {
			return nil, err
		}
		b.Write(k)
		b.WriteByte(':')
		b.Write(v)
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}

// schemaExtra holds constraints that the struct tags cannot express: they
// come from Validate's cross-field rules (see validate.go), and
// TestSchemaExtrasMatchValidate checks each against Parse. Keys are key
// paths as in docs/scenario.md ("" for the top level, "[]" for list
// elements).
type schemaExtra struct {
	required []string
	minItems int
	maxItems int
	unique   bool
	pattern  string
}

var schemaExtras = map[string]schemaExtra{
	// No key is required at the top level: a file with extends gets
	// marketing and policies from its parent (the loader checks the rest).
	"name":                             {pattern: namePattern},
	"calendar.working_days":            {minItems: 1, unique: true},
	"marketing":                        {required: []string{"channels"}},
	"marketing.channels":               {minItems: 1},
	"marketing.channels[]":             {required: []string{"name"}},
	"marketing.channels[].name":        {pattern: namePattern},
	"marketing.channels[].seasonality": {maxItems: 12},
	"segments[]":                       {required: []string{"name"}},
	"segments[].name":                  {pattern: namePattern},
	"policies":                         {minItems: 1},
	"policies[]":                       {required: []string{"name"}},
	"policies[].name":                  {pattern: namePattern},
}

// JSONSchema returns the JSON Schema (draft 2020-12) of scenario files,
// generated from the Scenario type: keys from yaml tags, types from Go
// types, enum and minimum/maximum (exclusive for open ends) from range
// tags, descriptions from doc and unit tags, defaults from Default and the
// list elements' defaults. Every mapping has additionalProperties false, as
// unknown keys are errors. Keys are required only where a missing key can
// never be valid (schemaExtras); rules involving several keys are left to
// funnel validate.
func JSONSchema() *Schema {
	s := objectSchema(reflect.ValueOf(Default()), "")
	s.Schema = SchemaURI
	s.Title = "Funnel Lab scenario"
	s.Description = "A Funnel Lab scenario file (funnel run SCENARIO). Generated from the Go types by 'funnel schema'; " +
		"the reference, with the rules that involve several keys, is docs/scenario.md."
	return s
}

// MarshalJSONSchema returns JSONSchema as indented JSON with a final
// newline, as funnel schema prints it.
func MarshalJSONSchema() ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(JSONSchema()); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// objectSchema is the schema of struct value v at key path (schema form).
func objectSchema(v reflect.Value, path string) *Schema {
	no := false
	s := &Schema{Type: "object", AdditionalProperties: &no, Properties: &Properties{}}
	t := v.Type()
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		key := yamlKey(f)
		if key == "" {
			continue
		}
		*s.Properties = append(*s.Properties, Property{key, fieldSchema(f, v.Field(i), joinSchemaKey(path, key))})
	}
	applyExtras(s, path)
	return s
}

func joinSchemaKey(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

// fieldSchema is the schema of struct field f with default value v.
func fieldSchema(f reflect.StructField, v reflect.Value, path string) *Schema {
	var s *Schema
	tag := f.Tag.Get("range")
	switch f.Type.Kind() {
	case reflect.Struct:
		s = objectSchema(v, path)
	case reflect.Slice:
		et := f.Type.Elem()
		var items *Schema
		if et.Kind() == reflect.Struct {
			items = objectSchema(newElement(et).Elem(), path+"[]")
		} else {
			items = scalarSchema(et, tag)
		}
		s = &Schema{Type: "array", Items: items}
		if et.Kind() != reflect.Struct {
			s.Default = defaultValue(v)
		}
		if nk := nameKey(et); nk != "" {
			// Or a mapping from names to changes (under extends): entries
			// without their name key, or null to remove one.
			change := *items
			change.Required = nil
			change.Type = []string{"object", "null"}
			change.Properties = &Properties{}
			for _, p := range *items.Properties {
				if p.Name != nk {
					*change.Properties = append(*change.Properties, p)
				}
			}
			s.Type, s.AdditionalProperties = []string{"array", "object"}, &change
		}
	default:
		s = scalarSchema(f.Type, tag)
		s.Default = defaultValue(v)
	}
	s.Description = describeField(f)
	if f.Type.Kind() != reflect.Struct { // objectSchema applied them
		applyExtras(s, path)
	}
	return s
}

// scalarSchema is the schema of a scalar of type t with range tag tag.
func scalarSchema(t reflect.Type, tag string) *Schema {
	s := &Schema{}
	switch t.Kind() {
	case reflect.Bool:
		s.Type = "boolean"
	case reflect.String:
		s.Type = "string"
	case reflect.Float32, reflect.Float64:
		s.Type = "number"
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		s.Type = "integer"
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		s.Type = "integer"
		s.Minimum = ptr(0.0)
	}
	r, err := parseRule(tag)
	switch {
	case err != nil:
	case r.oneOf != nil:
		s.Enum = r.oneOf
	case r.interval:
		if !math.IsInf(r.lo, 0) {
			if r.loOpen {
				s.ExclusiveMinimum = ptr(r.lo)
			} else {
				s.Minimum = ptr(r.lo)
			}
		}
		if !math.IsInf(r.hi, 0) {
			if r.hiOpen {
				s.ExclusiveMaximum = ptr(r.hi)
			} else {
				s.Maximum = ptr(r.hi)
			}
		}
	}
	return s
}

// describeField is the doc tag, followed by the unit if there is one.
func describeField(f reflect.StructField) string {
	d := f.Tag.Get("doc")
	if u := f.Tag.Get("unit"); u != "" {
		d += " Unit: " + u + "."
	}
	return d
}

// defaultValue is a scalar or list-of-scalars default as a JSON value.
func defaultValue(v reflect.Value) any {
	switch v.Kind() {
	case reflect.Slice:
		out := make([]any, v.Len())
		for i := range out {
			out[i] = defaultValue(v.Index(i))
		}
		return out
	case reflect.String:
		return v.String()
	case reflect.Bool:
		return v.Bool()
	case reflect.Float32, reflect.Float64:
		return v.Float()
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return v.Int()
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return v.Uint()
	}
	return nil
}

func applyExtras(s *Schema, path string) {
	x, ok := schemaExtras[path]
	if !ok {
		return
	}
	if x.required != nil && s.Type == "object" {
		s.Required = x.required
	}
	if x.minItems > 0 {
		s.MinItems = ptr(x.minItems)
	}
	if x.maxItems > 0 {
		s.MaxItems = ptr(x.maxItems)
	}
	s.UniqueItems = s.UniqueItems || x.unique
	if x.pattern != "" {
		s.Pattern = x.pattern
	}
}

func ptr[T any](x T) *T { return &x }
