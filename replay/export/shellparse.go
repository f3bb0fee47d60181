package export

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"
)

// A reader for the shell command lines hookscope writes and browsers copy
// ("Copy as cURL"): words in single quotes, double quotes, $'…' (bash's
// ANSI-C quoting, which devtools use), backslash escapes and line
// continuations, comments, and pipes. Nothing is ever run or expanded: the
// one substitution understood is "$(printf '…')", which hookscope writes
// for bytes a terminal would mangle, and it is interpreted, not executed.
// Any other expansion or shell syntax is an error naming it.

// shellCommand is one command line: pipeline stages of words.
type shellCommand struct {
	line   int // where it starts, 1-based
	stages [][]string
}

func splitCommands(src string) ([]shellCommand, error) {
	p := &shellParser{src: src, line: 1}
	return p.commands()
}

type shellParser struct {
	src  string
	i    int
	line int
}

func (p *shellParser) errf(format string, args ...any) error {
	return fmt.Errorf("line %d: %s", p.line, fmt.Sprintf(format, args...))
}

func (p *shellParser) commands() ([]shellCommand, error) {
	var out []shellCommand
	cur := shellCommand{line: p.line}
	var stage []string
	end := func() {
		if len(stage) > 0 {
			cur.stages = append(cur.stages, stage)
			stage = nil
		}
		if len(cur.stages) > 0 {
			out = append(out, cur)
		}
		cur = shellCommand{line: p.line}
	}
	for p.i < len(p.src) {
		c := p.src[p.i]
		switch {
		case c == ' ' || c == '\t' || c == '\r':
			p.i++
		case c == '\n':
			p.i++
			p.line++
			if len(stage) == 0 && len(cur.stages) > 0 {
				continue // "printf … |" then the next line
			}
			end()
		case c == '\\' && p.i+1 < len(p.src) && p.src[p.i+1] == '\n':
			p.i += 2
			p.line++
		case c == '\\' && p.i+2 < len(p.src) && p.src[p.i+1] == '\r' && p.src[p.i+2] == '\n':
			p.i += 3
			p.line++
		case c == '#':
			for p.i < len(p.src) && p.src[p.i] != '\n' {
				p.i++
			}
		case c == '|':
			if len(stage) == 0 {
				return nil, p.errf("a pipe with nothing before it")
			}
			cur.stages = append(cur.stages, stage)
			stage = nil
			p.i++
		default:
			if len(stage) == 0 && len(cur.stages) == 0 {
				cur.line = p.line
			}
			w, err := p.word()
			if err != nil {
				return nil, err
			}
			stage = append(stage, w)
		}
	}
	if len(stage) == 0 && len(cur.stages) > 0 {
		return nil, p.errf("the command ends with a pipe")
	}
	end()
	return out, nil
}

// word reads one word up to unquoted whitespace, newline or pipe.
func (p *shellParser) word() (string, error) {
	var b strings.Builder
	for p.i < len(p.src) {
		c := p.src[p.i]
		switch c {
		case ' ', '\t', '\r', '\n', '|':
			return b.String(), nil
		case '\'':
			end := strings.IndexByte(p.src[p.i+1:], '\'')
			if end < 0 {
				return "", p.errf("a single quote is never closed")
			}
			s := p.src[p.i+1 : p.i+1+end]
			p.line += strings.Count(s, "\n")
			b.WriteString(s)
			p.i += end + 2
		case '"':
			s, err := p.doubleQuoted()
			if err != nil {
				return "", err
			}
			b.WriteString(s)
		case '\\':
			if p.i+1 >= len(p.src) {
				return "", p.errf("a backslash ends the file")
			}
			if p.src[p.i+1] == '\n' {
				p.line++
				p.i += 2
				continue
			}
			b.WriteByte(p.src[p.i+1])
			p.i += 2
		case '$':
			if p.i+1 < len(p.src) && p.src[p.i+1] == '\'' {
				s, err := p.ansiC()
				if err != nil {
					return "", err
				}
				b.WriteString(s)
				continue
			}
			return "", p.errf("shell expansion %q is not supported (nothing is run)", snippet(p.src[p.i:]))
		case '`', ';', '&', '<', '>', '(', ')':
			return "", p.errf("shell syntax %q is not supported (nothing is run)", string(c))
		default:
			b.WriteByte(c)
			p.i++
		}
	}
	return b.String(), nil
}

func snippet(s string) string {
	if len(s) > 12 {
		s = s[:12] + "…"
	}
	return s
}

