package ui

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"

	"github.com/hookscope/hookscope/capture/store"
)

// updating reports -update (the flag teatest's golden files define).
func updating() bool {
	f := flag.Lookup("update")
	return f != nil && f.Value.String() == "true"
}

func init() {
	time.Local = time.UTC // goldens show times
}

// golden compares view with testdata/name.golden (-update rewrites it),
// after checking it fills exactly w×h cells.
func golden(t *testing.T, name, view string, w, h int) {
	t.Helper()
	lines := strings.Split(view, "\n")
	if len(lines) != h {
		t.Errorf("%s: %d lines for a %d-line terminal", name, len(lines), h)
	}
	for i, l := range lines {
		if cw := ansi.StringWidth(l); cw > w {
			t.Errorf("%s: line %d is %d cells wide, terminal %d: %q", name, i, cw, w, l)
		}
	}
	path := filepath.Join("testdata", name+".golden")
	if updating() {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(view), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to write it)", err)
	}
	if string(want) != view {
		t.Errorf("%s differs from %s (go test -update rewrites it):\n%s", name, path, view)
	}
}

// headerColumns is the list's column names as drawn.
func headerColumns(t *testing.T, m Model) map[string]bool {
	t.Helper()
	for _, l := range strings.Split(m.View(), "\n") {
		if strings.Contains(l, "TIME") && strings.Contains(l, "SUMMARY") {
			cols := map[string]bool{}
			for _, c := range strings.Fields(strings.Trim(l, "│ ")) {
				cols[c] = true
			}
			return cols
		}
	}
	t.Fatal("no column header drawn")
	return nil
}

// columnWidths is the cells from each of PROVIDER and TOPIC to the next
// column drawn.
func columnWidths(t *testing.T, m Model) map[string]int {
	t.Helper()
	for _, l := range strings.Split(ansi.Strip(m.View()), "\n") {
		if !strings.Contains(l, "TIME") || !strings.Contains(l, "SUMMARY") {
			continue
		}
		r := []rune(l)
		at := func(name string) int {
			for i := range r {
				if strings.HasPrefix(string(r[i:]), name+" ") {
					return i
				}
			}
			return -1
		}
		out := map[string]int{}
		order := []string{"PROVIDER", "TOPIC", "SUMMARY"}
		for i, c := range order[:2] {
			if start := at(c); start >= 0 {
				for _, next := range order[i+1:] {
					if end := at(next); end > start {
						out[c] = end - start
						break
					}
				}
			}
		}
		return out
	}
	t.Fatal("no column header drawn")
	return nil
}

// A wider screen never shows fewer columns, nor narrower ones: at 114
// columns the tree came in beside the list and PROVIDER and TOPIC shrank
// from 13 and 20 cells to 9 and 14. At 200 columns TOPIC stayed 20 wide
// (collec…_listings/add) beside a hundred empty cells of SUMMARY: with
// width to spare PROVIDER and TOPIC grow to their longest name.
func TestAWiderScreenNeverShowsFewerColumns(t *testing.T) {
	long := seed{"americommerce", "collection_listings/add", "/c/1"}
	m, _ := newModel(t, 80, 24, append(topics(), long)...)
	var prev map[string]bool
	var prevW map[string]int
	for w := 60; w <= 220; w++ {
		m = resize(m, w, 30)
		cols, widths := headerColumns(t, m), columnWidths(t, m)
		for c := range prev {
			if !cols[c] {
				t.Errorf("at %d columns the list drops %s, shown at %d", w, c, w-1)
			}
		}
		for c, was := range prevW {
			if widths[c] < was {
				t.Errorf("at %d columns %s is %d cells, %d at %d", w, c, widths[c], was, w-1)
			}
		}
		prev, prevW = cols, widths
	}
	m = resize(m, 200, 50)
	if w := columnWidths(t, m)["TOPIC"]; w <= len(long.topic) {
		t.Errorf("200 columns: TOPIC is %d cells, want room for %s", w, long.topic)
	}
	if v := m.View(); !strings.Contains(v, long.topic) || !strings.Contains(v, "americommerce ") {
		t.Errorf("200 columns: the list cuts %s or %s:\n%s", long.provider, long.topic, v)
	}
	m = resize(m, 80, 24)
	if cols := headerColumns(t, m); !cols["TOPIC"] || !cols["PROVIDER"] {
		t.Errorf("80 columns: %v, want provider and topic", cols)
	}
	m = resize(m, 100, 30)
	if cols := headerColumns(t, m); !cols["TOPIC"] || !cols["SIZE"] {
		t.Errorf("100 columns: %v, want topic and size", cols)
	}
}

