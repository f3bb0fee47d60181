package decode

import (
	"bytes"
	"encoding/json"
	"reflect"
	"sort"
)

// walker compares a JSON document with a Go type: fields the type does not
// know and fields it documents that are absent (drift), and values that do
// not fit their field (errors, with their JSON path). Paths name list items
// as [] and map entries as *, so a field missing from every line item is
// reported once.
type walker struct {
	drift []Drift
	errs  []string
	seen  map[Drift]bool
}

const maxWalkDepth = 64

func (w *walker) add(d Drift) {
	if w.seen == nil {
		w.seen = map[Drift]bool{}
	}
	if !w.seen[d] {
		w.seen[d] = true
		w.drift = append(w.drift, d)
	}
}

func (w *walker) walk(path string, raw json.RawMessage, t reflect.Type) {
	w.walkDepth(path, raw, t, 0)
}

func (w *walker) walkDepth(path string, raw json.RawMessage, t reflect.Type, depth int) {
	if depth > maxWalkDepth {
		return
	}
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || string(raw) == "null" {
		return
	}
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if t.Kind() == reflect.Interface || t == rawType {
		return
	}
	if _, ok := reflect.New(t).Interface().(json.Unmarshaler); ok {
		if err := reflect.New(t).Interface().(json.Unmarshaler).UnmarshalJSON(raw); err != nil {
			w.errs = append(w.errs, path+": "+err.Error())
		}
		return
	}
	switch t.Kind() {
	case reflect.Struct:
		var obj map[string]json.RawMessage
		if err := json.Unmarshal(raw, &obj); err != nil {
			w.errs = append(w.errs, path+": want an object, got "+kindOf(raw))
			return
		}
		fields := fieldsOf(t)
		known := make(map[string]bool, len(fields))
		for _, f := range fields {
			known[f.name] = true
			v, present := obj[f.name]
			if !present {
				if !f.optional {
					w.add(Drift{Path: path + "." + f.name, Kind: "missing"})
				}
				continue
			}
			w.walkDepth(path+"."+f.name, v, f.typ, depth+1)
		}
		var unknown []string
		for k := range obj {
			if !known[k] {
				unknown = append(unknown, k)
			}
		}
		sort.Strings(unknown)
		for _, k := range unknown {
			w.add(Drift{Path: path + "." + k, Kind: "unknown"})
		}
	case reflect.Slice, reflect.Array:
		var items []json.RawMessage
		if err := json.Unmarshal(raw, &items); err != nil {
			w.errs = append(w.errs, path+": want a list, got "+kindOf(raw))
			return
		}
		for _, item := range items {
			w.walkDepth(path+"[]", item, t.Elem(), depth+1)
		}
	case reflect.Map:
		var obj map[string]json.RawMessage
		if err := json.Unmarshal(raw, &obj); err != nil {
			w.errs = append(w.errs, path+": want an object, got "+kindOf(raw))
			return
		}
		for _, v := range obj {
			w.walkDepth(path+".*", v, t.Elem(), depth+1)
		}
	default:
		if err := json.Unmarshal(raw, reflect.New(t).Interface()); err != nil {
			w.errs = append(w.errs, path+": want "+kindName(t.Kind())+", got "+kindOf(raw))
		}
	}
}

func kindOf(raw json.RawMessage) string {
	switch raw[0] {
	case '{':
		return "an object"
	case '[':
		return "a list"
	case '"':
		return "a string " + clip(string(raw))
	case 't', 'f':
		return "a boolean"
	case 'n':
		return "null"
	}
	return "the number " + clip(string(raw))
}

func clip(s string) string {
	if len(s) > 40 {
		return s[:40] + "…"
	}
	return s
}

func kindName(k reflect.Kind) string {
	switch k {
	case reflect.String:
		return "a string"
	case reflect.Bool:
		return "a boolean"
	case reflect.Float32, reflect.Float64:
		return "a number"
	}
	return "a whole number"
}

// Conform compares payload with value's type: drift (unknown and missing
// fields) and values that do not fit, each with its JSON path. value is a
// pointer to the type, e.g. a reply type's zero value.
func Conform(payload []byte, value any) ([]Drift, []string) {
	var probe any
	if err := json.Unmarshal(payload, &probe); err != nil {
		return nil, []string{"not valid JSON: " + jsonError(err)}
	}
	w := &walker{}
	w.walk("$", json.RawMessage(payload), reflect.TypeOf(value))
	return w.drift, w.errs
}
