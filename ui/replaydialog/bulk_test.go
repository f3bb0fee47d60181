package replaydialog

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/hookscope/hookscope/capture/store"
	"github.com/hookscope/hookscope/ui/theme"
)

// failingStore has n deliveries and cannot record attempts.
type failingStore struct{ n int }

func (s failingStore) Get(_ context.Context, id string) (*store.Delivery, error) {
	return &store.Delivery{ID: id, Method: "POST", URI: "/x", Body: []byte(`{}`), Headers: http.Header{}}, nil
}
func (failingStore) InsertAttempt(context.Context, *store.Attempt) error {
	return errors.New("disk full")
}
func (s failingStore) LastSeq(context.Context) (int64, error) { return int64(s.n), nil }
func (s failingStore) ListPage(_ context.Context, _ store.Filter, after string, upTo int64, limit int) ([]store.Delivery, error) {
	var out []store.Delivery
	for i := 0; i < s.n && int64(i+1) <= upTo && len(out) < limit; i++ {
		if id := string(rune('a' + i)); id > after {
			out = append(out, store.Delivery{ID: id, Seq: int64(i + 1)})
		}
	}
	return out, nil
}
func (s failingStore) Count(context.Context, store.Filter) (int, error) { return s.n, nil }

// bulkOpen is a dialog open on every delivery of st, targeting url.
func bulkOpen(t *testing.T, st Store, url string) Model {
	t.Helper()
	m := New(st, Options{Target: url}, theme.New(theme.Default()))
	m.SetSize(100, 30)
	cmd := m.OpenBulk(store.Filter{})
	m, _ = m.Update(cmd())
	return m
}

// drain feeds m every message of a bulk run until its summary.
func drain(m Model, cmd tea.Cmd) Model {
	var wait tea.Cmd
	for _, c := range cmd().(tea.BatchMsg) {
		if msg := c(); msg != nil { // the run returns nil when done; the first wait returns a result
			var next tea.Cmd
			m, next = m.Update(msg)
			wait = next
		}
	}
	for m.state == stateSending && wait != nil {
		msg := wait()
		if msg == nil {
			break
		}
		m, wait = m.Update(msg)
		if b, ok := msg.(bulkMsg); ok && b.summary != nil {
			break
		}
	}
	return m
}

func TestBulkReplayReportsAttemptsItCouldNotRecord(t *testing.T) {
	app := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {}))
	defer app.Close()
	m := bulkOpen(t, failingStore{n: 3}, app.URL)
	m, cmd := m.Update(tea.KeyMsg{Type: tea.KeyCtrlS})
	m = drain(m, cmd)
	if m.state != stateDone {
		t.Fatalf("state %v after the run", m.state)
	}
	if v := m.View(); !strings.Contains(v, "3 sent but not recorded: disk full") {
		t.Fatalf("failures to record are not reported:\n%s", v)
	}
}

func TestStoppingABulkReplaySendsNothingMore(t *testing.T) {
	var got atomic.Int32
	release, first := make(chan struct{}), make(chan struct{}, 1)
	app := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got.Add(1)
		select {
		case first <- struct{}{}:
		default:
		}
		<-release
	}))
	defer app.Close()
	m := bulkOpen(t, failingStore{n: 20}, app.URL)
	m, cmd := m.Update(tea.KeyMsg{Type: tea.KeyCtrlS})
	var run tea.Cmd
	for _, c := range cmd().(tea.BatchMsg) {
		run = c // the run, then the wait; the run is first
		break
	}
	done := make(chan struct{})
	go func() { run(); close(done) }()
	select {
	case <-first:
	case <-done:
		t.Fatal("the run ended before sending")
	}
	m.Stop() // as quitting does
	close(release)
	<-done
	if n := got.Load(); n != 1 {
		t.Fatalf("%d requests sent after stopping at the first (concurrency 1)", n)
	}
}