func TestTreeGrowsWithItsNamesAndKeepsThemApart(t *testing.T) {
	m, _ := newModel(t, 200, 50,
		seed{"spiffy", "collection_listings/create", "/a"}, seed{"spiffy", "collection_listings/update", "/b"},
		seed{"spiffy", "collection_listings/delete", "/c"}, seed{"spiffy", "app/uninstalled_with_a_very_long_topic_name_indeed", "/d"})
	if inner := m.sideOuter - 4; inner <= 28 {
		t.Errorf("tree is %d wide at 200 columns, want it grown to its names", inner)
	}
	view := m.View()
	for _, topic := range []string{"collection_listings/create", "collection_listings/update", "collection_listings/delete"} {
		if !strings.Contains(view, topic) {
			t.Errorf("at 200 columns the tree cuts %s", topic)
		}
	}
	// Narrow enough that the tree is at its minimum: names are cut, and
	// stay apart.
	// README: the tree sits beside the list from 124 columns.
	if resize(m, 123, 30).sideOuter != 0 {
		t.Error("a tree beside the list at 123 columns; README says from 124")
	}
	m = resize(m, 124, 30)
	if m.sideOuter == 0 {
		t.Fatal("no tree at 124 columns")
	}
	seen := map[string]bool{}
	for _, l := range strings.Split(m.View(), "\n") {
		tree := ansi.Truncate(l, m.sideOuter, "")
		if i := strings.Index(tree, "colle"); i >= 0 {
			cell := strings.Fields(tree[i:])[0]
			if seen[cell] {
				t.Errorf("two tree rows read %q", cell)
			}
			seen[cell] = true
		}
	}
	if len(seen) != 3 {
		t.Errorf("tree rows of collection_listings: %v", seen)
	}
}

func TestFilterStaysVisibleAndClearableWhenTheTreeHides(t *testing.T) {
	m, st := newModel(t, 200, 50, topics()...)
	m = chooseInTree(t, m, "orders/create")
	m = resize(m, 80, 24)
	if m.sideOuter != 0 {
		t.Fatalf("tree beside the list at 80 columns")
	}
	if !strings.Contains(m.View(), "in spiffy › orders/create (esc: all)") {
		t.Errorf("at 80 columns the status bar does not name the filter:\n%s", m.View())
	}
	// tab reaches the tree: it shows in the list's place.
	for i := 0; i < 3 && m.focus != focusSidebar; i++ {
		m = press(m, "tab")
	}
	if m.focus != focusSidebar || !strings.Contains(m.View(), "sale.update") {
		t.Fatalf("tab does not reach the tree at 80 columns (focus %v):\n%s", m.focus, m.View())
	}
	m = press(m, "esc")
	if m.focus != focusList || m.list.Filter() != (store.Filter{}) || m.sidebar.Active() != (store.Filter{}) {
		t.Fatalf("esc: focus %v, filter %+v, tree %+v; want the list, unfiltered", m.focus, m.list.Filter(), m.sidebar.Active())
	}
	insertSeed(t, st, 7, seed{"vend", "sale.update", "/v/4"})
	m = load(m)
	if m.list.Total() != 7 || selectedURI(t, m) != "/v/4" {
		t.Errorf("after esc a new vend delivery: total %d, selected %s", m.list.Total(), selectedURI(t, m))
	}
	// esc from the list itself clears a filter too.
	m = resize(m, 200, 50)
	m = chooseInTree(t, m, "vend")
	m = resize(m, 80, 24)
	if m = press(m, "esc"); m.list.Filter() != (store.Filter{}) {
		t.Errorf("esc on the list at 80 columns left filter %+v", m.list.Filter())
	}
}

