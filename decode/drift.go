package decode

import (
	"bytes"
	"encoding/json"
	"fmt"
	"reflect"
	"sort"

	"github.com/hookscope/hookscope/decode/excerpt"
)

// walker compares a JSON document with a Go type: fields the type does not
// know and fields it documents that are absent (drift), and values that do
// not fit their field (misfits, with their JSON path). Paths name list
// items as [] and map entries as *, so a field missing from every line item
// is reported once.
//
// The walk also returns the document fitted to the type: each misfit value
// replaced by null, everything else as it came. Decoding the fitted
// document never fails on a value, so one field the platform filled
// differently than documented costs that field, not the whole event.
type walker struct {
	drift    []Drift
	misfits  []Drift
	seen     map[Drift]bool
	rootMiss bool // the document itself is not the type's kind
}

const maxWalkDepth = 64

var jsonNull = json.RawMessage("null")

func (w *walker) add(d Drift) {
	if w.seen == nil {
		w.seen = map[Drift]bool{}
	}
	if !w.seen[d] {
		w.seen[d] = true
		w.drift = append(w.drift, d)
	}
}

// misfit records that the value at path does not fit and returns its
// replacement.
func (w *walker) misfit(path, detail string) (json.RawMessage, bool) {
	d := Drift{Path: path, Kind: KindMisfit, Detail: detail}
	if path == "$" {
		w.rootMiss = true
	}
	w.misfits = append(w.misfits, d)
	w.add(d)
	return jsonNull, true
}

func (w *walker) walk(path string, raw json.RawMessage, t reflect.Type) json.RawMessage {
	fitted, _ := w.walkDepth(path, raw, t, 0)
	return fitted
}

// walkDepth returns raw fitted to t and whether fitting changed it.
func (w *walker) walkDepth(path string, raw json.RawMessage, t reflect.Type, depth int) (json.RawMessage, bool) {
	if depth > maxWalkDepth {
		return raw, false
	}
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || string(raw) == "null" {
		return raw, false
	}
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if t.Kind() == reflect.Interface || t == rawType {
		return raw, false
	}
	if u, ok := reflect.New(t).Interface().(json.Unmarshaler); ok {
		if err := u.UnmarshalJSON(raw); err != nil {
			return w.misfit(path, err.Error())
		}
		return raw, false
	}
	switch t.Kind() {
	case reflect.Struct:
		var obj map[string]json.RawMessage
		if err := json.Unmarshal(raw, &obj); err != nil {
			return w.misfit(path, "want an object, got "+kindOf(raw))
		}
		fields := fieldsOf(t)
		known := make(map[string]bool, len(fields))
		changed := false
		for _, f := range fields {
			known[f.name] = true
			v, present := obj[f.name]
			if !present {
				if !f.optional {
					w.add(Drift{Path: path + "." + f.name, Kind: KindMissing})
				}
				continue
			}
			if fv, ch := w.walkDepth(path+"."+f.name, v, f.typ, depth+1); ch {
				obj[f.name], changed = fv, true
			}
		}
		var unknown []string
		for k := range obj {
			if !known[k] && !isPartial(t) {
				unknown = append(unknown, k)
			}
		}
		sort.Strings(unknown)
		for _, k := range unknown {
			w.add(Drift{Path: path + "." + k, Kind: KindUnknown})
		}
		return refit(raw, obj, changed)
	case reflect.Slice, reflect.Array:
		var items []json.RawMessage
		if err := json.Unmarshal(raw, &items); err != nil {
			return w.misfit(path, "want a list, got "+kindOf(raw))
		}
		changed := false
		for i, item := range items {
			if fv, ch := w.walkDepth(path+"[]", item, t.Elem(), depth+1); ch {
				items[i], changed = fv, true
			}
		}
		return refit(raw, items, changed)
	case reflect.Map:
		var obj map[string]json.RawMessage
		if err := json.Unmarshal(raw, &obj); err != nil {
			return w.misfit(path, "want an object, got "+kindOf(raw))
		}
		changed := false
		for k, v := range obj {
			if fv, ch := w.walkDepth(path+".*", v, t.Elem(), depth+1); ch {
				obj[k], changed = fv, true
			}
		}
		return refit(raw, obj, changed)
	default:
		if err := json.Unmarshal(raw, reflect.New(t).Interface()); err != nil {
			return w.misfit(path, "want "+kindName(t.Kind())+", got "+kindOf(raw))
		}
	}
	return raw, false
}

// refit re-encodes a container whose members were fitted; key order does
// not matter to the decoder that reads it next.
func refit(raw json.RawMessage, v any, changed bool) (json.RawMessage, bool) {
	if !changed {
		return raw, false
	}
	b, err := json.Marshal(v)
	if err != nil {
		return raw, false
	}
	return b, true
}

func kindOf(raw json.RawMessage) string {
	switch raw[0] {
	case '{':
		return "an object"
	case '[':
		return "a list"
	case '"':
		return "a string " + excerpt.Clip(string(raw), 40)
	case 't', 'f':
		return "a boolean"
	case 'n':
		return "null"
	}
	return "the number " + excerpt.Clip(string(raw), 40)
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
// pointer to the type, e.g. a reply type's zero value. A reply is checked
// before it is sent, so its misfits come back as errors, not drift.
func Conform(payload []byte, value any) ([]Drift, []string) {
	var probe any
	if err := json.Unmarshal(payload, &probe); err != nil {
		return nil, []string{"not valid JSON: " + jsonError(err)}
	}
	w := &walker{}
	w.walk("$", json.RawMessage(payload), reflect.TypeOf(value))
	var drift []Drift
	var errs []string
	for _, d := range w.drift {
		if d.Kind == KindMisfit {
			errs = append(errs, d.Path+": "+d.Detail)
			continue
		}
		drift = append(drift, d)
	}
	return drift, errs
}

// Fit decodes payload into value (a pointer) as far as it fits and
// returns the values that did not fit, as drift. A field whose value does
// not fit its type is left at its zero value; the rest of the event
// decodes. The error is for a payload that is not JSON, or not the type's
// kind at all (a list where an object belongs). When everything fits, as
// for most deliveries, this costs one json.Unmarshal: the walk that finds
// the misfits runs only when that fails.
func Fit(payload []byte, value any) ([]Drift, error) {
	err := json.Unmarshal(payload, value)
	if err == nil {
		return nil, nil
	}
	var se *json.SyntaxError
	if asErr(err, &se) {
		return nil, fmt.Errorf("not valid JSON: %s", jsonError(err))
	}
	w := &walker{}
	fitted := w.walk("$", json.RawMessage(payload), reflect.TypeOf(value))
	return fitInto(w, fitted, value, err)
}

// fitInto decodes a walked document's fitted form into value.
func fitInto(w *walker, fitted json.RawMessage, value any, cause error) ([]Drift, error) {
	if w.rootMiss {
		return w.misfits, fmt.Errorf("%s", w.misfits[0].Path+": "+w.misfits[0].Detail)
	}
	rv := reflect.ValueOf(value).Elem()
	rv.Set(reflect.Zero(rv.Type()))
	if err := json.Unmarshal(fitted, value); err != nil {
		if cause == nil {
			cause = err
		}
		return w.misfits, fmt.Errorf("%s", jsonError(cause))
	}
	return w.misfits, nil
}

var partialType = reflect.TypeOf(Partial{})

// isPartial reports whether t embeds Partial: its unnamed fields are not
// drift.
func isPartial(t reflect.Type) bool {
	for i := 0; i < t.NumField(); i++ {
		if f := t.Field(i); f.Anonymous && f.Type == partialType {
			return true
		}
	}
	return false
}
