package decode

import (
	"encoding/json"
	"fmt"
	"reflect"
	"sort"
	"strings"
)

// View is a delivery decoded into its event type, ready to show.
type View struct {
	Summary  string    `json:"summary"`
	Sections []Section `json:"sections"`
	Drift    []Drift   `json:"drift"`
	Error    string    `json:"error"`
	// Value is the typed event (a pointer to the event's struct).
	Value any `json:"-"`
}

// Section is a titled group of fields, or a table (line items).
type Section struct {
	Title  string  `json:"title"`
	Fields []Field `json:"fields,omitempty"`
	Table  *Table  `json:"table,omitempty"`
}

// Field is one labelled value.
type Field struct {
	Label string `json:"label"`
	Value string `json:"value"`
}

// Table is rows of values under column titles.
type Table struct {
	Columns []string   `json:"columns"`
	Rows    [][]string `json:"rows"`
}

// Drift is a difference between a payload and its documented type.
type Drift struct {
	Path string `json:"path"`
	// Kind is KindUnknown, KindMissing or KindMisfit.
	Kind string `json:"kind"`
	// Detail says how a misfit value differs from its type.
	Detail string `json:"detail,omitempty"`
}

// Drift kinds.
const (
	KindUnknown = "unknown" // in the payload, not in the type
	KindMissing = "missing" // documented, absent from the payload
	KindMisfit  = "misfit"  // present, but its value does not fit the type; decoded as absent
)

func (d Drift) String() string {
	switch d.Kind {
	case KindUnknown:
		return "unknown field " + d.Path
	case KindMisfit:
		return "value does not fit " + d.Path + ": " + d.Detail + " (read as absent)"
	}
	return "missing field " + d.Path
}

// DecodeEvent decodes payload as event e: the typed value, its summary, its
// sections and its drift. It never fails: a payload that does not fit gives
// a view with Error set, naming the JSON path.
func DecodeEvent(e Event, payload []byte) *View {
	v := &View{}
	if e.New == nil {
		v.Error = "no type for this event"
		return v
	}
	value := e.New()
	var probe any
	if err := json.Unmarshal(payload, &probe); err != nil {
		v.Error = "not valid JSON: " + jsonError(err)
		return v
	}
	w := &walker{}
	fitted := w.walk("$", json.RawMessage(payload), reflect.TypeOf(value))
	v.Drift = w.drift
	if _, err := fitInto(w, fitted, value, nil); err != nil {
		v.Error = err.Error()
		return v
	}
	v.Value = value
	v.Summary = Summarize(value, e.Topic)
	v.Sections = Sections(value)
	return v
}

func jsonError(err error) string {
	var te *json.UnmarshalTypeError
	var se *json.SyntaxError
	switch {
	case asErr(err, &te):
		return fmt.Sprintf("$.%s: want %s, got %s", te.Field, te.Type, te.Value)
	case asErr(err, &se):
		return fmt.Sprintf("at byte %d: %v", se.Offset, se)
	}
	return err.Error()
}

func asErr[T error](err error, target *T) bool {
	t, ok := err.(T)
	if ok {
		*target = t
	}
	return ok
}

// Sections lays a typed event out for reading: its plain fields first, each
// nested object as its own section, each list of objects as a table.
// Absent values (null, "") are left out.
func Sections(value any) []Section {
	var out []Section
	addSections(&out, "Details", reflect.ValueOf(value))
	return out
}

func addSections(out *[]Section, title string, v reflect.Value) {
	v = deref(v)
	if !v.IsValid() || v.Kind() != reflect.Struct || isLeaf(v.Type()) {
		return
	}
	sec := Section{Title: title}
	var nested []func()
	for _, f := range fieldsOf(v.Type()) {
		fv := deref(v.FieldByIndex(f.index))
		label := humanize(f.name)
		// An optional field at its zero value was most likely absent from
		// the payload: "ID 0" would mislead.
		if !fv.IsValid() || f.optional && fv.IsZero() {
			continue
		}
		switch {
		case isLeaf(fv.Type()) || isScalar(fv.Kind()):
			if s := format(fv); s != "" {
				sec.Fields = append(sec.Fields, Field{label, s})
			}
		case fv.Kind() == reflect.Struct:
			sub := childTitle(title, label)
			nested = append(nested, func() { addSections(out, sub, fv) })
		case fv.Kind() == reflect.Slice || fv.Kind() == reflect.Array:
			if fv.Len() == 0 {
				continue
			}
			elem := deref(reflect.New(fv.Type().Elem()).Elem())
			if elem.Kind() == reflect.Struct && !isLeaf(elem.Type()) {
				t := table(fv)
				sub := childTitle(title, label)
				nested = append(nested, func() { *out = append(*out, Section{Title: sub, Table: t}) })
			} else {
				var parts []string
				for i := 0; i < fv.Len(); i++ {
					parts = append(parts, format(deref(fv.Index(i))))
				}
				sec.Fields = append(sec.Fields, Field{label, strings.Join(parts, ", ")})
			}
		case fv.Kind() == reflect.Map:
			if fv.Len() == 0 {
				continue
			}
			sub := childTitle(title, label)
			nested = append(nested, func() { *out = append(*out, mapSection(sub, fv)) })
		}
	}
	if len(sec.Fields) > 0 {
		*out = append(*out, sec)
	}
	for _, f := range nested {
		f()
	}
}

func childTitle(parent, label string) string {
	if parent == "Details" {
		return label
	}
	return parent + " › " + label
}

