package detail

import (
	"slices"
	"strings"
	"unicode"

	"github.com/charmbracelet/x/ansi"
)

// The Body tab highlights the filter's free-text terms (filter.Terms) and
// n/N step through them. The body page is highlighted by chroma in a Cmd;
// a line that holds a match is drawn again plain with the matches marked,
// since colours and marks cannot both be cut into the same ANSI text. The
// plain lines and the matches are found once per page and terms; stepping
// redraws only the page's join.

// match is one occurrence of a term: the line, and the runes [from, to) of
// that line as shown (without colour).
type match struct{ line, from, to int }

// findings is the body page cut into lines with its matches.
type findings struct {
	lines   []string // the page's lines as rendered
	matches []match
	current int // the match n/N last went to, -1 before the first
}

// SetTerms sets the words to highlight in the Body tab; nil for none.
func (m *Model) SetTerms(terms []string) {
	if slices.Equal(terms, m.terms) {
		return
	}
	m.terms = slices.Clone(terms)
	m.findMatches()
}

// Matches is how many matches of the terms the Body tab holds.
func (m Model) Matches() int { return len(m.found.matches) }

// CurrentMatch is the 1-based match n/N last went to, 0 before the first.
func (m Model) CurrentMatch() int { return m.found.current + 1 }

// NextMatch scrolls the Body tab to the next match (step 1) or the one
// before (-1), round the end.
func (m *Model) NextMatch(step int) {
	n := len(m.found.matches)
	if n == 0 {
		return
	}
	switch {
	case m.found.current < 0 && step < 0:
		m.found.current = n - 1
	case m.found.current < 0:
		m.found.current = 0
	default:
		m.found.current = (m.found.current + step + n) % n
	}
	m.showBody()
	line := m.found.matches[m.found.current].line
	if line < m.vp.YOffset || line >= m.vp.YOffset+m.vp.Height {
		m.vp.SetYOffset(max(0, line-m.vp.Height/3))
	}
}

// findMatches finds the terms in the body page.
func (m *Model) findMatches() {
	m.collectMatches()
	m.showBody()
}

// collectMatches finds the terms in the body page, for findMatches and
// for a load, which puts the page in the viewport itself.
func (m *Model) collectMatches() {
	m.found = findings{current: -1}
	page := m.pages[TabBody]
	if len(m.terms) == 0 || page == "" {
		return
	}
	m.found.lines = strings.Split(page, "\n")
	for i, l := range m.found.lines {
		plain := []rune(ansi.Strip(l))
		for _, r := range spans(plain, m.terms) {
			m.found.matches = append(m.found.matches, match{line: i, from: r[0], to: r[1]})
		}
	}
}

// showBody puts the body page, with its matches marked, in the viewport
// when the Body tab shows.
func (m *Model) showBody() {
	if m.tab != TabBody {
		return
	}
	y := m.vp.YOffset
	m.vp.SetContent(m.bodyPage())
	m.vp.SetYOffset(y)
}

// bodyPage is the Body tab's text with the matches marked.
func (m Model) bodyPage() string {
	if len(m.found.matches) == 0 {
		return m.pages[TabBody]
	}
	lines := slices.Clone(m.found.lines)
	for i := 0; i < len(m.found.matches); {
		j := i
		for j < len(m.found.matches) && m.found.matches[j].line == m.found.matches[i].line {
			j++
		}
		lines[m.found.matches[i].line] = m.markLine(m.found.lines[m.found.matches[i].line], i, j)
		i = j
	}
	return strings.Join(lines, "\n")
}

// markLine draws line plain with matches [i, j) marked.
func (m Model) markLine(line string, i, j int) string {
	plain := []rune(ansi.Strip(line))
	var b strings.Builder
	at := 0
	for k := i; k < j; k++ {
		mt := m.found.matches[k]
		b.WriteString(string(plain[at:mt.from]))
		st := m.styles.Detail.Match
		if k == m.found.current {
			st = m.styles.Detail.MatchCurrent
		}
		b.WriteString(st.Render(string(plain[mt.from:mt.to])))
		at = mt.to
	}
	b.WriteString(string(plain[at:]))
	return b.String()
}

// spans finds the terms in line, case-insensitively, each starting a word
// as the full-text index matches them (a term that is a prefix, ord*,
// matches the start of a longer word), leftmost first, not overlapping.
func spans(line []rune, terms []string) [][2]int {
	var out [][2]int
	for i := 0; i < len(line); {
		if i > 0 && isWordRune(line[i-1]) {
			i++
			continue
		}
		best := 0
		for _, t := range terms {
			tr := []rune(t)
			if len(tr) > best && i+len(tr) <= len(line) && foldEqual(line[i:i+len(tr)], tr) {
				best = len(tr)
			}
		}
		if best == 0 {
			i++
			continue
		}
		out = append(out, [2]int{i, i + best})
		i += best
	}
	return out
}

func isWordRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }

func foldEqual(a, b []rune) bool {
	for i := range a {
		if unicode.ToLower(a[i]) != unicode.ToLower(b[i]) {
			return false
		}
	}
	return true
}
