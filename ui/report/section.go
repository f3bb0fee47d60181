package report

import (
	"strings"

	"github.com/charmbracelet/x/ansi"

	"github.com/hookscope/hookscope/decode"
	"github.com/hookscope/hookscope/ui/format"
	"github.com/hookscope/hookscope/ui/sanitize"
)

// MaxLabelWidth and MaxCellWidth cap a field label and a table cell, in
// terminal cells; longer ones are cut with an ellipsis.
const (
	MaxLabelWidth = 28
	MaxCellWidth  = 32
)

// Section is one part of the typed view: labelled fields, a table, or both.
type Section struct {
	Title  string
	Fields []Row
	Table  *Table
}

func newSection(s decode.Section) Section {
	out := Section{Title: sanitize.Line(s.Title)}
	for _, f := range s.Fields {
		out.Fields = append(out.Fields, Row{sanitize.Line(f.Label), sanitize.Line(f.Value)})
	}
	if s.Table != nil {
		out.Table = NewTable(s.Table)
	}
	return out
}

// LabelWidth is the width the section's labels are padded to: the widest,
// capped at MaxLabelWidth.
func (s Section) LabelWidth() int { return LabelWidth(s.Fields) }

// LabelWidth is the width rows' labels are padded to: the widest, capped
// at MaxLabelWidth.
func LabelWidth(rows []Row) int {
	w := 0
	for _, f := range rows {
		w = max(w, ansi.StringWidth(f.Label))
	}
	return min(w, MaxLabelWidth)
}

// Table is a table of the typed view with its columns measured.
type Table struct {
	Columns []string
	Rows    [][]string
	widths  []int
}

// NewTable sanitises t's cells and measures its columns in terminal cells
// (a wide character takes two), each capped at MaxCellWidth.
func NewTable(t *decode.Table) *Table {
	out := &Table{Columns: sanitizeAll(t.Columns)}
	for _, r := range t.Rows {
		out.Rows = append(out.Rows, sanitizeAll(r))
	}
	out.widths = make([]int, len(out.Columns))
	for i := range out.Columns {
		w := ansi.StringWidth(out.Columns[i])
		for _, r := range out.Rows {
			if i < len(r) {
				w = max(w, ansi.StringWidth(r[i]))
			}
		}
		out.widths[i] = min(w, MaxCellWidth)
	}
	return out
}

func sanitizeAll(cells []string) []string {
	out := make([]string, len(cells))
	for i, c := range cells {
		out[i] = sanitize.Line(c)
	}
	return out
}

// Header is the column names laid out as Lines lays out the rows.
func (t *Table) Header() string { return t.line(t.Columns) }

// Lines are the rows, each cell padded or cut to its column's width, two
// spaces apart, with no trailing space.
func (t *Table) Lines() []string {
	out := make([]string, len(t.Rows))
	for i, r := range t.Rows {
		out[i] = t.line(r)
	}
	return out
}

func (t *Table) line(cells []string) string {
	parts := make([]string, len(t.widths))
	for i, w := range t.widths {
		c := ""
		if i < len(cells) {
			c = cells[i]
		}
		parts[i] = format.Pad(c, w)
	}
	return strings.TrimRight(strings.Join(parts, "  "), " ")
}