// table renders a list of objects; columns are the fields tagged
// `hs:"col"`, else the first six plain fields.
func table(list reflect.Value) *Table {
	elemType := list.Type().Elem()
	for elemType.Kind() == reflect.Pointer {
		elemType = elemType.Elem()
	}
	var cols []fieldInfo
	for _, f := range fieldsOf(elemType) {
		if f.col {
			cols = append(cols, f)
		}
	}
	if len(cols) == 0 {
		for _, f := range fieldsOf(elemType) {
			ft := f.typ
			for ft.Kind() == reflect.Pointer {
				ft = ft.Elem()
			}
			if isLeaf(ft) || isScalar(ft.Kind()) {
				cols = append(cols, f)
			}
			if len(cols) == 6 {
				break
			}
		}
	}
	t := &Table{}
	for _, c := range cols {
		t.Columns = append(t.Columns, humanize(c.name))
	}
	for i := 0; i < list.Len(); i++ {
		row := deref(list.Index(i))
		var cells []string
		for _, c := range cols {
			if !row.IsValid() {
				cells = append(cells, "")
				continue
			}
			cells = append(cells, format(deref(row.FieldByIndex(c.index))))
		}
		t.Rows = append(t.Rows, cells)
	}
	return t
}

func mapSection(title string, m reflect.Value) Section {
	keys := m.MapKeys()
	sort.Slice(keys, func(i, j int) bool { return fmt.Sprint(keys[i]) < fmt.Sprint(keys[j]) })
	elem := deref(reflect.New(m.Type().Elem()).Elem())
	if elem.Kind() == reflect.Struct && !isLeaf(elem.Type()) {
		rows := reflect.MakeSlice(reflect.SliceOf(m.Type().Elem()), 0, len(keys))
		for _, k := range keys {
			rows = reflect.Append(rows, m.MapIndex(k))
		}
		t := table(rows)
		t.Columns = append([]string{"Key"}, t.Columns...)
		for i, k := range keys {
			t.Rows[i] = append([]string{fmt.Sprint(k)}, t.Rows[i]...)
		}
		return Section{Title: title, Table: t}
	}
	sec := Section{Title: title}
	for _, k := range keys {
		sec.Fields = append(sec.Fields, Field{fmt.Sprint(k), format(deref(m.MapIndex(k)))})
	}
	return sec
}

func deref(v reflect.Value) reflect.Value {
	for v.IsValid() && (v.Kind() == reflect.Pointer || v.Kind() == reflect.Interface) {
		if v.IsNil() {
			return reflect.Value{}
		}
		v = v.Elem()
	}
	return v
}

var (
	decimalType = reflect.TypeOf(Decimal{})
	timeType    = reflect.TypeOf(Time{})
	rawType     = reflect.TypeOf(json.RawMessage{})
)

// isLeaf is a struct or other type shown as one value.
func isLeaf(t reflect.Type) bool {
	if t == decimalType || t == timeType || t == rawType {
		return true
	}
	_, ok := reflect.New(t).Interface().(fmt.Stringer)
	return ok && t.Kind() == reflect.Struct
}

func isScalar(k reflect.Kind) bool {
	switch k {
	case reflect.String, reflect.Bool, reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Float32, reflect.Float64:
		return true
	}
	return false
}

func format(v reflect.Value) string {
	if !v.IsValid() {
		return ""
	}
	if s, ok := v.Interface().(fmt.Stringer); ok {
		return s.String()
	}
	if v.Kind() == reflect.Map || v.Kind() == reflect.Slice && v.Type() != rawType {
		b, _ := json.Marshal(v.Interface())
		return string(b)
	}
	if v.Type() == rawType {
		return string(v.Bytes())
	}
	return fmt.Sprint(v.Interface())
}

// initialisms are words shown in capitals in labels.
var initialisms = map[string]string{"id": "ID", "url": "URL", "sku": "SKU", "ip": "IP", "html": "HTML", "api": "API", "avs": "AVS"}

// humanize turns a JSON name into a label: "total_price" → "Total price",
// "product_id" → "Product ID".
func humanize(name string) string {
	words := strings.Fields(strings.ReplaceAll(name, "_", " "))
	for i, w := range words {
		if up, ok := initialisms[strings.ToLower(w)]; ok {
			words[i] = up
		}
	}
	s := strings.Join(words, " ")
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

type fieldInfo struct {
	name     string
	index    []int
	typ      reflect.Type
	optional bool // absent from the payload without drift (omitempty)
	col      bool // a column when this type is a table row
}

// fieldsOf lists a struct's JSON fields in declaration order, flattening
// embedded structs as encoding/json does.
func fieldsOf(t reflect.Type) []fieldInfo {
	var out []fieldInfo
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		if !f.IsExported() {
			continue
		}
		tag := f.Tag.Get("json")
		if tag == "-" {
			continue
		}
		name, opts, _ := strings.Cut(tag, ",")
		if f.Anonymous && name == "" && f.Type.Kind() == reflect.Struct {
			for _, sub := range fieldsOf(f.Type) {
				sub.index = append([]int{i}, sub.index...)
				out = append(out, sub)
			}
			continue
		}
		if name == "" {
			name = f.Name
		}
		out = append(out, fieldInfo{
			name: name, index: []int{i}, typ: f.Type,
			optional: strings.Contains(opts, "omitempty"),
			col:      strings.Contains(f.Tag.Get("hs"), "col"),
		})
	}
	return out
}

// Unmarshal decodes payload into value as far as it fits (see Fit): values
// that do not fit their field are left out, and only a payload that is not
// JSON or not the type's kind at all is an error.
func Unmarshal(payload []byte, value any) error {
	_, err := Fit(payload, value)
	return err
}
