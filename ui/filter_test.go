package ui

import (
	"context"
	"fmt"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/hookscope/hookscope/capture/store"
	"github.com/hookscope/hookscope/ui/filterline"
)

// footer is the list pane's last line inside its border.
func listFooterOf(m Model) string {
	lines := strings.Split(m.View(), "\n")
	for i, l := range lines {
		if strings.Contains(l, "╯") && i > 0 {
			l = lines[i-1]
			if j := strings.LastIndex(l, "││"); j >= 0 {
				l = l[j:] // the tree is beside the list
			}
			return strings.Trim(l, "│ ")
		}
	}
	return ""
}

func statusBar(m Model) string {
	lines := strings.Split(m.View(), "\n")
	return lines[len(lines)-2]
}

func TestSlashFiltersAsYouTypeAndShowsTheCount(t *testing.T) {
	m, _ := newModel(t, 150, 40, topics()...)
	m = press(m, "/")
	if !m.filter.IsOpen() {
		t.Fatal("/ did not open the filter line")
	}
	m = press(m, "path:/s/*") // one message, as fast typing sends it
	if m.list.Total() != 3 || !strings.Contains(listFooterOf(m), "3 matches") {
		t.Fatalf("typing path:/s/*: total %d, footer %q; want 3 matches", m.list.Total(), listFooterOf(m))
	}
	m = press(m, " -path:/s/2")
	if m.list.Total() != 2 || !strings.Contains(listFooterOf(m), "2 matches") {
		t.Fatalf("typing on: total %d, footer %q", m.list.Total(), listFooterOf(m))
	}
	if !strings.Contains(statusBar(m), "filter: path:/s/* -path:/s/2") {
		t.Errorf("the status bar does not name the filter: %q", statusBar(m))
	}
	// Letters are text while the line is open: q is no quit, j no move.
	next, cmd := m.Update(keyMsg("q"))
	for _, msg := range runCmd(cmd) {
		if _, quit := msg.(tea.QuitMsg); quit {
			t.Fatal("q quit while the filter line was open")
		}
	}
	m = settle(next, keyMsg("backspace")).(Model)
	m = press(m, "enter")
	if m.filter.IsOpen() || m.list.Total() != 2 {
		t.Fatalf("enter: open %v, total %d", m.filter.IsOpen(), m.list.Total())
	}
	if f := listFooterOf(m); !strings.HasPrefix(f, "2 of 2 · filter: path:/s/* -path:/s/2") {
		t.Errorf("position line after enter = %q", f)
	}
	if got := selectedURI(t, m); got != "/s/3" {
		t.Errorf("selected %s, want the newest match", got)
	}
}

func TestSlashErrorShowsInlineAndEscClears(t *testing.T) {
	m, _ := newModel(t, 150, 40, topics()...)
	m = press(m, "/", "stauts:5xx")
	if m.list.Total() != 6 {
		t.Fatalf("an invalid filter changed the list: %d", m.list.Total())
	}
	if f := listFooterOf(m); !strings.Contains(f, `unknown field "stauts" at 1; did you mean status?`) {
		t.Fatalf("footer %q lacks the error", f)
	}
	m = press(m, "esc")
	if m.filter.IsOpen() || m.list.Filter() != (store.Filter{}) || m.list.Total() != 6 {
		t.Fatalf("esc: open %v, filter %+v", m.filter.IsOpen(), m.list.Filter())
	}
	m = press(m, "/", "path:/v/1")
	m = press(m, "esc")
	if m.list.Filter() != (store.Filter{}) || m.list.Total() != 6 || strings.Contains(statusBar(m), "filter:") {
		t.Fatalf("esc after a valid filter left %+v, status %q", m.list.Filter(), statusBar(m))
	}
}