func TestEmptyListHintSendsToThisProcess(t *testing.T) {
	m, _ := newModel(t, 80, 24)
	want := "hookscope send spiffy/orders-create --to http://127.0.0.1:18110/"
	if v := m.View(); !strings.Contains(v, want) {
		t.Fatalf("the empty list's hint lacks %q at 80 columns:\n%s", want, v)
	}
}
func TestLayoutGoldens(t *testing.T) {
	for _, size := range []struct{ w, h int }{{80, 24}, {100, 30}, {200, 50}} {
		m, _ := newModel(t, size.w, size.h, topics()...)
		golden(t, "layout-"+itoa(size.w)+"x"+itoa(size.h), m.View(), size.w, size.h)
		m = press(m, "?")
		golden(t, "help-"+itoa(size.w)+"x"+itoa(size.h), m.View(), size.w, size.h)
	}
	m, _ := newModel(t, 80, 24)
	golden(t, "empty-80x24", m.View(), 80, 24)
}

func TestHelpShowsEveryKeyAt80x24AndTheFooterAlwaysOffersIt(t *testing.T) {
	m, _ := newModel(t, 80, 24, topics()...)
	for _, focus := range []string{"list", "detail", "tree"} {
		if v := m.View(); !strings.Contains(v, "? all keys") {
			t.Errorf("%s focused: the footer at 80 columns lacks \"? all keys\":\n%s", focus, v)
		}
		m = press(m, "tab")
	}
	m = press(m, "?")
	view := m.View()
	for _, k := range []string{"e edit reply", "ctrl+e reply body in $EDITOR", "r replay", "y copy (curl, body, URL)", "R replay the list", "ctrl+r reply rules",
		"q quit", "ctrl+c quit from anywhere", "7 replays", "G newest"} {
		if !strings.Contains(strings.Join(strings.Fields(view), " "), k) {
			t.Errorf("the help at 80×24 lacks %q:\n%s", k, view)
		}
	}
	golden(t, "help-check-80x24", view, 80, 24)
}

// fullHelp is the ? help as one line of words.
func fullHelp(m Model) string {
	if !m.help.ShowAll {
		m = press(m, m.helpKey().Help().Key) // ctrl+g where ? is text
	}
	return strings.Join(strings.Fields(m.helpView()), " ")
}

func TestHelpShowsOnlyKeysThatActNow(t *testing.T) {
	m, _ := newModel(t, 120, 40)
	help := fullHelp(m)
	for _, k := range []string{"e edit reply", "r replay", "R replay the list", "reply body", "y copy", "esc show all", "↓/j down"} {
		if strings.Contains(help, k) {
			t.Errorf("empty list: help offers %q, which does nothing", k)
		}
	}
	m, _ = newModel(t, 120, 40, topics()...)
	help = fullHelp(m)
	for _, k := range []string{"e edit reply", "r replay", "R replay the list", "↓/j down", "y copy"} {
		if !strings.Contains(help, k) {
			t.Errorf("with deliveries: help lacks %q", k)
		}
	}
	if strings.Contains(help, "esc show all") {
		t.Error("no filter: help offers esc to clear one")
	}
	m = chooseInTree(t, m, "vend")
	if !strings.Contains(fullHelp(m), "esc show all") {
		t.Error("filtered: help lacks esc show all")
	}
	m = press(m, "R") // bulk replay: no single body to edit
	if m.modal != modalReplay {
		t.Fatalf("R did not open the replay dialog (modal %v)", m.modal)
	}
	if h := fullHelp(m); strings.Contains(h, "ctrl+e") {
		t.Errorf("bulk replay: help offers ctrl+e, which does nothing there: %s", h)
	}
}

func TestEveryDialogGivesTheKeysBackWhenItCloses(t *testing.T) {
	m, _ := newModel(t, 150, 40, paths(5)...)
	m = press(m, "ctrl+r")
	if m.modal != modalRules {
		t.Fatalf("ctrl+r: modal %v", m.modal)
	}
	m = press(m, "n") // the editor over the rules screen
	if m.modal != modalEditor || m.under != modalRules {
		t.Fatalf("n: modal %v over %v, want the editor over the rules", m.modal, m.under)
	}
	m = press(m, "esc")
	if m.modal != modalRules {
		t.Fatalf("esc in the editor: modal %v, want back to the rules", m.modal)
	}
	m = press(m, "esc", "k")
	if m.modal != modalNone || selectedURI(t, m) != "/n/03" {
		t.Fatalf("esc then k: modal %v, selected %s; want the list to have the keys", m.modal, selectedURI(t, m))
	}
	m = press(m, "r", "esc", "k")
	if m.modal != modalNone || selectedURI(t, m) != "/n/02" {
		t.Fatalf("r, esc, k: modal %v, selected %s", m.modal, selectedURI(t, m))
	}
}
