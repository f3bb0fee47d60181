// Package excerpt shortens text that came in a delivery (a chat message,
// an SMS, a commit message, an id) for a one-line summary or an error
// message. The text is the sender's: it may be megabytes long, span lines,
// hold combining marks, emoji and wide characters, or not be UTF-8 at all.
// An excerpt is valid UTF-8, cut between grapheme clusters (never inside a
// character, an accent or an emoji), and measured in terminal columns the
// way lipgloss measures the list it is shown in.
package excerpt

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/clipperhouse/displaywidth"
)

// Width is the most columns a summary's excerpt takes.
const Width = 60

// lineKeep is what a line wider than Width keeps before its ellipsis: 57
// columns, where the summaries hookscope has always written cut.
const lineKeep = Width - 3

// maxBytes bounds an excerpt however few columns its text takes: a
// grapheme cluster can carry any number of combining marks, and zero-width
// runes take no column at all.
const maxBytes = 512

const ellipsis = "…"

// Line is s shortened for a summary: its first line that has text, each
// run of white space one space, at most Width columns; a longer line is cut
// to 57 columns and an ellipsis. Lines after the first are left out without
// one, as a commit message's subject leaves out its body.
func Line(s string) string {
	c := cutter{limit: Width, keep: lineKeep}
	space := false
	clusters(s, func(g string, w int) bool {
		r, _ := utf8.DecodeRuneInString(g)
		switch {
		case lineBreak(r) && c.b.Len() > 0:
			return false
		case unicode.IsSpace(r):
			space = c.b.Len() > 0
			return true
		}
		if space && !c.add(" ", 1) {
			return false
		}
		space = false
		return c.add(g, w)
	})
	return c.String()
}

// Quote is Line in curly quotes, or "" when s has no text.
func Quote(s string) string {
	if l := Line(s); l != "" {
		return "“" + l + "”"
	}
	return ""
}

// Clip is s when it takes at most n columns, else its first n columns and
// an ellipsis. Unlike Line it keeps s's lines and spaces: it shortens ids
// and values quoted in messages, which show them as they are.
func Clip(s string, n int) string {
	c := cutter{limit: n, keep: n}
	clusters(s, c.add)
	return c.String()
}

// clusters calls yield with each grapheme cluster of s and its width in
// columns until yield returns false. A cluster that is not UTF-8 comes rune
// by rune, each byte that is no character as U+FFFD: the segmenter groups
// a stray byte with what follows it ("\xe2\t" is one cluster), and the tab
// must still count as white space.
func clusters(s string, yield func(g string, w int) bool) {
	for g := displaywidth.StringGraphemes(s); g.Next(); {
		v := g.Value()
		if utf8.ValidString(v) {
			if !yield(v, g.Width()) {
				return
			}
			continue
		}
		for len(v) > 0 {
			r, size := utf8.DecodeRuneInString(v)
			if !yield(string(r), displaywidth.Rune(r)) {
				return
			}
			v = v[size:]
		}
	}
}

// lineBreak reports whether r ends a line (Unicode's mandatory breaks).
func lineBreak(r rune) bool {
	switch r {
	case '\n', '\v', '\f', '\r', '\u0085', '\u2028', '\u2029':
		return true
	}
	return false
}

// cutter collects grapheme clusters until they pass limit columns or
// maxBytes, remembering where the text was keep columns wide.
type cutter struct {
	b           strings.Builder
	limit, keep int
	cols        int  // columns written
	kept        int  // bytes written while cols <= keep
	over        bool // the text passed a limit: String cuts at kept
}

// add appends the grapheme cluster g, w columns wide; false once the text
// is over a limit and nothing more need be added.
func (c *cutter) add(g string, w int) bool {
	// A cluster of no width still counts as one column: an excerpt of a
	// thousand zero-width joiners is not an excerpt.
	c.cols += max(w, 1)
	c.b.WriteString(g)
	if c.cols > c.limit || c.b.Len() > maxBytes {
		c.over = true
		return false
	}
	if c.cols <= c.keep {
		c.kept = c.b.Len()
	}
	return true
}

// String is the excerpt: the text whole, or cut with an ellipsis.
func (c *cutter) String() string {
	if c.over {
		return c.b.String()[:c.kept] + ellipsis
	}
	return c.b.String()
}
