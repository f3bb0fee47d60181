package ui

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/exp/teatest"

	"github.com/hookscope/hookscope/capture/store"
	"github.com/hookscope/hookscope/decode"
	"github.com/hookscope/hookscope/decode/registry"
)

// app is the user's app: it answers 201 first, then 422, and keeps what
// it was sent.
type app struct {
	*httptest.Server
	mu     sync.Mutex
	got    []*http.Request
	bodies []string
}

func newApp(t *testing.T) *app {
	a := &app{}
	a.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		a.mu.Lock()
		a.got, a.bodies = append(a.got, r), append(a.bodies, string(b))
		n := len(a.got)
		a.mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		if n == 1 {
			w.WriteHeader(201)
			io.WriteString(w, `{"handled":true,"order":9999}`)
			return
		}
		w.WriteHeader(422)
		io.WriteString(w, `{"handled":false,"order":9999}`)
	}))
	t.Cleanup(a.Close)
	return a
}

func (a *app) requests() ([]*http.Request, []string) {
	a.mu.Lock()
	defer a.mu.Unlock()
	return append([]*http.Request(nil), a.got...), append([]string(nil), a.bodies...)
}

func replayHarness(t *testing.T) (*harness, *registry.Analyzer) {
	t.Helper()
	secrets := map[string][][]byte{"spiffy": {[]byte("s3cret")}}
	a, err := registry.New(nil, secrets)
	if err != nil {
		t.Fatal(err)
	}
	inspect := func(d *store.Delivery) registry.Inspection {
		return a.Inspect(decode.NewRequest(d.Method, d.URI, d.Headers, d.Body))
	}
	return newHarnessOptions(t, 150, 48, Options{Inspect: inspect, Secret: a.Secret}), a
}

func TestReplayDialogEditsResignsSendsAndTheReplaysTabDiffs(t *testing.T) {
	h, a := replayHarness(t)
	target := newApp(t)
	h.deliverFixture(a, "spiffy/orders-create", "s3cret")
	h.contains("Order #9999")

	h.key("r")
	h.contains("Replay POST /webhooks/spiffy")
	h.contains("target   http://localhost:3000")
	h.press(tea.KeyCtrlU, 1) // clear the target
	h.typeText(target.URL + "/app")
	h.contains("/app")
	h.press(tea.KeyTab, 1)
	h.typeText("X-Replayed-By: hookscope")
	h.press(tea.KeyTab, 1)
	h.typeText(" ") // the body, edited: a leading space
	h.press(tea.KeyCtrlT, 1)
	h.contains("on  with the configured spiffy secret")
	h.press(tea.KeyCtrlS, 1)
	h.contains("answer  201 in")
	h.contains(`"handled": true`)

	reqs, bodies := target.requests()
	if len(reqs) != 1 || reqs[0].URL.Path != "/app/webhooks/spiffy" || reqs[0].Header.Get("X-Replayed-By") != "hookscope" || !strings.HasPrefix(bodies[0], " {") {
		t.Fatalf("the app got %d requests: %v %q", len(reqs), reqs, bodies)
	}
	r := decode.NewRequest(reqs[0].Method, reqs[0].URL.Path, reqs[0].Header, []byte(bodies[0]))
	if s := a.Check(r, a.Detect(r)); s.Status != decode.SigValid {
		t.Fatalf("the edited, re-signed replay does not verify: %+v", s)
	}

	// Again, unchanged: the target is remembered; the app now says 422.
	h.press(tea.KeyCtrlS, 1)
	h.contains("answer  422 in")
	h.press(tea.KeyEsc, 1)
	h.key("7")
	h.contains("2 attempts, newest first")
	h.contains("replay  422")
	h.key("d")
	h.contains("status   201 → 422")
	h.contains(`+  "handled": false,`)
	h.final()

	att, err := h.st.Attempts(context.Background(), fixtureID(1))
	if err != nil || len(att) != 2 || att[0].Status != 422 || att[1].Status != 201 || att[1].Resigned == "" || att[0].Resigned == "" {
		t.Fatalf("recorded attempts %+v %v", att, err)
	}
}

