package cli

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/hookscope/hookscope/capture"
	"github.com/hookscope/hookscope/capture/capturetest"
	"github.com/hookscope/hookscope/capture/store"
	"github.com/hookscope/hookscope/decode"
	"github.com/hookscope/hookscope/decode/registry"
)

// appServer stands in for the user's app: it records what arrived and
// answers status.
func appServer(t *testing.T, status int) (*httptest.Server, func() []*http.Request, func() [][]byte) {
	return appServerFunc(t, func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(status)
		io.WriteString(w, `{"app":"answered"}`)
	})
}

// appServerFunc is an app that records each request and body, then runs
// answer.
func appServerFunc(t *testing.T, answer http.HandlerFunc) (*httptest.Server, func() []*http.Request, func() [][]byte) {
	t.Helper()
	var mu sync.Mutex
	var reqs []*http.Request
	var bodies [][]byte
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		mu.Lock()
		reqs, bodies = append(reqs, r), append(bodies, b)
		mu.Unlock()
		answer(w, r)
	}))
	t.Cleanup(ts.Close)
	return ts, func() []*http.Request {
			mu.Lock()
			defer mu.Unlock()
			return append([]*http.Request(nil), reqs...)
		}, func() [][]byte {
			mu.Lock()
			defer mu.Unlock()
			return append([][]byte(nil), bodies...)
		}
}