func TestSlashCombinesWithTheTree(t *testing.T) {
	m, _ := newModel(t, 200, 50, topics()...)
	m = press(m, "/", "path:/*/2", "enter")
	if m.list.Total() != 2 {
		t.Fatalf("path:/*/2 matches %d", m.list.Total())
	}
	m = chooseInTree(t, m, "vend")
	if f := m.list.Filter(); f.Provider != "vend" || f.Expr == nil || m.list.Total() != 1 || selectedURI(t, m) != "/v/2" {
		t.Fatalf("tree vend with path:/*/2: filter %+v, total %d", f, m.list.Total())
	}
	if s := statusBar(m); !strings.Contains(s, "in vend · filter: path:/*/2 (esc: all)") {
		t.Errorf("status bar %q", s)
	}
	m = press(m, "/", "backspace", "1", "enter") // the tree's choice stays
	if m.list.Total() != 1 || selectedURI(t, m) != "/v/1" {
		t.Fatalf("editing the filter lost the tree: total %d", m.list.Total())
	}
	m = press(m, "esc") // on the list: shows all
	if m.list.Filter() != (store.Filter{}) || m.filter.Text() != "" {
		t.Fatalf("esc on the list left %+v / %q", m.list.Filter(), m.filter.Text())
	}
}

func TestSlashFindsAWordInABody(t *testing.T) {
	m, st := newModel(t, 150, 40, paths(5)...)
	insertBody(t, st, 6, "/orders", `{"note":"the kookaburra laughs"}`)
	insertBody(t, st, 7, "/other", `{"note":"nothing here"}`)
	m = load(m)
	m = press(m, "/", "kookaburra", "enter")
	if m.list.Total() != 1 || selectedURI(t, m) != "/orders" {
		t.Fatalf("a word from a body: total %d", m.list.Total())
	}
}

func TestSlashHistoryAcrossRuns(t *testing.T) {
	hist := filepath.Join(t.TempDir(), "hookscope", "filter_history")
	m, st := newModel(t, 150, 40, topics()...)
	m.filter = newFilterLine(m, hist)
	m = press(m, "/", "path:/s/1", "enter", "/", "esc", "/", "path:/v/*", "enter")

	// The next run, over the same store.
	next := load(resize(New(Options{Store: st, Addr: "127.0.0.1:18110", FilterHistory: hist}), 150, 40))
	next = settle(next, runCmd(next.filter.Init())[0]).(Model)
	next = press(next, "/", "up")
	if next.list.Total() != 3 || !strings.Contains(listFooterOf(next), "/path:/v/*") {
		t.Fatalf("↑ in a new run: total %d, footer %q", next.list.Total(), listFooterOf(next))
	}
	next = press(next, "up")
	if next.list.Total() != 1 || selectedURI(t, next) != "/s/1" {
		t.Fatalf("↑↑: total %d", next.list.Total())
	}
}

func newFilterLine(m Model, hist string) filterline.Model {
	return filterline.New(m.styles, hist)
}

func insertBody(t testing.TB, st *store.Store, n int, path, body string) {
	t.Helper()
	d := &store.Delivery{ID: fmt.Sprintf("01MODELTEST%015d", n), ReceivedAt: time.Date(2026, 1, 2, 10, 0, n, 0, time.UTC),
		Method: "POST", URI: path, Proto: "HTTP/1.1", Headers: http.Header{"Content-Type": {"application/json"}},
		Body: []byte(body), Size: int64(len(body)), ReplyStatus: 200}
	if err := st.Insert(context.Background(), d); err != nil {
		t.Fatal(err)
	}
}

func TestFilterWordsAreFoundInTheBodyWithN(t *testing.T) {
	m, st := newModel(t, 150, 40, paths(3)...)
	insertBody(t, st, 4, "/orders", `{"a":"kookaburra","b":"x","c":"Kookaburra"}`)
	m = load(m)
	m = press(m, "/", "kookaburra -nothing", "enter", "2")
	if m.detail.Matches() != 2 {
		t.Fatalf("the Body tab has %d matches of the filter's word, want 2", m.detail.Matches())
	}
	if !m.keys.NextMatch.Enabled() || !strings.Contains(fullHelp(m), "n/N next/previous match") {
		t.Error("n is not offered while the body has matches")
	}
	m = press(m, "n", "n")
	if m.detail.CurrentMatch() != 2 || !strings.Contains(m.View(), "match 2/2") {
		t.Fatalf("n n: at match %d", m.detail.CurrentMatch())
	}
	m = press(m, "N")
	if m.detail.CurrentMatch() != 1 {
		t.Fatalf("N: at match %d", m.detail.CurrentMatch())
	}
	m = press(m, "esc")
	if m.detail.Matches() != 0 || m.keys.NextMatch.Enabled() {
		t.Error("without a filter the body still has matches")
	}
}