func TestReplayAllShowsProgressAndASummaryAndNeedsASecretToResign(t *testing.T) {
	h, a := replayHarness(t)
	target := newApp(t)
	h.deliverFixture(a, "vend/sale-update", "")
	h.deliverFixture(a, "merchone/shipment_sent", "")
	h.deliverFixture(a, "spiffy/carts-update", "s3cret")
	h.contains("3 deliveries")

	// Re-signing a Vend delivery without a Vend secret is refused with how
	// to configure one.
	h.key("k")
	h.key("k")
	h.contains("Sale")
	h.key("r")
	h.contains("Replay POST /webhooks/vend")
	h.press(tea.KeyCtrlT, 1)
	h.press(tea.KeyCtrlS, 1)
	h.contains("no secret for vend to re-sign with: set HOOKSCOPE_VEND_SECRET")
	h.press(tea.KeyEsc, 1)

	h.key("R")
	h.contains("Replay every delivery in the list (3)")
	h.press(tea.KeyCtrlU, 1)
	h.typeText(target.URL)
	h.press(tea.KeyCtrlS, 1)
	h.contains("3/3")
	h.contains("sent 3: 1 2xx, 2 non-2xx, 0 errors")
	h.press(tea.KeyEsc, 1)
	h.final()

	reqs, _ := target.requests()
	var paths []string
	for _, r := range reqs {
		paths = append(paths, r.URL.Path)
	}
	if strings.Join(paths, " ") != "/webhooks/vend /webhooks/merchone /webhooks/spiffy" {
		t.Fatalf("bulk replay order: %v", paths)
	}
}

func TestCtrlCQuitsWhileTheReplayDialogHasTheKeys(t *testing.T) {
	h, a := replayHarness(t)
	h.deliverFixture(a, "spiffy/orders-create", "s3cret")
	h.contains("Order #9999")
	h.key("r")
	h.contains("Replay POST /webhooks/spiffy")
	h.typeText("q") // text in the target field, not quit
	h.contains("http://localhost:3000q")
	h.press(tea.KeyCtrlC, 1)
	h.tm.WaitFinished(t, teatest.WithFinalTimeout(5*time.Second))
}

func TestStatusBarSaysWhereCapturesAreForwarded(t *testing.T) {
	h := newHarnessOptions(t, 150, 30, Options{ForwardTo: "http://127.0.0.1:3999/app", Relay: true})
	h.contains("⇄ relaying to http://127.0.0.1:3999/app")
	h.deliver("/x", nil, `{}`)
	h.contains("1 delivery")
	h.key("r")
	h.contains("target   http://127.0.0.1:3999/app") // the first replay target offered
	h.press(tea.KeyEsc, 1)
	h.final()
}

func TestATargetPasswordIsUsedButNeverDrawn(t *testing.T) {
	target := newApp(t)
	withPassword := strings.Replace(target.URL, "http://", "http://user:s3cretpw@", 1) + "/app"
	h := newHarnessOptions(t, 150, 40, Options{ForwardTo: withPassword})
	h.contains("→ forwarding to http://user:xxxxx@")
	h.deliver("/x", nil, `{}`)
	h.contains("1 delivery")
	h.key("r")
	h.contains("target   http://user:xxxxx@") // offered redacted, sent with the password
	h.press(tea.KeyCtrlS, 1)
	h.contains("answer  201 in")
	h.press(tea.KeyTab, 1) // back to the form
	h.press(tea.KeyCtrlU, 1)
	h.contains("headers")
	h.press(tea.KeyUp, 1) // the history is redacted too
	h.contains("target   http://user:xxxxx@")
	h.press(tea.KeyCtrlS, 1)
	h.contains("answer  422 in")
	h.press(tea.KeyEsc, 1)
	h.key("7")
	h.contains("replay  422")
	h.final()

	reqs, _ := target.requests()
	if len(reqs) != 2 {
		t.Fatalf("the app got %d requests", len(reqs))
	}
	for _, r := range reqs {
		if u, p, _ := r.BasicAuth(); u != "user" || p != "s3cretpw" {
			t.Errorf("the app got Basic auth %q:%q", u, p)
		}
	}
	if strings.Contains(h.raw.String(), "s3cretpw") {
		t.Error("the password was drawn")
	}
	att, _ := h.st.Attempts(context.Background(), "01HOOKSCOPETEST00000000001")
	if len(att) != 2 || strings.Contains(att[0].URL+att[1].URL, "s3cretpw") {
		t.Errorf("attempts stored as %+v", att)
	}
}