// annotatedCaptureServer captures as serve does: provider, topic,
// signature and reply recorded.
func annotatedCaptureServer(t *testing.T, db string, env map[string]string) *capturetest.Server {
	t.Helper()
	o := newOptions(func(k string) string { return env[k] })
	if err := o.resolve(); err != nil {
		t.Fatal(err)
	}
	st, err := store.Open(context.Background(), db, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	opts, err := o.captureOptions(context.Background(), st)
	if err != nil {
		t.Fatal(err)
	}
	ts := capturetest.Start(t, capture.New(st, opts...))
	t.Cleanup(func() {
		ts.Close()
		st.Close()
	})
	return ts
}

func listIDs(t *testing.T, env map[string]string, db string) []string {
	t.Helper()
	r := runCLI(t, env, "list", "--db", db, "--json")
	var ids []string
	for _, l := range strings.Split(strings.TrimSpace(r.stdout), "\n") {
		var j struct{ ID string }
		if err := json.Unmarshal([]byte(l), &j); err != nil {
			t.Fatalf("list --json: %v: %q", err, l)
		}
		ids = append(ids, j.ID)
	}
	return ids
}

func TestReplayByIDAndFilterRecordsEveryAttempt(t *testing.T) {
	env := map[string]string{"HOME": t.TempDir(), "HOOKSCOPE_SPIFFY_SECRET": "app-secret"}
	db := filepath.Join(t.TempDir(), "h.db")
	ts := annotatedCaptureServer(t, db, env)
	for _, f := range []string{"spiffy/orders-create", "spiffy/carts-update", "vend/sale-update"} {
		if r := runCLI(t, env, "send", f, "--to", ts.URL); r.code != 0 {
			t.Fatalf("send %s: %+v", f, r)
		}
	}
	ids := listIDs(t, env, db)
	app, reqs, bodies := appServer(t, 200)

	r := runCLI(t, env, "replay", ids[0], "--db", db, "--to", app.URL+"/local", "--json")
	var res struct {
		ID         int64
		DeliveryID string `json:"delivery_id"`
		URL, Kind  string
		Status     int
		LatencyMS  float64 `json:"latency_ms"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &res); err != nil || r.code != 0 {
		t.Fatalf("replay --json: %v %+v", err, r)
	}
	if res.ID <= 0 || res.DeliveryID != ids[0] || res.Status != 200 || res.URL != app.URL+"/local/webhooks/spiffy" || res.LatencyMS <= 0 {
		t.Fatalf("replay result %+v", res)
	}
	if got := reqs(); len(got) != 1 || got[0].Header.Get("X-Spiffy-Stores-Topic") != "orders/create" {
		t.Fatalf("the app saw %d requests", len(got))
	}

	// By filter, edited and re-signed: every spiffy delivery, oldest first,
	// each verifying with the app's secret.
	dry := runCLI(t, env, "replay", "--provider", "spiffy", "--db", db, "--to", app.URL, "--dry-run", "--resign")
	if dry.code != 0 || strings.Count(dry.stdout, "(re-signed)") != 2 || !strings.Contains(dry.stderr, "2 deliveries would be sent") || len(reqs()) != 1 {
		t.Fatalf("dry run: %+v", dry)
	}
	r = runCLI(t, env, "replay", "--provider", "spiffy", "--since", "1h", "--db", db, "--to", app.URL, "--resign")
	if r.code != 0 || strings.Count(r.stdout, "→ 200 in") != 2 || !strings.Contains(r.stderr, "sent 2: 2 2xx, 0 non-2xx, 0 errors") {
		t.Fatalf("replay by filter: %+v", r)
	}
	a, _ := registry.New(nil, map[string][][]byte{"spiffy": {[]byte("app-secret")}})
	for i, req := range reqs()[1:] {
		dr := decode.NewRequest(req.Method, req.URL.RequestURI(), req.Header, bodies()[i+1])
		if s := a.Check(dr, a.Detect(dr)); s.Status != decode.SigValid {
			t.Errorf("re-signed replay %d does not verify: %+v", i, s)
		}
	}
	if t1, t2 := reqs()[1].Header.Get("X-Spiffy-Stores-Topic"), reqs()[2].Header.Get("X-Spiffy-Stores-Topic"); t1 != "orders/create" || t2 != "carts/update" {
		t.Errorf("filter replay order: %s, %s", t1, t2)
	}

	// A failing app: exit status 1, the failure recorded.
	failing, _, _ := appServer(t, 500)
	r = runCLI(t, env, "replay", ids[2], "--db", db, "--to", failing.URL)
	if r.code != 1 || !strings.Contains(r.stdout, "→ 500 in") || !strings.Contains(r.stderr, "the replay did not get a 2xx") {
		t.Fatalf("replay to a failing app: %+v", r)
	}
	r = runCLI(t, env, "replay", ids[2], "--db", db, "--to", "http://127.0.0.1:1")
	if r.code != 1 || !strings.Contains(r.stdout, "error:") {
		t.Fatalf("replay to nothing: %+v", r)
	}

	st, err := store.Open(context.Background(), db, store.Options{Keep: -1})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	att, err := st.Attempts(context.Background(), ids[2])
	if err != nil || len(att) != 2 {
		t.Fatalf("attempts of %s: %d, %v", ids[2], len(att), err)
	}
	if att[0].Err == "" || att[1].Status != 500 || string(att[1].ResponseBody) != `{"app":"answered"}` || att[1].Kind != "replay" {
		t.Errorf("attempts not newest first or incomplete: %+v", att)
	}
	if r := runCLI(t, env, "show", ids[2], "--db", db); !strings.Contains(r.stdout, "Replays (newest first)") || !strings.Contains(r.stdout, "→ 500 in") {
		t.Errorf("show lists no replays: %s", r.stdout)
	}

	if r := runCLI(t, env, "replay", "--provider", "spiffy", "--until", "2000-01-01T00:00:00Z", "--db", db, "--to", app.URL, "--dry-run"); r.code != 0 || !strings.Contains(r.stderr, "no deliveries match") {
		t.Errorf("--until before every delivery: %+v", r)
	}
	if r := runCLI(t, env, "replay", "--signature", "valid", "--since", "2000-01-01T00:00:00Z", "--db", db, "--to", app.URL, "--dry-run"); r.code != 0 || !strings.Contains(r.stderr, "2 deliveries would be sent") {
		t.Errorf("--signature valid (the two signed spiffy deliveries): %+v", r)
	}
	for _, args := range [][]string{{"replay", ids[0]}, {"replay", "--to", app.URL}, {"replay", ids[0], "--to", "localhost:3000"},
		{"replay", "--since", "yesterday", "--to", app.URL}} {
		if r := runCLI(t, env, append(args, "--db", db)...); r.code != 2 {
			t.Errorf("%v: exit %d, want a usage error: %s", args, r.code, r.stderr)
		}
	}
}
