package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"

	"github.com/hookscope/hookscope/capture/store"
)

// listStore is a store with an ambiguous AmeriCommerce order at a long
// path, annotated as capture annotates, and a Spiffy order.
func listStore(t *testing.T) (db string, ids []string) {
	t.Helper()
	db = filepath.Join(t.TempDir(), "h.db")
	env := map[string]string{"HOME": t.TempDir()}
	ts := annotatedCaptureServer(t, db, env)
	for _, f := range []string{"spiffy/orders-create", "vend/sale-update"} {
		if r := runCLI(t, env, "send", f, "--to", ts.URL+"/a/rather/long/path/that/goes/on/and/on"); r.code != 0 {
			t.Fatalf("send %s: %+v", f, r)
		}
	}
	return db, listIDs(t, env, db)
}

func runListAt(t *testing.T, db string, width int) result {
	t.Helper()
	var out, errOut strings.Builder
	e := Env{Stdin: strings.NewReader(""), Stdout: &out, Stderr: &errOut,
		Getenv:      func(k string) string { return map[string]string{"HOME": t.TempDir()}[k] },
		IsTerminal:  func() bool { return width > 0 },
		StdoutWidth: func() int { return width },
	}
	code := Run(context.Background(), []string{"list", "--db", db}, e)
	return result{code, out.String(), errOut.String()}
}

// `list` showed no provider, topic, signature or summary even at 200
// columns, and cut paths at 40 cells even when piped.
func TestListFitsItsColumnsToTheTerminal(t *testing.T) {
	db, _ := listStore(t)
	wide := runListAt(t, db, 250)
	for _, want := range []string{"PROVIDER", "TOPIC", "SIGNATURE", "SUMMARY", "spiffy", "orders/create", "vend", "Order #9999",
		"/a/rather/long/path/that/goes/on/and/on/webhooks/spiffy"} {
		if !strings.Contains(wide.stdout, want) {
			t.Errorf("at 250 columns list lacks %q:\n%s", want, wide.stdout)
		}
	}
	for _, width := range []int{60, 80, 100, 120, 200, 250} {
		r := runListAt(t, db, width)
		if r.code != 0 {
			t.Fatalf("list at %d: %+v", width, r)
		}
		for _, l := range strings.Split(strings.TrimRight(r.stdout, "\n"), "\n") {
			if w := ansi.StringWidth(l); w > width {
				t.Errorf("at %d columns a line is %d cells:\n%s", width, w, l)
			}
		}
		if !strings.Contains(r.stdout, "PROVIDER") {
			t.Errorf("at %d columns the provider is not shown:\n%s", width, r.stdout)
		}
	}
	// A wider terminal never shows less: every column shown at a width
	// is shown, at least as wide, at every greater width.
	prev := map[string]int{}
	for width := 50; width <= 260; width += 5 {
		header := strings.SplitN(runListAt(t, db, width).stdout, "\n", 2)[0]
		cols := columnWidths(header)
		for name, w := range prev {
			if cols[name] < w {
				t.Errorf("at %d columns %s is %d cells, at %d it was %d:\n%s", width, name, cols[name], width-5, w, header)
			}
		}
		prev = cols
	}
}

// columnWidths reads a header line: each column's name and the cells up to
// the next one (the last takes the rest).
func columnWidths(header string) map[string]int {
	out := map[string]int{}
	fields := strings.Fields(header)
	for i, f := range fields {
		start := strings.Index(header, f)
		end := len(header)
		if i+1 < len(fields) {
			end = strings.Index(header[start+len(f):], fields[i+1]) + start + len(f)
		}
		out[f] = end - start
		header = strings.Repeat(" ", end) + header[end:]
	}
	return out
}

