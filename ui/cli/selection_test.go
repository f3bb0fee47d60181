package cli

import (
	"database/sql"
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hookscope/hookscope/capture/store/filter"
)

// selection is a store of four captured deliveries, annotated as capture
// annotates them: a Spiffy order signed with the configured secret
// (valid), the same order signed with another (invalid), a Vend sale, and
// a note to an unknown endpoint whose body mentions order 1402.
type selection struct {
	env                                    map[string]string
	db                                     string
	url                                    string // the capture server's
	validSpiffy, invalidSpiffy, vend, note string
}

func selectionStore(t *testing.T) selection {
	t.Helper()
	env := map[string]string{"HOME": t.TempDir(), "HOOKSCOPE_SPIFFY_SECRET": "s3cret", "WRONG": "not-the-secret"}
	s := selection{env: env, db: filepath.Join(t.TempDir(), "h.db")}
	ts := annotatedCaptureServer(t, s.db, env)
	s.url = ts.URL
	for _, args := range [][]string{{"spiffy/orders-create"}, {"spiffy/orders-create", "--secret-env", "WRONG"}, {"vend/sale-update"}} {
		if r := runCLI(t, env, append([]string{"send", "--to", ts.URL}, args...)...); r.code != 0 {
			t.Fatalf("send %v: %+v", args, r)
		}
	}
	resp, err := http.Post(ts.URL+"/hooks/misc", "application/json", strings.NewReader(`{"note":"the customer asked about order 1402 twice"}`))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	ids := listIDs(t, env, s.db)
	if len(ids) != 4 {
		t.Fatalf("stored %d deliveries, want 4", len(ids))
	}
	s.validSpiffy, s.invalidSpiffy, s.vend, s.note = ids[0], ids[1], ids[2], ids[3]
	return s
}

// listed runs list --json with args and returns the ids it printed.
func (s selection) listed(t *testing.T, args ...string) []string {
	t.Helper()
	r := runCLI(t, s.env, append([]string{"list", "--db", s.db, "--json"}, args...)...)
	if r.code != 0 {
		t.Fatalf("list %q: %+v", args, r)
	}
	return jsonIDs(t, r.stdout)
}

func jsonIDs(t *testing.T, ndjson string) []string {
	t.Helper()
	var ids []string
	for _, l := range strings.Split(strings.TrimSpace(ndjson), "\n") {
		if l == "" {
			continue
		}
		var j struct{ ID string }
		if err := json.Unmarshal([]byte(l), &j); err != nil {
			t.Fatalf("%v: %q", err, l)
		}
		ids = append(ids, j.ID)
	}
	return ids
}

func sameIDs(got []string, want ...string) bool {
	if len(got) != len(want) {
		return false
	}
	for i := range got {
		if got[i] != want[i] {
			return false
		}
	}
	return true
}

func TestListFilterNarrowsBySignatureProviderAndBodyText(t *testing.T) {
	s := selectionStore(t)
	for _, tc := range []struct {
		args []string
		want []string
	}{
		{[]string{"--filter", "sig:invalid provider:spiffy"}, []string{s.invalidSpiffy}},
		{[]string{"--filter", "sig:valid OR sig:invalid"}, []string{s.validSpiffy, s.invalidSpiffy}},
		// A word and a phrase of one body, found by the full-text index.
		{[]string{"--filter", "1402"}, []string{s.note}},
		{[]string{"--filter", `"order 1402"`}, []string{s.note}},
		{[]string{"--filter", `"1402 order"`}, nil},
		{[]string{"--filter", "-1402 -provider:spiffy"}, []string{s.vend}},
		// The shorthands are terms of the same expression, ANDed with
		// --filter as a whole: the OR stays inside.
		{[]string{"--provider", "spiffy", "--filter", "sig:invalid OR provider:vend"}, []string{s.invalidSpiffy}},
		{[]string{"--provider", "spiffy", "--signature", "valid"}, []string{s.validSpiffy}},
		{[]string{"--topic", "orders/*", "--since", "1h"}, []string{s.validSpiffy, s.invalidSpiffy}},
		{[]string{"--filter", "path:/hooks/*", "--until", "1h"}, nil},
		{[]string{"--filter", "after:1d path:/hooks/*"}, []string{s.note}},
		{[]string{"--filter", "   "}, []string{s.validSpiffy, s.invalidSpiffy, s.vend, s.note}},
	} {
		if got := s.listed(t, tc.args...); !sameIDs(got, tc.want...) {
			t.Errorf("list %q = %v, want %v", tc.args, got, tc.want)
		}
	}
	// --limit keeps the newest of what matches.
	if got := s.listed(t, "--filter", "provider:spiffy OR provider:vend", "--limit", "2"); !sameIDs(got, s.invalidSpiffy, s.vend) {
		t.Errorf("--limit 2 = %v", got)
	}
	r := runCLI(t, s.env, "list", "--db", s.db, "--filter", "provider:nobody")
	if r.code != 0 || r.stdout != "" || !strings.Contains(r.stderr, "no deliveries match") {
		t.Errorf("nothing matching: %+v", r)
	}
}

