package filter

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
)

// The body's JSON text is in one of two places. A delivery stored since
// the segment logs (store schema v8) has an empty body column and its JSON
// text in FactsTable's ColBodyJSON, which the store's indexer fills for a
// body that is JSON (NULL for any other); an older row holds its body in
// the deliveries table and nothing in ColBodyJSON. A json: term is the
// same condition on each, ORed: each delivery has JSON in one place at
// most, the other is NULL or empty and matches nothing.
const (
	// rowBodyText is a pre-v8 row's body as JSON text. The cast matters:
	// SQLite 3.45+ reads a BLOB argument of the JSON functions as its
	// binary JSONB form.
	rowBodyText = `CAST(body AS TEXT)`
	// factsBodyText is the same for a delivery the indexer has read.
	factsBodyText = ColBodyJSON
)

var jsonNumber = regexp.MustCompile(`^-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?$`)

// compileJSON compares a value inside a JSON body. Numbers compare as
// numbers when both sides are numbers (a quoted value is a string); anything
// else compares as text, so ISO dates order correctly. A body that is not
// JSON (form-encoded, compressed, truncated) matches no json: term.
func compileJSON(f *Field, at int) (cond, *Error) {
	path, err := jsonPath(f.Key)
	if err != nil {
		return cond{}, errorf(f.At+len("json:"), "e.g. json:data.items[0].price", "json: %s", err)
	}
	facts, row := jsonCond(f, path, factsBodyText), jsonCond(f, path, rowBodyText)
	inFact := inFacts(facts.sql)
	return cond{"(" + inFact.sql + " OR " + row.sql + ")", append(facts.args, row.args...)}, nil
}

// jsonCond is f's condition on the JSON text body, an SQL expression.
func jsonCond(f *Field, path, body string) cond {
	guard := func(c string) string {
		return `(CASE WHEN json_valid(` + body + `) THEN coalesce(` + c + `, 0) ELSE 0 END)`
	}
	if f.Op == OpHas {
		return cond{guard(`json_type(` + body + `, ?) IS NOT NULL`), []any{path}}
	}
	// A value as text for comparison: a JSON string's own text, anything
	// else as JSON writes it (true, null, 12.5, {"a":1}).
	textForm := `(CASE json_type(` + body + `, ?) WHEN 'text' THEN json_extract(` + body + `, ?) ELSE ` + body + ` -> ? END)`
	op := opText[f.Op]
	text := []any{path, path, path}
	if !f.Quoted && jsonNumber.MatchString(f.Value) {
		n := jsonNumberArg(f.Value)
		c := `CASE WHEN json_type(` + body + `, ?) IN ('integer', 'real') THEN json_extract(` + body + `, ?) ` + op + ` ? ELSE ` + textForm + ` ` + op + ` ? END`
		return cond{guard(c), append(append([]any{path, path, n}, text...), f.Value)}
	}
	if f.Op == OpEq && strings.Contains(f.Value, "*") {
		return cond{guard(textForm + ` GLOB ?`), append(text, globPattern(f.Value))}
	}
	return cond{guard(textForm + ` ` + op + ` ?`), append(text, f.Value)}
}

// jsonNumberArg binds a number the way SQLite holds the JSON one: an
// integer when it is one that fits, else a float.
func jsonNumberArg(v string) any {
	if n, err := strconv.ParseInt(v, 10, 64); err == nil {
		return n
	}
	x, _ := strconv.ParseFloat(v, 64)
	return x
}

var arrayIndex = regexp.MustCompile(`^\[([0-9]+)\]`)

// jsonPath turns a dotted path (`data.items[0].price`, optionally starting
// with `$.`) into SQLite's JSON path with every key quoted, so keys holding
// `$`, `-` or spaces are read as keys.
func jsonPath(key string) (string, error) {
	key = strings.TrimPrefix(strings.TrimPrefix(key, "$"), ".")
	if key == "" {
		return "", fmt.Errorf("needs a path, like data.object.id")
	}
	var b strings.Builder
	b.WriteString("$")
	for i, seg := range strings.Split(key, ".") {
		name := seg
		if j := strings.IndexByte(seg, '['); j >= 0 {
			name = seg[:j]
		}
		rest := seg[len(name):]
		if name == "" && (i > 0 || rest == "") {
			return "", fmt.Errorf("empty key in %s", Quote(key))
		}
		// SQLite reads the path as a C string, so no NUL either.
		if strings.ContainsAny(name, "\"\\]\x00") {
			return "", fmt.Errorf("key %s cannot hold \", \\, ] or NUL", Quote(name))
		}
		if name != "" {
			b.WriteString(`."` + name + `"`)
		}
		for rest != "" {
			m := arrayIndex.FindStringSubmatch(rest)
			if m == nil {
				return "", fmt.Errorf("bad array index %s in %s, want [0], [1], …", Quote(rest), Quote(key))
			}
			n, err := strconv.Atoi(m[1])
			if err != nil || n > 1<<31 {
				return "", fmt.Errorf("array index %s is too large", m[1])
			}
			b.WriteString("[" + strconv.Itoa(n) + "]")
			rest = rest[len(m[0]):]
		}
	}
	return b.String(), nil
}