func TestListPipedPrintsWholeTabSeparatedRows(t *testing.T) {
	db, ids := listStore(t)
	r := runListAt(t, db, 0)
	lines := strings.Split(strings.TrimRight(r.stdout, "\n"), "\n")
	if r.code != 0 || len(lines) != 3 {
		t.Fatalf("list piped: %+v", r)
	}
	header := strings.Split(lines[0], "\t")
	if strings.Join(header, ",") != "ID,MARKED,RECEIVED,METHOD,PATH,PROVIDER,TOPIC,SIGNATURE,SIZE,REPLY,SUMMARY" {
		t.Fatalf("header %q", lines[0])
	}
	row := strings.Split(lines[1], "\t")
	if len(row) != len(header) {
		t.Fatalf("row has %d cells, header %d: %q", len(row), len(header), lines[1])
	}
	got := map[string]string{}
	for i, h := range header {
		got[h] = row[i]
	}
	if got["ID"] != ids[0] || got["PATH"] != "/a/rather/long/path/that/goes/on/and/on/webhooks/spiffy" || got["PROVIDER"] != "spiffy" ||
		got["TOPIC"] != "orders/create" || got["SIGNATURE"] != "missing" || got["REPLY"] != "200" ||
		!strings.HasPrefix(got["SUMMARY"], "Order #9999 · 403.00 USD") || strings.Contains(lines[1], "…") {
		t.Errorf("piped row %q", got)
	}
}

// In show --json and replay --json every attempt's id was the delivery's.
func TestAttemptsHaveIDsOfTheirOwn(t *testing.T) {
	env := map[string]string{"HOME": t.TempDir()}
	db, ids := listStore(t)
	app, _, _ := appServer(t, 200)
	var replayed []int64
	for range 2 {
		r := runCLI(t, env, "replay", ids[0], "--db", db, "--to", app.URL, "--json")
		var a struct {
			ID         int64
			DeliveryID string `json:"delivery_id"`
		}
		if err := json.Unmarshal([]byte(r.stdout), &a); err != nil || a.DeliveryID != ids[0] {
			t.Fatalf("replay --json: %v %+v", err, r)
		}
		replayed = append(replayed, a.ID)
	}
	r := runCLI(t, env, "show", ids[0], "--db", db, "--json")
	var shown struct {
		ID       string
		Attempts []struct {
			ID         int64
			DeliveryID string `json:"delivery_id"`
		}
	}
	if err := json.Unmarshal([]byte(r.stdout), &shown); err != nil {
		t.Fatal(err)
	}
	st, err := store.Open(context.Background(), db, store.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	stored, _ := st.Attempts(context.Background(), ids[0])
	var got, want []string
	for i, a := range shown.Attempts {
		got = append(got, fmt.Sprintf("%d/%s", a.ID, a.DeliveryID))
		want = append(want, fmt.Sprintf("%d/%s", stored[i].ID, ids[0]))
	}
	if len(got) != 2 || strings.Join(got, " ") != strings.Join(want, " ") || shown.Attempts[0].ID == shown.Attempts[1].ID ||
		shown.Attempts[0].ID != replayed[1] || shown.Attempts[1].ID != replayed[0] {
		t.Errorf("show --json attempts %v, want %v (newest first; replay printed %v)", got, want, replayed)
	}
}

// A replay that failed before sending showed no method or URL and no hint
// about --secret-env; the summary said "1 errors", "latency p50 0s" and
// "1 of 1 replays".
func TestReplayFailedBeforeSendingSaysWhereAndHow(t *testing.T) {
	env := map[string]string{"HOME": t.TempDir()}
	db, ids := listStore(t)
	app, reqs, _ := appServer(t, 200)
	r := runCLI(t, env, "replay", ids[0], "--db", db, "--to", app.URL, "--resign")
	want := "POST " + app.URL + "/a/rather/long/path/that/goes/on/and/on/webhooks/spiffy → error: "
	if r.code != 1 || !strings.Contains(r.stdout, want) || !strings.Contains(r.stdout, "set HOOKSCOPE_SPIFFY_SECRET or name a variable with --secret-env") {
		t.Errorf("stdout %q, want %q and the hint", r.stdout, want)
	}
	if !strings.Contains(r.stderr, "sent 1: 0 2xx, 0 non-2xx, 1 error; no answers") || !strings.Contains(r.stderr, "the replay did not get a 2xx") {
		t.Errorf("stderr %q", r.stderr)
	}
	if len(reqs()) != 0 {
		t.Errorf("the app got %d requests", len(reqs()))
	}
}

// At 80 columns list showed only ID, RECEIVED, PROVIDER and TOPIC: the
// 26-character id took the room of the signature and the summary. A
// terminal shows the id's unique end, which show takes as the id.
func TestListAt80ColumnsShowsTheSignatureAndTheSummary(t *testing.T) {
	db, ids := listStore(t)
	r := runListAt(t, db, 80)
	for _, want := range []string{"SIGNATURE", "SUMMARY", ids[0][len(ids[0])-shortIDLen:]} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("at 80 columns list lacks %q:\n%s", want, r.stdout)
		}
	}
	if strings.Contains(r.stdout, ids[0]) {
		t.Errorf("at 80 columns the whole id takes the room:\n%s", r.stdout)
	}
	env := map[string]string{"HOME": t.TempDir()}
	if s := runCLI(t, env, "show", "--db", db, ids[0][len(ids[0])-shortIDLen:]); s.code != 0 || !strings.Contains(s.stdout, ids[0]) {
		t.Errorf("show of the id as list shows it: %+v", s)
	}
	if piped := runListAt(t, db, 0); !strings.Contains(piped.stdout, ids[0]) {
		t.Errorf("piped, the id is whole:\n%s", piped.stdout)
	}
}

