package cli

import (
	"errors"
	"fmt"
	"reflect"
	"regexp"
	"strings"

	"github.com/BurntSushi/toml"
)

// tomlError rewrites an error from decoding a TOML file into one that names
// the line and the key and says what is wrong, but never quotes the file's
// text. The TOML library quotes the offending value ("expected value but
// found "hunterTwo…" instead"); when that value is a secret, the message
// would print it. So nothing of the input survives here except key names the
// schema knows (known) and line numbers.
func tomlError(file string, err error, known keySet) error {
	var pe toml.ParseError
	if errors.As(err, &pe) {
		return fmt.Errorf("%s: %s: %s", file, where(pe.Position.Line, known.name(pe.LastKey)), parseProblem(pe.Message))
	}
	if m := typeErr.FindStringSubmatch(err.Error()); m != nil {
		line := 0
		fmt.Sscan(m[1], &line)
		return fmt.Errorf("%s: %s: the value is %s; want %s", file, where(line, known.name(m[2])), tomlType(m[3]), tomlType(m[4]))
	}
	return fmt.Errorf("%s: not valid TOML", file)
}

// typeErr is the library's message for a value of the wrong type; it holds
// type names and the key, never the value.
var typeErr = regexp.MustCompile(`^toml: line (\d+) \(last key "(.*)"\): incompatible types: TOML value has type (\w+); destination has type (\w+)$`)

func where(line int, key string) string {
	switch {
	case line > 0 && key != "":
		return fmt.Sprintf("line %d, key `%s`", line, key)
	case line > 0:
		return fmt.Sprintf("line %d", line)
	case key != "":
		return fmt.Sprintf("key `%s`", key)
	}
	return "somewhere"
}

// parseProblems say in our words what a TOML syntax error means; the
// library's words quote the input.
var parseProblems = []struct{ match, say string }{
	{"expected value", "the value is not valid TOML (strings need quotes: key = \"…\")"},
	{"cannot contain newlines", "a string does not end on its line (close the quote; a string over several lines uses \"\"\")"},
	{"unexpected EOF", "the file ends inside a value (a quote or bracket is not closed)"},
	{"invalid escape", "a string has an invalid escape (double the backslash, or use 'single quotes')"},
	{"out of range", "the number is too large"},
	{"already been defined", "the key is set twice"},
	{"to end with a newline", "unexpected text after the value (a comment starts with #)"},
}

func parseProblem(msg string) string {
	for _, p := range parseProblems {
		if strings.Contains(msg, p.match) {
			return p.say
		}
	}
	return "not valid TOML here"
}

// tomlType names a type as a TOML user knows it: the library gives TOML
// and Go type names.
func tomlType(t string) string {
	switch t {
	case "string":
		return "a string"
	case "int64", "integer", "int", "int32":
		return "a whole number"
	case "float64", "float":
		return "a decimal number"
	case "bool":
		return "true or false"
	case "slice", "array":
		return "a list"
	case "map", "struct", "table":
		return "a table"
	}
	return "a " + t + " value"
}

// keySet holds the key names a TOML file may use, so an error names only
// those: a name that is not among them may be part of a value.
type keySet map[string]bool

// keysOf gathers the toml tags of v's struct type, recursively, and extra
// names (map keys the schema allows, such as provider ids).
func keysOf(v any, extra ...string) keySet {
	ks := keySet{}
	for _, e := range extra {
		ks[e] = true
	}
	var walk func(t reflect.Type)
	seen := map[reflect.Type]bool{}
	walk = func(t reflect.Type) {
		for t.Kind() == reflect.Pointer || t.Kind() == reflect.Slice || t.Kind() == reflect.Map || t.Kind() == reflect.Array {
			t = t.Elem()
		}
		if t.Kind() != reflect.Struct || seen[t] {
			return
		}
		seen[t] = true
		for i := 0; i < t.NumField(); i++ {
			f := t.Field(i)
			name, _, _ := strings.Cut(f.Tag.Get("toml"), ",")
			if name == "-" || !f.IsExported() {
				continue
			}
			if name == "" && !f.Anonymous {
				name = f.Name
			}
			if name != "" {
				ks[name] = true
			}
			walk(f.Type)
		}
	}
	walk(reflect.TypeOf(v))
	return ks
}

// name is key with every part the schema does not know replaced by "…".
func (ks keySet) name(key string) string {
	if key == "" {
		return ""
	}
	parts := strings.Split(key, ".")
	for i, p := range parts {
		if !ks[p] {
			parts[i] = "…"
		}
	}
	return strings.Join(parts, ".")
}

// keyLine finds the line (from 1) that sets a top-level key, before any
// table header; 0 when there is none. The TOML library keeps key positions
// to itself.
func keyLine(raw, key string) int {
	for i, l := range strings.Split(raw, "\n") {
		l = strings.TrimSpace(l)
		if strings.HasPrefix(l, "[") {
			return 0
		}
		if k, _, ok := strings.Cut(l, "="); ok && strings.Trim(strings.TrimSpace(k), `"'`) == key {
			return i + 1
		}
	}
	return 0
}

// tableLine finds the line (from 1) of the header [prefix.name]; 0 when
// there is none.
func tableLine(raw, prefix, name string) int {
	for i, l := range strings.Split(raw, "\n") {
		l, _, _ = strings.Cut(l, "#")
		l = strings.TrimSpace(l)
		if !strings.HasPrefix(l, "[") {
			continue
		}
		h := strings.Join(strings.Fields(strings.Trim(l, "[] \t")), "")
		if h == prefix+"."+name || h == prefix+`."`+name+`"` {
			return i + 1
		}
	}
	return 0
}

// keyPathLine finds the line (from 1) where the longest written-down prefix
// of the dotted key path is set: the key itself, an inline table that
// holds it (match = { header = … }), or the table header that opens it;
// at least the first two parts must be found, else 0.
func keyPathLine(raw string, path []string) int {
	lines := strings.Split(raw, "\n")
	for n := len(path); n >= 2; n-- {
		want := strings.Join(path[:n], ".")
		var table string
		for i, l := range lines {
			l = strings.TrimSpace(l)
			if strings.HasPrefix(l, "#") || l == "" {
				continue
			}
			if strings.HasPrefix(l, "[") {
				h, _, _ := strings.Cut(l, "#")
				table = dottedKey(strings.Trim(strings.TrimSpace(h), "[]"))
				if table == want {
					return i + 1
				}
				continue
			}
			k, _, ok := strings.Cut(l, "=")
			if !ok {
				continue
			}
			full := dottedKey(k)
			if table != "" {
				full = table + "." + full
			}
			if full == want {
				return i + 1
			}
		}
	}
	return 0
}

// dottedKey normalises a TOML key as written (spaces around dots, quoted
// parts) to a.b.c.
func dottedKey(k string) string {
	parts := strings.Split(k, ".")
	for i, p := range parts {
		parts[i] = strings.Trim(strings.TrimSpace(p), `"'`)
	}
	return strings.Join(parts, ".")
}
