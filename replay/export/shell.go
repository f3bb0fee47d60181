package export

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Quoting for POSIX sh (dash, bash, zsh in sh mode). Inside single quotes
// every byte is literal except the quote itself, so no $( ), backtick or
// ; in a value can run. What a terminal would mangle or act on when the
// line is pasted (tabs trigger completion, escapes drive the terminal,
// CR ends the line, NUL cannot be an argument at all) is never written
// raw: it goes through printf's octal escapes instead, whose format is
// itself single-quoted.

// pasteSafe reports whether s can be pasted inside single quotes as it is:
// UTF-8 of printable runes and spaces, newlines where allowed.
func pasteSafe(s string, newlines bool) bool {
	if !utf8.ValidString(s) {
		return false
	}
	for _, r := range s {
		if r == '\n' && newlines || r == ' ' {
			continue
		}
		if !unicode.IsPrint(r) {
			return false
		}
	}
	return true
}

// singleQuote is s in single quotes; a quote inside is closed, escaped and
// reopened: ' becomes '\”.
func singleQuote(s string) string {
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

// printfFormat is a printf format that prints exactly b: printable ASCII
// as itself (% and \ doubled), every other byte as a 3-digit octal escape.
// POSIX printf interprets \ddd in the format, so no argument is needed.
// A leading - is escaped too, or printf would take it for an option
// (bash's printf -v assigns a variable instead of printing).
func printfFormat(b []byte) string {
	var sb strings.Builder
	sb.Grow(len(b))
	for i, c := range b {
		switch {
		case i == 0 && c == '-':
			sb.WriteString(`\055`)
		case c == '%':
			sb.WriteString("%%")
		case c == '\\':
			sb.WriteString(`\\`)
		case c >= 0x20 && c < 0x7f:
			sb.WriteByte(c)
		default:
			fmt.Fprintf(&sb, `\%03o`, c)
		}
	}
	return sb.String()
}

// shellWord is s as one shell word: single-quoted when it pastes safely,
// else the output of printf in double quotes (command substitution drops
// trailing newlines, so s must not end with one; header values and URLs
// cannot). NUL cannot be in an argument; it is refused.
func shellWord(s string) (string, error) {
	if strings.IndexByte(s, 0) >= 0 {
		return "", fmt.Errorf("%q holds a NUL byte, which no command argument can", s)
	}
	if pasteSafe(s, false) {
		return singleQuote(s), nil
	}
	if strings.HasSuffix(s, "\n") {
		return "", fmt.Errorf("%q ends with a newline", s)
	}
	return `"$(printf ` + singleQuote(printfFormat([]byte(s))) + `)"`, nil
}