func TestAFilterThatMatchedNothingOnTheWayKeepsTheSelection(t *testing.T) {
	m, _ := newModel(t, 150, 40, topics()...)
	m = press(m, "kkk") // /s/2, paused
	m = press(m, "/", "path:/zz")
	if m.list.Total() != 0 {
		t.Fatalf("setup: %d match", m.list.Total())
	}
	m = press(m, "esc")
	if got := selectedURI(t, m); got != "/s/2" {
		t.Fatalf("esc: selected %s, want /s/2 still", got)
	}
}

// backlogStore is a store whose index is backlog deliveries behind, as
// under a capture that never pauses; it notes whether the list's queries
// asked for a Live answer.
type backlogStore struct {
	*store.Store
	backlog int64
	exact   []string // the filters of queries that would catch the index up
}

func (b *backlogStore) LiveBacklog(context.Context) (int64, error) { return b.backlog, nil }

func (b *backlogStore) note(f store.Filter) {
	if f.Expr != nil && !f.Live {
		b.exact = append(b.exact, fmt.Sprint(f.Expr))
	}
}

func (b *backlogStore) Count(ctx context.Context, f store.Filter) (int, error) {
	b.note(f)
	return b.Store.Count(ctx, f)
}

func (b *backlogStore) List(ctx context.Context, f store.Filter, offset, limit int) ([]store.Delivery, error) {
	b.note(f)
	return b.Store.List(ctx, f, offset, limit)
}

func (b *backlogStore) IndexOf(ctx context.Context, f store.Filter, id string) (int, error) {
	b.note(f)
	return b.Store.IndexOf(ctx, f, id)
}

// A list filtered by what the index holds reloads at every change: its
// queries leave a long backlog to the writer (store.Filter.Live), and the
// status bar says the count may be short until the index catches up.
func TestAFilterOnTheIndexSaysWhatItCouldNotLookAtYet(t *testing.T) {
	b := &backlogStore{Store: seededStore(t, topics()...), backlog: 2345}
	m := New(Options{Store: b, Addr: "127.0.0.1:18110"})
	m = resize(load(m), 150, 40)

	m = press(m, "/", "header:content-type=application/json", "enter")
	if len(b.exact) > 0 {
		t.Fatalf("the list's queries would catch the index up at every refresh: %v", b.exact)
	}
	if bar := statusBar(m); !strings.Contains(bar, "2,345 not indexed yet") {
		t.Fatalf("the status bar does not say the filter could not look at 2,345 deliveries:\n%s", bar)
	}
	// At 80 columns the filter is long enough to reach the edge: the
	// note is not what is cut.
	if bar := statusBar(resize(m, 80, 24)); !strings.Contains(bar, "2,345 not indexed yet") {
		t.Fatalf("at 80 columns the status bar lost the note:\n%s", bar)
	}
	// A filter the index does not serve has nothing to say.
	m = press(m, "esc", "/", "topic:orders/create", "enter")
	if bar := statusBar(m); strings.Contains(bar, "not indexed") {
		t.Fatalf("a filter on the rows says it missed unindexed deliveries:\n%s", bar)
	}
	// Once the writer has indexed them, the next change shows them.
	m = press(m, "esc", "/", "header:content-type=application/json", "enter")
	b.backlog = 0
	m = settle(m, changedMsg{changed: true}).(Model)
	if bar := statusBar(m); strings.Contains(bar, "not indexed") || !strings.Contains(bar, fmt.Sprint(len(topics()))+" deliveries") {
		t.Fatalf("indexed: the status bar is %q", bar)
	}
}
