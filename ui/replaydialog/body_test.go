package replaydialog

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/charmbracelet/bubbles/cursor"
	"github.com/charmbracelet/bubbles/textarea"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"

	"github.com/hookscope/hookscope/capture/store"
	"github.com/hookscope/hookscope/capture/store/storetest"
	"github.com/hookscope/hookscope/fixtures"
	"github.com/hookscope/hookscope/ui/sanitize"
	"github.com/hookscope/hookscope/ui/theme"
)

func init() { lipgloss.SetColorProfile(termenv.Ascii) }

// receiver is the user's app: it keeps the bodies it was sent.
type receiver struct {
	*httptest.Server
	mu     sync.Mutex
	bodies [][]byte
}

func newReceiver(t *testing.T) *receiver {
	r := &receiver{}
	r.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		b, _ := io.ReadAll(req.Body)
		r.mu.Lock()
		r.bodies = append(r.bodies, b)
		r.mu.Unlock()
		w.WriteHeader(204)
	}))
	t.Cleanup(r.Close)
	return r
}

func (r *receiver) last(t *testing.T) []byte {
	t.Helper()
	r.mu.Lock()
	defer r.mu.Unlock()
	if len(r.bodies) == 0 {
		t.Fatal("the app received nothing")
	}
	return r.bodies[len(r.bodies)-1]
}

// dialog is a replay dialog over a real store, driven by direct Update
// calls as the TUI would make them.
type dialog struct {
	t  *testing.T
	m  Model
	st *store.Store
}

func newDialog(t *testing.T) *dialog {
	t.Helper()
	st := storetest.Open(t, store.Options{})
	m := New(st, Options{}, theme.New(theme.Default()))
	m.SetSize(100, 30)
	// A blinking cursor's commands sleep; the driver runs every command.
	m.target.Cursor.SetMode(cursor.CursorStatic)
	m.headers.Cursor.SetMode(cursor.CursorStatic)
	m.body.Cursor.SetMode(cursor.CursorStatic)
	m.concurrency.Cursor.SetMode(cursor.CursorStatic)
	return &dialog{t: t, m: m, st: st}
}

// capture stores f's request as a delivery.
func (d *dialog) capture(f fixtures.Fixture) *store.Delivery {
	d.t.Helper()
	del := &store.Delivery{ID: "01HOSTILE" + strings.ToUpper(strings.NewReplacer("/", "", "-", "").Replace(f.Name)),
		ReceivedAt: time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC), Method: f.Method, URI: f.Path, Proto: "HTTP/1.1",
		Host: "127.0.0.1", RemoteAddr: "127.0.0.1:5000", Headers: f.Headers.Clone(), Body: f.Body,
		Size: int64(len(f.Body)), DeclaredLength: int64(len(f.Body)), Provider: f.Provider, Topic: f.Event, ReplyStatus: 200}
	if err := d.st.Insert(context.Background(), del); err != nil {
		d.t.Fatal(err)
	}
	return del
}

// update hands msg to the dialog and the dialog's own messages that
// follow back to it (loads, sends, $EDITOR results); cursor blinks and
// messages for the root are dropped.
func (d *dialog) update(msg tea.Msg) {
	queue := []tea.Msg{msg}
	for len(queue) > 0 {
		var cmd tea.Cmd
		d.m, cmd = d.m.Update(queue[0])
		queue = queue[1:]
		for _, next := range run(cmd) {
			switch next.(type) {
			case openedMsg, resultMsg, externalMsg:
				queue = append(queue, next)
			}
		}
	}
}

func run(cmd tea.Cmd) []tea.Msg {
	if cmd == nil {
		return nil
	}
	msg := cmd()
	if batch, ok := msg.(tea.BatchMsg); ok {
		var out []tea.Msg
		for _, c := range batch {
			out = append(out, run(c)...)
		}
		return out
	}
	return []tea.Msg{msg}
}

func (d *dialog) key(t tea.KeyType) { d.update(tea.KeyMsg{Type: t}) }
func (d *dialog) typeText(s string) { d.update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(s)}) }

// open opens the dialog on del and points it at target.
func (d *dialog) open(del *store.Delivery, target string) {
	d.t.Helper()
	for _, msg := range run(d.m.Open(del.ID)) {
		d.update(msg)
	}
	if d.m.delivery == nil || d.m.delivery.ID != del.ID {
		d.t.Fatalf("dialog did not open on %s: %v", del.ID, d.m.err)
	}
	d.key(tea.KeyCtrlU) // clear the offered target
	d.typeText(target)
}

// send presses ctrl+s and waits for the answer.
func (d *dialog) send() {
	d.t.Helper()
	d.key(tea.KeyCtrlS)
	if d.m.result == nil {
		d.t.Fatalf("nothing sent: %v", d.m.err)
	}
	if d.m.result.Err != "" {
		d.t.Fatalf("send failed: %s", d.m.result.Err)
	}
}

func hostile(t *testing.T) []fixtures.Fixture {
	t.Helper()
	all, err := fixtures.Hostile()
	if err != nil || len(all) == 0 {
		t.Fatalf("hostile fixtures: %v", err)
	}
	return all
}