// `list` and `show` said nothing of marks and retries, which the TUI's
// list shows on every row (its marker column and "retry 2 ·"): the text a
// terminal shows now says both, as the TUI does.
func TestListAndShowSayMarksAndRetries(t *testing.T) {
	db := filepath.Join(t.TempDir(), "h.db")
	env := map[string]string{"HOME": t.TempDir()}
	ts := annotatedCaptureServer(t, db, env)
	for range 2 {
		if r := runCLI(t, env, "send", "spiffy/orders-create", "--to", ts.URL); r.code != 0 {
			t.Fatalf("send: %+v", r)
		}
	}
	ids := listIDs(t, env, db)
	if r := runCLI(t, env, "mark", ids[0], "--db", db); r.code != 0 {
		t.Fatalf("mark: %+v", r)
	}
	wide := strings.Split(strings.TrimRight(runListAt(t, db, 200).stdout, "\n"), "\n")
	if len(wide) != 3 {
		t.Fatalf("list at 200: %q", wide)
	}
	first, second := wide[1], wide[2]
	if !strings.Contains(first, " * ") || strings.Contains(second, " * ") {
		t.Errorf("the marked delivery is not the one with the mark:\n%s\n%s", first, second)
	}
	if strings.Contains(first, "retry") || !strings.Contains(second, "retry 2 · Order #9999") {
		t.Errorf("the second delivery of the event does not say it is a retry:\n%s\n%s", first, second)
	}
	piped := strings.Split(strings.TrimRight(runListAt(t, db, 0).stdout, "\n"), "\n")
	if cells := strings.Split(piped[1], "\t"); cells[1] != "marked" || strings.Split(piped[2], "\t")[1] != "" {
		t.Errorf("piped MARKED cells: %q / %q", piped[1], piped[2])
	}
	show := runCLI(t, env, "show", ids[1], "--db", db)
	if show.code != 0 || !strings.Contains(show.stdout, "retry       retry 2: the platform sent this event before, first as #") ||
		strings.Contains(show.stdout, "marked      yes") {
		t.Errorf("show of the retry:\n%s", show.stdout)
	}
	if show := runCLI(t, env, "show", ids[0], "--db", db); !strings.Contains(show.stdout, "marked      yes") ||
		strings.Contains(show.stdout, "retry       ") {
		t.Errorf("show of the marked first delivery:\n%s", show.stdout)
	}
}
