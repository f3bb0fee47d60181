package cli

import (
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/charmbracelet/x/ansi"

	"github.com/hookscope/hookscope/capture/store"
	"github.com/hookscope/hookscope/decode/content"
	"github.com/hookscope/hookscope/ui/format"
	"github.com/hookscope/hookscope/ui/report"
	"github.com/hookscope/hookscope/ui/sanitize"
)

// listColumn is one column of `hookscope list`.
type listColumn struct {
	name string
	// min is the narrowest the column is shown at; a column whose cells
	// are all narrower takes their width. fixed columns are never cut.
	min   int
	fixed bool
	// max caps the column until every column is shown; 0 is no cap.
	max   int
	right bool
	// priority orders the columns for room: lower is kept first.
	priority int
	cell     func(d *store.Delivery) string
	// raw is the cell in tab-separated output, where it is never cut;
	// nil when it is the same as cell. rawName is its header there, ""
	// when it is name.
	raw     func(d *store.Delivery) string
	rawName string
}

// listColumns are the list's columns in the order they are printed.
func listColumns() []listColumn {
	return []listColumn{
		// A terminal shows the id's last characters, which are random and
		// which show, replay and export take as the id; piped, it is whole.
		{name: "ID", fixed: true, priority: 0, cell: func(d *store.Delivery) string { return shortID(d.ID) },
			raw: func(d *store.Delivery) string { return d.ID }},
		// A mark the user set (m in the TUI, hookscope mark), as the
		// TUI's list shows it.
		{name: "*", rawName: "MARKED", fixed: true, priority: 1, cell: func(d *store.Delivery) string {
			if d.Marked {
				return "*"
			}
			return ""
		}, raw: func(d *store.Delivery) string {
			if d.Marked {
				return "marked"
			}
			return ""
		}},
		{name: "RECEIVED", fixed: true, priority: 1, cell: func(d *store.Delivery) string {
			// The year is in the piped form; a terminal needs the room.
			return d.ReceivedAt.Local().Format("01-02 15:04:05")
		}, raw: func(d *store.Delivery) string { return d.ReceivedAt.Local().Format("2006-01-02 15:04:05.000") }},
		{name: "METHOD", fixed: true, priority: 8, cell: func(d *store.Delivery) string { return sanitize.Line(d.Method) }},
		{name: "PATH", min: 12, max: 40, priority: 9, cell: func(d *store.Delivery) string { return sanitize.Line(d.URI) }},
		{name: "PROVIDER", min: 8, priority: 3, cell: func(d *store.Delivery) string { return sanitize.Line(d.Provider) }},
		{name: "TOPIC", min: 10, max: 24, priority: 4, cell: func(d *store.Delivery) string { return sanitize.Line(d.Topic) }},
		{name: "SIGNATURE", fixed: true, priority: 2, cell: func(d *store.Delivery) string {
			s := format.StoredStatus(d.Signature)
			return strings.TrimSpace(format.Badge(s) + " " + string(s))
		}, raw: func(d *store.Delivery) string { return string(format.StoredStatus(d.Signature)) }},
		{name: "SIZE", fixed: true, right: true, priority: 7, cell: func(d *store.Delivery) string {
			size := content.Size(d.Size)
			if d.Truncated {
				size += "+"
			}
			return size
		}, raw: func(d *store.Delivery) string { return fmt.Sprint(d.Size) }},
		{name: "REPLY", fixed: true, right: true, priority: 6, cell: func(d *store.Delivery) string { return fmt.Sprint(d.ReplyStatus) }},
		{name: "SUMMARY", min: 12, max: 60, priority: 5, cell: func(d *store.Delivery) string { return report.ListSummary(d) },
			raw: func(d *store.Delivery) string { return sanitize.Line(d.Summary) }},
	}
}

// shortIDLen is how much of an id the list shows (format.ShortID).
const shortIDLen = format.ShortIDLen

func shortID(id string) string { return format.ShortID(id) }

// listGap is the space between columns.
const listGap = "  "

// writeListTable prints page for a terminal width cells wide (see
// fitColumns).
func writeListTable(w io.Writer, page []store.Delivery, width int) {
	cols := listColumns()
	cells := make([][]string, len(page))
	natural := make([]int, len(cols))
	for c, col := range cols {
		natural[c] = ansi.StringWidth(col.name)
	}
	for i := range page {
		cells[i] = make([]string, len(cols))
		for c, col := range cols {
			cells[i][c] = col.cell(&page[i])
			natural[c] = max(natural[c], ansi.StringWidth(cells[i][c]))
		}
	}
	widths := fitColumns(cols, natural, width)
	line := func(cell func(c int) string) {
		var parts []string
		for c, col := range cols {
			if widths[c] == 0 {
				continue
			}
			if col.right {
				parts = append(parts, format.PadLeft(cell(c), widths[c]))
			} else {
				parts = append(parts, format.Pad(cell(c), widths[c]))
			}
		}
		fmt.Fprintln(w, strings.TrimRight(strings.Join(parts, listGap), " "))
	}
	line(func(c int) string { return cols[c].name })
	for i := range page {
		line(func(c int) string { return cells[i][c] })
	}
}

// fitColumns chooses each column's width, in terminal cells, for a line
// of width cells; 0 leaves a column out. Columns are taken by priority,
// each as wide as its widest cell up to its cap, the last one that fits
// cut, and none after a column that does not fit at its narrowest; room
// left once every column is in widens the capped ones, by priority. So a
// wider terminal never shows a column less, or narrower.
func fitColumns(cols []listColumn, natural []int, width int) []int {
	order := make([]int, len(cols))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(i, j int) bool { return cols[order[i]].priority < cols[order[j]].priority })
	widths := make([]int, len(cols))
	room := width
	for n, c := range order {
		if n > 0 {
			room -= len(listGap)
		}
		want := natural[c]
		if !cols[c].fixed && cols[c].max > 0 {
			want = min(want, cols[c].max)
		}
		narrowest := want
		if !cols[c].fixed {
			narrowest = min(want, cols[c].min)
		}
		if room < narrowest {
			return widths
		}
		widths[c] = min(want, room)
		room -= widths[c]
	}
	for _, c := range order {
		grow := min(natural[c]-widths[c], room)
		widths[c] += grow
		room -= grow
	}
	return widths
}

// writeListTSV prints page as tab-separated rows under a header row, each
// cell whole: for scripts, when stdout is not a terminal. Cells cannot
// hold a tab or newline: sanitize.Line escapes them.
func writeListTSV(w io.Writer, page []store.Delivery) {
	cols := listColumns()
	names := make([]string, len(cols))
	for c, col := range cols {
		names[c] = col.name
		if col.rawName != "" {
			names[c] = col.rawName
		}
	}
	fmt.Fprintln(w, strings.Join(names, "\t"))
	row := make([]string, len(cols))
	for i := range page {
		for c, col := range cols {
			if col.raw != nil {
				row[c] = col.raw(&page[i])
			} else {
				row[c] = col.cell(&page[i])
			}
		}
		fmt.Fprintln(w, strings.Join(row, "\t"))
	}
}