// r then ctrl+s sent the textarea's copy of the body: CRLF became two line
// feeds, tabs four spaces, ESC, BEL and C1 bytes were dropped, and the
// signature no longer held. Moving through the body and typing a character
// and deleting it again are not edits either.
func TestDialogReplaysHostileBodiesByteForByte(t *testing.T) {
	for _, f := range hostile(t) {
		t.Run(f.Name, func(t *testing.T) {
			app := newReceiver(t)
			d := newDialog(t)
			del := d.capture(f)
			d.open(del, app.URL)
			d.key(tea.KeyTab) // headers
			d.key(tea.KeyTab) // body
			d.key(tea.KeyDown)
			d.key(tea.KeyRight)
			d.key(tea.KeyEnd)
			d.typeText("x")
			d.key(tea.KeyBackspace)
			d.send()
			if got := app.last(t); !bytes.Equal(got, f.Body) {
				t.Fatalf("sent %d bytes %q\nstored %d bytes %q", len(got), got, len(f.Body), f.Body)
			}
			attempts, err := d.st.Attempts(context.Background(), del.ID)
			if err != nil || len(attempts) != 1 {
				t.Fatalf("attempts %v, %v", attempts, err)
			}
			sum := sha256.Sum256(f.Body)
			if a := attempts[0]; a.BodySHA256 != hex.EncodeToString(sum[:]) || a.BodySize != len(f.Body) {
				t.Errorf("recorded body %s (%d B), want the stored one", a.BodySHA256, a.BodySize)
			}
		})
	}
}

// An edit is sent edited, and the bytes it did not touch go as captured:
// the CRLFs and tabs around a typed character stay.
func TestDialogSendsAnEditWithTheBytesAroundItExact(t *testing.T) {
	f, err := fixtures.Get("hostile/crlf-tabs")
	if err != nil {
		t.Fatal(err)
	}
	app := newReceiver(t)
	d := newDialog(t)
	d.open(d.capture(f), app.URL)
	d.key(tea.KeyShiftTab) // body, from the target
	d.typeText("X")
	d.key(tea.KeyDown)
	d.key(tea.KeyHome)
	d.update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("\t\"pasted\": \"a\tb\",\r\n"), Paste: true})
	d.send()
	lines := strings.SplitAfterN(string(f.Body), "\n", 2)
	want := "X" + lines[0] + "\t\"pasted\": \"a\tb\",\r\n" + lines[1]
	if got := string(app.last(t)); got != want {
		t.Fatalf("sent %q\nwant %q", got, want)
	}

	// Sent again unchanged, it is the same edit.
	d.key(tea.KeyCtrlS)
	if got := string(app.last(t)); got != want {
		t.Fatalf("sent again %q", got)
	}
}

// A body from $EDITOR is sent as the editor saved it.
func TestDialogSendsTheBodyFromTheEditorExactly(t *testing.T) {
	for _, f := range hostile(t) {
		t.Run(f.Name, func(t *testing.T) {
			app := newReceiver(t)
			d := newDialog(t)
			d.open(d.capture(f), app.URL)
			edited := append([]byte("\r\n\t\x1b edited \xff"), f.Body...)
			d.update(externalMsg{body: edited})
			d.send()
			if got := app.last(t); !bytes.Equal(got, edited) {
				t.Fatalf("sent %q\nwant %q", got, edited)
			}
		})
	}
}

var sgr = regexp.MustCompile(`\x1b\[[0-9;]*m`)

// The body shows escaped in the dialog: U+202E showed raw, reversing the
// text after it, and OSC 52 could reach the terminal.
func TestDialogShowsTheBodyEscaped(t *testing.T) {
	f, err := fixtures.Get("hostile/terminal-escapes")
	if err != nil {
		t.Fatal(err)
	}
	d := newDialog(t)
	d.open(d.capture(f), "http://127.0.0.1:1")
	d.key(tea.KeyShiftTab)
	view := sgr.ReplaceAllString(d.m.View(), "")
	for _, bad := range []string{"\x1b", "\x07", "\x00", "\r", "\u009b", "\u202e"} {
		if strings.Contains(view, bad) {
			t.Errorf("the dialog draws %q raw:\n%s", bad, view)
		}
	}
	for _, want := range []string{"␛]52;c;", "␇ clipboard", "⟨U+009B⟩0m", "invoice⟨U+202E⟩fdp.exe", "a␀b", "{␍"} {
		if !strings.Contains(view, want) {
			t.Errorf("the dialog does not show %q:\n%s", want, view)
		}
	}
}

// The dialog relies on the textarea keeping Editable's text as it is.
func TestTextareaKeepsEditableTextUnchanged(t *testing.T) {
	for _, f := range hostile(t) {
		want := sanitize.Editable(f.Body)
		ta := textarea.New()
		ta.CharLimit = 0
		ta.SetValue(want)
		if got := ta.Value(); got != want {
			t.Errorf("%s: textarea holds %q, was given %q", f.Name, got, want)
		}
	}
}