// doubleQuoted reads "…": \ escapes $ ` " \ and newline; the only
// expansion is $(printf 'FORMAT'), interpreted.
func (p *shellParser) doubleQuoted() (string, error) {
	var b strings.Builder
	p.i++ // opening quote
	for p.i < len(p.src) {
		c := p.src[p.i]
		switch c {
		case '"':
			p.i++
			return b.String(), nil
		case '\\':
			if p.i+1 < len(p.src) && strings.IndexByte("$`\"\\\n", p.src[p.i+1]) >= 0 {
				if p.src[p.i+1] != '\n' {
					b.WriteByte(p.src[p.i+1])
				} else {
					p.line++
				}
				p.i += 2
				continue
			}
			b.WriteByte(c)
			p.i++
		case '$':
			const sub = "$(printf '"
			if !strings.HasPrefix(p.src[p.i:], sub) {
				return "", p.errf("shell expansion %q is not supported (nothing is run)", snippet(p.src[p.i:]))
			}
			start := p.i + len(sub)
			end := strings.IndexByte(p.src[start:], '\'')
			if end < 0 || !strings.HasPrefix(p.src[start+end+1:], ")") {
				return "", p.errf("$(printf '…') is not closed")
			}
			out, err := printfOutput(p.src[start:start+end], nil)
			if err != nil {
				return "", p.errf("printf: %v", err)
			}
			// Command substitution drops trailing newlines.
			b.WriteString(strings.TrimRight(string(out), "\n"))
			p.i = start + end + 2
		case '`':
			return "", p.errf("shell syntax %q is not supported (nothing is run)", "`")
		case '\n':
			p.line++
			b.WriteByte(c)
			p.i++
		default:
			b.WriteByte(c)
			p.i++
		}
	}
	return "", p.errf("a double quote is never closed")
}

// ansiC reads $'…' with its backslash escapes.
func (p *shellParser) ansiC() (string, error) {
	var b []byte
	p.i += 2
	for p.i < len(p.src) {
		c := p.src[p.i]
		switch c {
		case '\'':
			p.i++
			return string(b), nil
		case '\\':
			out, n, err := backslashEscape(p.src[p.i:], true)
			if err != nil {
				return "", p.errf("%v", err)
			}
			b = append(b, out...)
			p.i += n
		default:
			if c == '\n' {
				p.line++
			}
			b = append(b, c)
			p.i++
		}
	}
	return "", p.errf("a $' quote is never closed")
}

// backslashEscape decodes the escape at the start of s (which begins with
// a backslash): what it stands for and how many bytes it took. ansi adds
// bash's \' \" \xHH \uHHHH \UHHHHHHHH and \e to printf's set.
func backslashEscape(s string, ansi bool) ([]byte, int, error) {
	if len(s) < 2 {
		return []byte{'\\'}, 1, nil
	}
	simple := map[byte]byte{'\\': '\\', 'a': 7, 'b': 8, 'f': 12, 'n': '\n', 'r': '\r', 't': '\t', 'v': 11}
	if ansi {
		simple['\''], simple['"'], simple['e'], simple['E'], simple['?'] = '\'', '"', 0x1b, 0x1b, '?'
	}
	c := s[1]
	if v, ok := simple[c]; ok {
		return []byte{v}, 2, nil
	}
	switch {
	case c >= '0' && c <= '7':
		// printf: \ddd, one to three octal digits.
		n := 1
		for n < 3 && 1+n < len(s) && s[1+n] >= '0' && s[1+n] <= '7' {
			n++
		}
		v, _ := strconv.ParseUint(s[1:1+n], 8, 16)
		return []byte{byte(v)}, 1 + n, nil
	case ansi && (c == 'x' || c == 'u' || c == 'U'):
		max := map[byte]int{'x': 2, 'u': 4, 'U': 8}[c]
		n := 0
		for n < max && 2+n < len(s) && isHex(s[2+n]) {
			n++
		}
		if n == 0 {
			return nil, 0, fmt.Errorf("\\%c without hex digits", c)
		}
		v, _ := strconv.ParseUint(s[2:2+n], 16, 32)
		if c == 'x' {
			return []byte{byte(v)}, 2 + n, nil
		}
		return utf8.AppendRune(nil, rune(v)), 2 + n, nil
	}
	return []byte{'\\', c}, 2, nil
}

func isHex(c byte) bool { return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F' }

// printfOutput is what `printf FORMAT ARGS…` prints, for the directives a
// body needs: escapes, %%, and %s/%b taking the arguments in turn.
func printfOutput(format string, args []string) ([]byte, error) {
	var out []byte
	for i := 0; i < len(format); {
		c := format[i]
		switch c {
		case '\\':
			b, n, err := backslashEscape(format[i:], false)
			if err != nil {
				return nil, err
			}
			out = append(out, b...)
			i += n
		case '%':
			if i+1 >= len(format) {
				return nil, errors.New("the format ends with %")
			}
			switch format[i+1] {
			case '%':
				out = append(out, '%')
			case 's':
				if len(args) > 0 {
					out = append(out, args[0]...)
					args = args[1:]
				}
			default:
				return nil, fmt.Errorf("printf directive %%%c is not supported", format[i+1])
			}
			i += 2
		default:
			out = append(out, c)
			i++
		}
	}
	if len(args) > 0 {
		return nil, errors.New("more printf arguments than the format uses")
	}
	return out, nil
}
