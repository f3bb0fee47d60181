package filter

import (
	"strings"
	"time"
	"unicode"
)

// Limits that keep a pathological expression from becoming a pathological
// query: SQLite refuses expression trees deeper than 1000.
const (
	maxDepth = 32  // nested parentheses and negations
	maxTerms = 128 // fields and words in one expression
)

// Parse reads a filter expression. Blank input is a nil Expr, which
// matches everything. Every error is an *Error pointing at the column.
func Parse(input string) (Expr, error) {
	toks, err := lex(input)
	if err != nil {
		return nil, err
	}
	p := &parser{toks: toks}
	if p.peek().kind == tokEOF {
		return nil, nil
	}
	e, perr := p.parseOr()
	if perr != nil {
		return nil, perr
	}
	if t := p.peek(); t.kind == tokRParen {
		return nil, errorf(t.pos, "no ( before it to close", "unmatched )")
	}
	return e, nil
}

type parser struct {
	toks  []token
	i     int
	depth int
	terms int
}

func (p *parser) peek() token { return p.toks[p.i] }
func (p *parser) next() token { t := p.toks[p.i]; p.i++; return t }

func (p *parser) isKeyword(s string) bool {
	t := p.peek()
	return t.kind == tokWord && t.bare(s)
}

func isKeyword(s string) bool { return s == "OR" || s == "AND" || s == "NOT" }

// parseOr: and { OR and }. AND binds tighter than OR, as in GitHub's search
// and in boolean logic generally: `a b OR c` is `(a b) OR c`.
func (p *parser) parseOr() (Expr, *Error) {
	if p.isKeyword("OR") {
		return nil, errorf(p.peek().pos, "put a term on each side of OR", "OR with nothing before it")
	}
	first, err := p.parseAnd()
	if err != nil {
		return nil, err
	}
	terms := []Expr{first}
	for p.isKeyword("OR") {
		or := p.next()
		if k := p.peek(); k.kind == tokEOF || k.kind == tokRParen || p.isKeyword("OR") || p.isKeyword("AND") {
			return nil, errorf(or.pos, "put a term on each side of OR", "OR with nothing after it")
		}
		e, err := p.parseAnd()
		if err != nil {
			return nil, err
		}
		terms = append(terms, e)
	}
	if len(terms) == 1 {
		return first, nil
	}
	return &Or{Terms: terms}, nil
}

// parseAnd: unary { [AND] unary }, up to OR, ")" or the end.
func (p *parser) parseAnd() (Expr, *Error) {
	var terms []Expr
	for {
		t := p.peek()
		if t.kind == tokEOF || t.kind == tokRParen || p.isKeyword("OR") {
			break
		}
		if p.isKeyword("AND") {
			p.next()
			if len(terms) == 0 {
				return nil, errorf(t.pos, "put a term on each side of AND", "AND with nothing before it")
			}
			if k := p.peek(); k.kind == tokEOF || k.kind == tokRParen || p.isKeyword("OR") || p.isKeyword("AND") {
				return nil, errorf(t.pos, "put a term on each side of AND", "AND with nothing after it")
			}
			continue
		}
		e, err := p.parseUnary()
		if err != nil {
			return nil, err
		}
		terms = append(terms, e)
	}
	switch len(terms) {
	case 0:
		// Only reachable inside parentheses: the callers rule out the rest.
		return nil, errorf(p.peek().pos, "", "expected a term")
	case 1:
		return terms[0], nil
	}
	return &And{Terms: terms}, nil
}

func (p *parser) parseUnary() (Expr, *Error) {
	t := p.next()
	switch t.kind {
	case tokMinus:
		return p.negate(t, "-")
	case tokLParen:
		if p.peek().kind == tokRParen {
			return nil, errorf(t.pos, "put a term inside, or remove them", "empty parentheses")
		}
		if err := p.enter(t.pos); err != nil {
			return nil, err
		}
		e, err := p.parseOr()
		if err != nil {
			return nil, err
		}
		p.depth--
		if p.peek().kind != tokRParen {
			return nil, errorf(t.pos, "close it with )", "unclosed (")
		}
		p.next()
		return e, nil
	case tokWord:
		if t.bare("NOT") {
			return p.negate(t, "NOT")
		}
		if p.terms++; p.terms > maxTerms {
			return nil, errorf(t.pos, "", "more than %d terms", maxTerms)
		}
		return parseWord(t)
	}
	// tokRParen and tokEOF are ruled out by parseAnd; a minus or NOT is
	// followed by anything.
	if t.kind == tokRParen {
		return nil, errorf(t.pos, "no ( before it to close", "unmatched )")
	}
	return nil, errorf(t.pos, "", "expected a term")
}

