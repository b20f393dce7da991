package scenarios

import (
	"fmt"
	"reflect"
	"strconv"
	"strings"
)

// Reference returns the Markdown reference of every scenario key, generated
// from the struct tags and defaults: one table per section (the top level,
// then each mapping and list element in struct order), with the dotted key
// path ("[]" marks list elements), type, unit, default, allowed values and
// description. docs/scenario.md embeds it between its GENERATED markers.
func Reference() string {
	var b strings.Builder
	def := Default()
	writeSection(&b, "Top level", "The keys of a scenario file.", "", reflect.ValueOf(def))
	return strings.TrimRight(b.String(), "\n") + "\n"
}

// writeSection writes the table of struct v (whose key path is prefix) and
// then, in field order, the sections of its mappings and list elements.
func writeSection(b *strings.Builder, title, doc, prefix string, v reflect.Value) {
	fmt.Fprintf(b, "### %s\n\n%s\n\n", title, doc)
	b.WriteString("| Key | Type | Unit | Default | Allowed | Description |\n")
	b.WriteString("|---|---|---|---|---|---|\n")
	t := v.Type()
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		if name := yamlKey(f); name != "" {
			writeRow(b, joinKey(prefix, name), f, v.Field(i))
		}
	}
	b.WriteString("\n")
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		name := yamlKey(f)
		if name == "" {
			continue
		}
		key := joinKey(prefix, name)
		switch {
		case f.Type.Kind() == reflect.Struct:
			writeSection(b, code(key), f.Tag.Get("doc"), key, v.Field(i))
		case f.Type.Kind() == reflect.Slice && f.Type.Elem().Kind() == reflect.Struct:
			elem := newElement(f.Type.Elem()).Elem()
			doc := f.Tag.Get("doc") + " Each element has these keys; a new element starts from the defaults shown."
			if nk := nameKey(f.Type.Elem()); nk != "" {
				doc += " Under extends, an entry whose " + nk + " is one of the parent's starts from that entry instead (see Extending an embedded scenario)."
			}
			if key == "policies" {
				doc = f.Tag.Get("doc") + " Each element has these keys. A key an element does not set takes the value of its base preset " +
					"(the presets' values are in docs/policies.md); the defaults shown are those of the default base, direct."
			}
			writeSection(b, code(key+"[]"), doc, key+"[]", elem)
		}
	}
}

// writeRow writes the table row of one key.
func writeRow(b *strings.Builder, key string, f reflect.StructField, v reflect.Value) {
	cells := []string{
		code(key),
		typeName(f.Type),
		f.Tag.Get("unit"),
		defaultText(v),
		allowedText(f.Tag.Get("range")),
		f.Tag.Get("doc"),
	}
	for i, c := range cells {
		cells[i] = strings.ReplaceAll(c, "|", `\|`)
	}
	b.WriteString("| " + strings.Join(cells, " | ") + " |\n")
}

// typeName names the type of a key for the reference.
func typeName(t reflect.Type) string {
	switch t.Kind() {
	case reflect.Float32, reflect.Float64:
		return "number"
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return "integer"
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return "integer >= 0"
	case reflect.Bool:
		return "boolean"
	case reflect.String:
		return "string"
	case reflect.Struct:
		return "mapping"
	case reflect.Slice:
		if t.Elem().Kind() == reflect.Struct {
			return "list of mappings"
		}
		return "list of " + typeName(t.Elem()) + "s"
	}
	return t.String()
}

// defaultText shows a default value: scalars and lists of scalars as YAML
// flow values; mappings are described by their own section.
func defaultText(v reflect.Value) string {
	switch v.Kind() {
	case reflect.Struct:
		return "see below"
	case reflect.Slice:
		if v.Type().Elem().Kind() == reflect.Struct && v.Len() > 0 {
			return fmt.Sprintf("%d elements", v.Len())
		}
		items := make([]string, v.Len())
		for i := range items {
			items[i] = scalarText(v.Index(i))
		}
		return code("[" + strings.Join(items, ", ") + "]")
	default:
		return code(scalarText(v))
	}
}

// scalarText writes a scalar as it would appear in a scenario file.
func scalarText(v reflect.Value) string {
	switch v.Kind() {
	case reflect.String:
		if s := v.String(); s != "" {
			return s
		}
		return `""`
	case reflect.Bool:
		return strconv.FormatBool(v.Bool())
	case reflect.Float32, reflect.Float64:
		return formatFloat(v.Float())
	default:
		_, text := number(v)
		return text
	}
}

// allowedText shows a range tag: an interval as written, an enumeration as
// a list of values, nothing for no rule.
func allowedText(tag string) string {
	r, err := parseRule(tag)
	switch {
	case err != nil || tag == "":
		return tag
	case r.oneOf != nil:
		vals := make([]string, len(r.oneOf))
		for i, o := range r.oneOf {
			vals[i] = code(o)
		}
		return strings.Join(vals, ", ")
	default:
		return code(r.text)
	}
}

func code(s string) string { return "`" + s + "`" }