// Every command that selects refuses a bad expression before it touches
// the store, in one line naming the column.
func TestAnInvalidFilterIsAUsageErrorPointingAtTheColumn(t *testing.T) {
	s := selectionStore(t)
	commands := [][]string{
		{"list"}, {"replay", "--to", "http://127.0.0.1:1/"}, {"export"}, {"delete", "--yes"}, {"mark"},
	}
	for _, cmd := range commands {
		for expr, want := range map[string]string{
			"stauts:5xx":                 `unknown field "stauts" at 1; did you mean status?`,
			"provider:spiffy stauts:5xx": `unknown field "stauts" at 17; did you mean status?`,
			"sig:bogus":                  `sig: "bogus" is not a signature status at 5`,
			"(provider:spiffy":           "at 1",
			"provider:spiffy OR":         "at 17",
			"size:>lots":                 "size:",
			"stauts:\"\x1b[2J\"":         `\x1b`, // the expression is quoted back, escaped
		} {
			args := append(append([]string{}, cmd...), "--db", s.db, "--filter", expr)
			r := runCLI(t, s.env, args...)
			wantUsage(t, r, "--filter ", want)
			if strings.Count(r.stderr, "\n") != 1 || strings.Contains(r.stderr, "\x1b") {
				t.Errorf("%q: not one clean line: %q", args, r.stderr)
			}
		}
	}
	if got := s.listed(t); len(got) != 4 {
		t.Errorf("after the refused deletes the store has %d deliveries, want 4", len(got))
	}
	wantUsage(t, runCLI(t, s.env, "list", "--db", s.db, "--since", "yesterday"), `--since "yesterday"`)
	wantUsage(t, runCLI(t, s.env, "list", "--db", s.db, "--until", "2h ago"), `--until "2h ago"`)
	wantUsage(t, runCLI(t, s.env, "export", "--db", s.db, s.note, "--filter", "1402"), "ids or --filter")
	wantUsage(t, runCLI(t, s.env, "replay", "--db", s.db, s.note, "--provider", "spiffy", "--to", "http://127.0.0.1:1/"), "ids or --filter")
}

func TestReplayFilterSendsOnlyWhatMatches(t *testing.T) {
	s := selectionStore(t)
	app, reqs, bodies := appServer(t, 200)
	r := runCLI(t, s.env, "replay", "--db", s.db, "--filter", "order 1402 OR sig:invalid", "--to", app.URL, "--json")
	if r.code != 0 {
		t.Fatalf("replay: %+v", r)
	}
	var sent []string
	for _, l := range strings.Split(strings.TrimSpace(r.stdout), "\n") {
		var a struct {
			DeliveryID string `json:"delivery_id"`
		}
		json.Unmarshal([]byte(l), &a)
		sent = append(sent, a.DeliveryID)
	}
	if !sameIDs(sent, s.invalidSpiffy, s.note) || len(reqs()) != 2 {
		t.Fatalf("replayed %v (%d requests), want the invalid order and the note", sent, len(reqs()))
	}
	if b := bodies(); string(b[1]) != `{"note":"the customer asked about order 1402 twice"}` {
		t.Errorf("the note was replayed as %q", b[1])
	}
	// replayed:yes now finds them, and only them.
	if got := s.listed(t, "--filter", "replayed:yes"); !sameIDs(got, s.invalidSpiffy, s.note) {
		t.Errorf("replayed:yes = %v", got)
	}
}

func TestExportFilterToHAR(t *testing.T) {
	s := selectionStore(t)
	file := filepath.Join(t.TempDir(), "f.har")
	r := runCLI(t, s.env, "export", "--db", s.db, "--filter", "1402 OR sig:invalid", "--format", "har", "-o", file)
	if r.code != 0 || !strings.Contains(r.stderr, "exported 2 deliveries") {
		t.Fatalf("export: %+v", r)
	}
	b, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	var har struct {
		Log struct {
			Entries []struct {
				Request struct {
					URL      string
					PostData struct{ Text string }
				}
			}
		}
	}
	if err := json.Unmarshal(b, &har); err != nil {
		t.Fatalf("not JSON: %v", err)
	}
	e := har.Log.Entries
	if len(e) != 2 || !strings.HasSuffix(e[0].Request.URL, "/webhooks/spiffy") || !strings.HasSuffix(e[1].Request.URL, "/hooks/misc") ||
		e[1].Request.PostData.Text != `{"note":"the customer asked about order 1402 twice"}` {
		t.Errorf("HAR entries: %+v", e)
	}
	// The shorthands export the same way.
	r = runCLI(t, s.env, "export", "--db", s.db, "--signature", "invalid", "--provider", "spiffy", "--format", "ndjson")
	if got := jsonIDs(t, r.stdout); !sameIDs(got, s.invalidSpiffy) {
		t.Errorf("export --signature invalid --provider spiffy = %v", got)
	}
}

// A store whose index lags behind its deliveries (a capture killed
// before it indexed, or one that indexes as list runs) must not make
// free text, header: or is:retry miss them: list brings the index up to
// date before such a query. Opened read-only, it answered from the stale
// index and found nothing.
func TestAFilterThatReadsTheIndexSeesEveryStoredDelivery(t *testing.T) {
	env := tempEnv(t)
	db, ids := retryStore(t, env)
	raw, err := sql.Open("sqlite", db)
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{`DELETE FROM ` + filter.FTSTable, `DELETE FROM ` + filter.FactsTable,
		`UPDATE meta SET value = 0 WHERE key = 'indexed_seq'`} {
		if _, err := raw.Exec(q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	raw.Close()
	s := selection{env: env, db: db}
	if got := s.listed(t, "--filter", "hookshot"); !sameIDs(got, ids[0], ids[2], ids[3]) {
		t.Errorf("free text in a header = %v, want the three GitHub pushes", got)
	}
	if got := s.listed(t, "--filter", "is:retry"); !sameIDs(got, ids[2], ids[3]) {
		t.Errorf("is:retry = %v, want the second and third push", got)
	}
	if got := s.listed(t, "--filter", "header:x-github-event=push"); len(got) != 3 {
		t.Errorf("header: = %v, want the three pushes", got)
	}
}
