package filter

import "unicode"

// The lexer splits an expression into parentheses, negation signs and
// words. A word runs to whitespace or a parenthesis; inside it, "double
// quotes" protect spaces, parentheses and operators, and a backslash takes
// the next character literally (`\"`, `\\`, `\(`; elsewhere a backslash is
// just a backslash, so Windows-ish paths survive).

type tokenKind int

const (
	tokWord tokenKind = iota
	tokLParen
	tokRParen
	tokMinus
	tokEOF
)

type token struct {
	kind      tokenKind
	pos       int     // 1-based column
	chars     []wchar // tokWord only
	hadQuotes bool    // the word contained a quoted part (perhaps empty)
	quotes    []int   // columns of the opening quotes
}

// wchar is one character of a word; literal when it was quoted or escaped,
// so it cannot be syntax (a colon, an operator, a wildcard).
type wchar struct {
	r       rune
	literal bool
	pos     int
}

func (t token) text() string {
	rs := make([]rune, len(t.chars))
	for i, c := range t.chars {
		rs[i] = c.r
	}
	return string(rs)
}

// bare reports whether the word is exactly s with nothing quoted: how the
// keywords OR, AND and NOT are recognised.
func (t token) bare(s string) bool {
	return !t.hadQuotes && t.text() == s && func() bool {
		for _, c := range t.chars {
			if c.literal {
				return false
			}
		}
		return true
	}()
}

func lex(input string) ([]token, error) {
	rs := []rune(input)
	var toks []token
	for i := 0; i < len(rs); {
		r := rs[i]
		switch {
		case unicode.IsSpace(r):
			i++
		case r == '(':
			toks = append(toks, token{kind: tokLParen, pos: i + 1})
			i++
		case r == ')':
			toks = append(toks, token{kind: tokRParen, pos: i + 1})
			i++
		case r == '-' && (i+1 == len(rs) || unicode.IsSpace(rs[i+1]) || rs[i+1] == ')'):
			return nil, errorf(i+1, `write "-" before a term, without a space, or quote it to search for it`, "a lone -")
		case r == '-':
			toks = append(toks, token{kind: tokMinus, pos: i + 1})
			i++
		default:
			tok, next, err := lexWord(rs, i)
			if err != nil {
				return nil, err
			}
			toks = append(toks, tok)
			i = next
		}
	}
	return append(toks, token{kind: tokEOF, pos: len(rs) + 1}), nil
}

func lexWord(rs []rune, start int) (token, int, error) {
	tok := token{kind: tokWord, pos: start + 1}
	quoteAt := -1 // index of the opening quote while inside quotes
	i := start
	for i < len(rs) {
		r := rs[i]
		if quoteAt >= 0 {
			switch {
			case r == '"':
				quoteAt = -1
			case r == '\\' && i+1 < len(rs) && (rs[i+1] == '"' || rs[i+1] == '\\'):
				i++
				tok.chars = append(tok.chars, wchar{rs[i], true, i + 1})
			default:
				tok.chars = append(tok.chars, wchar{r, true, i + 1})
			}
			i++
			continue
		}
		switch {
		case unicode.IsSpace(r) || r == '(' || r == ')':
			return tok, i, nil
		case r == '"':
			quoteAt = i
			tok.hadQuotes = true
			tok.quotes = append(tok.quotes, i+1)
		case r == '\\' && i+1 < len(rs) && (rs[i+1] == '"' || rs[i+1] == '\\' || rs[i+1] == '(' || rs[i+1] == ')' || rs[i+1] == ' '):
			i++
			tok.chars = append(tok.chars, wchar{rs[i], true, i + 1})
		default:
			tok.chars = append(tok.chars, wchar{r, false, i + 1})
		}
		i++
	}
	if quoteAt >= 0 {
		return tok, i, errorf(quoteAt+1, `close it with another ", or write \" for a quote character`, "unclosed quote")
	}
	return tok, i, nil
}