func (p *parser) negate(t token, sign string) (Expr, *Error) {
	if k := p.peek(); k.kind == tokEOF || k.kind == tokRParen || p.isKeyword("OR") || p.isKeyword("AND") {
		return nil, errorf(t.pos, "", "%s with no term after it", sign)
	}
	if err := p.enter(t.pos); err != nil {
		return nil, err
	}
	x, err := p.parseUnary()
	if err != nil {
		return nil, err
	}
	p.depth--
	return &Not{X: x, At: t.pos}, nil
}

func (p *parser) enter(pos int) *Error {
	if p.depth++; p.depth > maxDepth {
		return errorf(pos, "", "nested more than %d deep", maxDepth)
	}
	return nil
}

// fieldPrefix returns the index of the colon when s starts with a field
// name (letters and underscores) and a colon, else -1.
func fieldPrefix(s string) int {
	for i, r := range s {
		if r == ':' && i > 0 {
			return i
		}
		if !(r == '_' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z') {
			return -1
		}
	}
	return -1
}

func wordColon(t token) int {
	for i, c := range t.chars {
		if c.literal {
			return -1
		}
		if c.r == ':' && i > 0 {
			return i
		}
		if !(c.r == '_' || c.r >= 'a' && c.r <= 'z' || c.r >= 'A' && c.r <= 'Z') {
			return -1
		}
	}
	return -1
}

func parseWord(t token) (Expr, *Error) {
	if k := wordColon(t); k >= 0 {
		return parseField(t, k)
	}
	chars := t.chars
	prefix := false
	for len(chars) > 0 && chars[len(chars)-1].r == '*' && !chars[len(chars)-1].literal {
		chars, prefix = chars[:len(chars)-1], true
	}
	text := token{chars: chars}.text()
	if !hasWordChar(text) {
		if text == "" && !prefix {
			return nil, errorf(t.pos, "", "empty phrase")
		}
		return nil, errorf(t.pos, "free text matches words and numbers", "nothing to search for in %s", Quote(t.text()))
	}
	return &Text{Text: text, Prefix: prefix, At: t.pos}, nil
}

// hasWordChar reports whether s holds a character the full-text index
// keeps (FTS5's unicode61 tokenizer keeps letters, numbers and private-use
// characters; everything else separates words).
func hasWordChar(s string) bool {
	for _, r := range s {
		if unicode.IsLetter(r) || unicode.IsNumber(r) || unicode.Is(unicode.Co, r) {
			return true
		}
	}
	return false
}

func parseField(t token, colon int) (Expr, *Error) {
	name := strings.ToLower(token{chars: t.chars[:colon]}.text())
	spec, ok := fields[name]
	if !ok {
		return nil, errorf(t.pos, suggest(name, fieldNames()), "unknown field %q", token{chars: t.chars[:colon]}.text())
	}
	rest := t.chars[colon+1:]
	// boundary is the column after the last syntax character read (the
	// colon, then the operator): where the value, quotes and all, begins.
	boundary := t.chars[colon].pos + 1
	f := &Field{Name: name, At: t.pos, ValueAt: boundary}
	if spec.keyed {
		// The key runs to the first operator; header takes only "=".
		k := 0
		for k < len(rest) && !(!rest[k].literal && strings.ContainsRune("=<>", rest[k].r)) {
			k++
		}
		f.Key = token{chars: rest[:k]}.text()
		if f.Key == "" {
			return nil, errorf(f.ValueAt, spec.usage, "%s: needs a %s", name, spec.keyName)
		}
		rest = rest[k:]
		if len(rest) == 0 {
			f.Op = OpHas
			if err := check(f); err != nil {
				return nil, err
			}
			return f, nil
		}
	}
	if spec.compare || spec.keyed {
		op, n := readOp(rest)
		if n > 0 {
			f.Op = op
			boundary = rest[n-1].pos + 1
			rest = rest[n:]
		}
	}
	f.ValueAt = boundary
	f.Value = token{chars: rest}.text()
	for _, q := range t.quotes {
		if q >= f.ValueAt {
			f.Quoted = true
		}
	}
	if f.Value == "" && !f.Quoted {
		return nil, errorf(f.ValueAt, spec.usage, "%s: needs a value", name)
	}
	if err := check(f); err != nil {
		return nil, err
	}
	return f, nil
}

func readOp(cs []wchar) (Op, int) {
	at := func(i int, r rune) bool { return i < len(cs) && !cs[i].literal && cs[i].r == r }
	switch {
	case at(0, '>') && at(1, '='):
		return OpGe, 2
	case at(0, '<') && at(1, '='):
		return OpLe, 2
	case at(0, '>'):
		return OpGt, 1
	case at(0, '<'):
		return OpLt, 1
	case at(0, '='):
		return OpEq, 1
	}
	return OpEq, 0
}

// check validates f as Compile would, so Parse reports a bad value with its
// column before anything runs.
func check(f *Field) *Error {
	_, err := compileField(f, time.Unix(0, 0))
	return err
}
