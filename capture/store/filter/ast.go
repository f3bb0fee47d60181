package filter

import (
	"slices"
	"strings"
)

// Expr is a parsed filter expression: *And, *Or, *Not, *Text or *Field.
// Callers may build one by hand (a CLI flag as a *Field, the TUI's tree
// selection ANDed onto the user's filter); Compile checks it as Parse does.
type Expr interface {
	// Pos is the 1-based column where the expression starts.
	Pos() int
	// String is the expression written out; Parse reads it back to an
	// equal expression.
	String() string
	isExpr()
}

// And holds when every term holds. Juxtaposed terms (`a b`) are an And.
type And struct{ Terms []Expr }

// Or holds when any term holds.
type Or struct{ Terms []Expr }

// Not negates X: `-x` or `NOT x`.
type Not struct {
	X  Expr
	At int
}

// Text is free text: a word or a "quoted phrase", searched in the request
// URI, header values, summary and body (as an FTS5 phrase). Prefix is set
// for a bare word ending in `*` (`ord*`), which matches words starting with
// Text.
type Text struct {
	Text   string
	Prefix bool
	At     int
}

// Op is how a field's value is compared.
type Op int

// Comparisons. OpEq is the plain `field:value`; OpHas is a keyed field
// without a value (`header:x-foo`, `json:data.id`): the key is present.
const (
	OpEq Op = iota
	OpGt
	OpGe
	OpLt
	OpLe
	OpHas
)

var opText = map[Op]string{OpEq: "=", OpGt: ">", OpGe: ">=", OpLt: "<", OpLe: "<="}

// Field is a `name:value` term. Key is the header name or JSON path of the
// keyed fields (header, json). Quoted records that the value was written in
// quotes, which makes a json value a string even when it looks like a number.
type Field struct {
	Name    string
	Key     string
	Op      Op
	Value   string
	Quoted  bool
	At      int // column of the name
	ValueAt int // column of the value (after the colon); At when unknown
}

func (e *And) Pos() int   { return firstPos(e.Terms) }
func (e *Or) Pos() int    { return firstPos(e.Terms) }
func (e *Not) Pos() int   { return e.At }
func (e *Text) Pos() int  { return e.At }
func (e *Field) Pos() int { return e.At }

func (*And) isExpr()   {}
func (*Or) isExpr()    {}
func (*Not) isExpr()   {}
func (*Text) isExpr()  {}
func (*Field) isExpr() {}

func firstPos(terms []Expr) int {
	if len(terms) == 0 || terms[0] == nil {
		return 1
	}
	return terms[0].Pos()
}

func (e *And) String() string { return join(e.Terms, " ", false) }
func (e *Or) String() string  { return join(e.Terms, " OR ", true) }

func (e *Not) String() string {
	switch e.X.(type) {
	case *And, *Or:
		return "-(" + e.X.String() + ")"
	}
	return "-" + e.X.String()
}

func (e *Text) String() string {
	if e.Prefix {
		return quoteIfNeeded(e.Text, true) + "*"
	}
	return quoteIfNeeded(e.Text, true)
}

func (e *Field) String() string {
	var b strings.Builder
	b.WriteString(e.Name + ":" + e.Key)
	switch e.Op {
	case OpHas:
		return b.String()
	case OpEq:
		if e.Key != "" {
			b.WriteString("=")
		}
	default:
		b.WriteString(opText[e.Op])
	}
	if e.Quoted {
		b.WriteString(Quote(e.Value))
	} else {
		b.WriteString(quoteIfNeeded(e.Value, false))
	}
	return b.String()
}

// join writes terms with sep, parenthesising an Or inside an And (and an
// And inside an Or when inOr, which is redundant but kept readable).
func join(terms []Expr, sep string, inOr bool) string {
	parts := make([]string, len(terms))
	for i, t := range terms {
		s := t.String()
		switch t.(type) {
		case *Or:
			s = "(" + s + ")"
		case *And:
			if inOr {
				s = "(" + s + ")"
			}
		}
		parts[i] = s
	}
	return strings.Join(parts, sep)
}

// Quote writes s as a quoted value or phrase that Parse reads back as s, so
// callers can build expressions from user input (`"provider:" +
// filter.Quote(name)`) without it being read as syntax.
func Quote(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		if r == '"' || r == '\\' {
			b.WriteByte('\\')
		}
		b.WriteRune(r)
	}
	b.WriteByte('"')
	return b.String()
}

// quoteIfNeeded leaves a value bare when the lexer would read it back
// unchanged as one plain word.
func quoteIfNeeded(s string, freeText bool) string {
	if s == "" || strings.ContainsAny(s, " \t\r\n\"\\()") || isKeyword(s) ||
		(freeText && (s[0] == '-' || strings.HasSuffix(s, "*") || fieldPrefix(s) >= 0)) {
		return Quote(s)
	}
	return s
}

// Terms returns the free-text terms that a matching delivery contains: every
// Text not under a negation, in order, without repeats. The TUI highlights
// them in the body.
func Terms(e Expr) []string {
	var out []string
	seen := map[string]bool{}
	var walk func(Expr, bool)
	walk = func(e Expr, negated bool) {
		switch e := e.(type) {
		case *And:
			for _, t := range e.Terms {
				walk(t, negated)
			}
		case *Or:
			for _, t := range e.Terms {
				walk(t, negated)
			}
		case *Not:
			walk(e.X, !negated)
		case *Text:
			if !negated && e.Text != "" && !seen[e.Text] {
				seen[e.Text] = true
				out = append(out, e.Text)
			}
		}
	}
	if e != nil {
		walk(e, false)
	}
	return out
}

// NeedsIndex reports whether e reads what the store derives behind its
// writer (FactsTable, FTSTable): free text, header:, json:, is:retry or
// is:outoforder, negated
// or not. The store catches its index up before running such a query, so
// it sees every delivery stored before it.
func NeedsIndex(e Expr) bool {
	switch e := e.(type) {
	case *And:
		return slices.ContainsFunc(e.Terms, NeedsIndex)
	case *Or:
		return slices.ContainsFunc(e.Terms, NeedsIndex)
	case *Not:
		return NeedsIndex(e.X)
	case *Text:
		return true
	case *Field:
		return e.Name == "header" || e.Name == "json" || e.Name == "is" &&
			(strings.EqualFold(e.Value, "retry") || strings.EqualFold(e.Value, "outoforder"))
	}
	return false
}
