// Package highlight colours text with chroma for the terminal, in the
// colours the terminal has (none under NO_COLOR or TERM=dumb). It is slow
// on large input (about a second for 1 MB of JSON), so callers run it in a
// tea.Cmd and only on text within Budget.
package highlight

import (
	"fmt"
	"strings"

	"github.com/alecthomas/chroma/v2"
	"github.com/alecthomas/chroma/v2/formatters"
	"github.com/alecthomas/chroma/v2/lexers"
	"github.com/alecthomas/chroma/v2/styles"
	"github.com/muesli/termenv"

	"github.com/hookscope/hookscope/decode/content"
)

// Budget is the largest text highlighted unless the user asks for more.
const Budget = 256 << 10

// Lexer names the chroma lexer for a kind of body, "" when none fits.
func Lexer(kind content.Kind) string {
	switch kind {
	case content.JSON:
		return "json"
	case content.XML:
		return "xml"
	case content.Form:
		return "ini" // pretty-printed forms are "key = value" lines
	}
	return ""
}

// Formatter names the chroma formatter for a terminal's colour profile,
// "" for a terminal without colour.
func Formatter(profile termenv.Profile) string {
	switch profile {
	case termenv.TrueColor:
		return "terminal16m"
	case termenv.ANSI256:
		return "terminal256"
	case termenv.ANSI:
		return "terminal16"
	}
	return ""
}

// Text colours text, which must already be sanitized, for a terminal of
// the given colour profile (lipgloss.ColorProfile() is the one the rest of
// the screen uses): the escapes in the result are chroma's own. Without
// colour, text comes back as it is.
func Text(text, lexer, style string, profile termenv.Profile) (string, error) {
	formatter := Formatter(profile)
	if formatter == "" {
		return text, nil
	}
	l := lexers.Get(lexer)
	if l == nil {
		return text, fmt.Errorf("highlight: no lexer %q", lexer)
	}
	it, err := chroma.Coalesce(l).Tokenise(nil, text)
	if err != nil {
		return text, fmt.Errorf("highlight %s: %w", lexer, err)
	}
	var b strings.Builder
	b.Grow(len(text) * 2)
	if err := formatters.Get(formatter).Format(&b, styles.Get(style), it); err != nil {
		return text, fmt.Errorf("highlight %s: %w", lexer, err)
	}
	return b.String(), nil
}
