package cli

import (
	"math"
	"reflect"
	"strings"
	"time"
)

// jsonSafe returns v as JSON-ready values (maps, slices, numbers,
// strings) with NaN and ±Inf as null, which encoding/json refuses: the
// estimates of funnel import hold NaN where the data gives no figure.
// Struct fields follow their json tags (omitempty is ignored but for
// empty slices, maps and strings); unexported fields are left out.
func jsonSafe(v any) any { return safeValue(reflect.ValueOf(v)) }

func safeValue(v reflect.Value) any {
	if !v.IsValid() {
		return nil
	}
	if t, ok := v.Interface().(time.Time); ok {
		return t.Format(time.RFC3339)
	}
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		if v.IsNil() {
			return nil
		}
		return safeValue(v.Elem())
	case reflect.Float32, reflect.Float64:
		f := v.Float()
		if math.IsNaN(f) || math.IsInf(f, 0) {
			return nil
		}
		return f
	case reflect.Slice, reflect.Array:
		if v.Kind() == reflect.Slice && v.IsNil() {
			return []any{}
		}
		out := make([]any, v.Len())
		for i := range out {
			out[i] = safeValue(v.Index(i))
		}
		return out
	case reflect.Map:
		out := map[string]any{}
		it := v.MapRange()
		for it.Next() {
			out[fmtKey(it.Key())] = safeValue(it.Value())
		}
		return out
	case reflect.Struct:
		out := map[string]any{}
		t := v.Type()
		for i := 0; i < t.NumField(); i++ {
			f := t.Field(i)
			if !f.IsExported() {
				continue
			}
			name, opts, _ := strings.Cut(f.Tag.Get("json"), ",")
			if name == "-" {
				continue
			}
			if name == "" {
				name = f.Name
			}
			fv := v.Field(i)
			if strings.Contains(opts, "omitempty") && (fv.Kind() == reflect.Slice || fv.Kind() == reflect.Map || fv.Kind() == reflect.String) && fv.Len() == 0 {
				continue
			}
			out[name] = safeValue(fv)
		}
		return out
	}
	return v.Interface()
}

func fmtKey(k reflect.Value) string {
	if s, ok := k.Interface().(interface{ String() string }); ok {
		return s.String()
	}
	if k.Kind() == reflect.String {
		return k.String()
	}
	return reflect.ValueOf(k.Interface()).String()
}
