package cli

import (
	"context"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/hookscope/hookscope/capture"
	"github.com/hookscope/hookscope/capture/store"
	"github.com/hookscope/hookscope/fixtures"
)

// Spiffy sends orders/updated for order 123456 twice, the newer state
// first: list and show say, as JSON and as text, that the second is older
// than the first, and is:outoforder finds it.
func TestOutOfOrderInListAndShow(t *testing.T) {
	env := tempEnv(t)
	ctx := context.Background()
	db := filepath.Join(t.TempDir(), "o.db")
	st, err := store.Open(ctx, db, store.Options{Keep: -1, EventKeys: capture.EventKeys})
	if err != nil {
		t.Fatal(err)
	}
	o := newOptions(func(k string) string { return env[k] })
	if err := o.resolve(); err != nil {
		t.Fatal(err)
	}
	f, err := fixtures.Get("spiffy/orders-updated")
	if err != nil {
		t.Fatal(err)
	}
	const sent = `"updated_at": "2017-03-20T16:02:31-04:00"`
	if !strings.Contains(string(f.Body), sent) {
		t.Fatalf("spiffy/orders-updated has no %s", sent)
	}
	var ids []string
	for i, updated := range []string{"2024-05-01T09:30:00Z", "2024-05-01T09:00:00Z"} {
		body := []byte(strings.Replace(string(f.Body), sent, `"updated_at": "`+updated+`"`, 1))
		d := &store.Delivery{ID: "01HZZZZZZZZZZZZZZZZZZZZZO" + string(rune('A'+i)),
			ReceivedAt: time.Date(2024, 5, 1, 9, 31, i, 0, time.UTC), Method: f.Method, URI: f.Path, Proto: "HTTP/1.1",
			Host: "127.0.0.1:4747", RemoteAddr: "127.0.0.1:40000", Headers: f.Headers.Clone(), Body: body, Size: int64(len(body)),
			DeclaredLength: int64(len(body)), ReplyStatus: 200, ReplyRule: "plain 200"}
		capture.Annotate(o.analyzer, d, nil)
		if err := st.Insert(ctx, d); err != nil {
			t.Fatal(err)
		}
		ids = append(ids, d.ID)
	}
	if err := st.Close(); err != nil { // indexes what is left
		t.Fatal(err)
	}

	lines := jsonLines(t, runCLI(t, env, "list", "--db", db, "--json").stdout)
	if len(lines) != 2 || lines[0]["older_than"] != nil || lines[1]["older_than"] != ids[0] {
		t.Errorf("list --json older_than = %v, %v; want none, %s", lines[0]["older_than"], lines[1]["older_than"], ids[0])
	}
	var shown map[string]any
	if err := json.Unmarshal([]byte(runCLI(t, env, "show", "--db", db, "--json", ids[1]).stdout), &shown); err != nil ||
		shown["older_than"] != ids[0] {
		t.Errorf("show --json older_than = %v (%v), want %s", shown["older_than"], err, ids[0])
	}
	text := runCLI(t, env, "show", "--db", db, ids[1]).stdout
	if want := "order       out of order: older than #" + ids[0][len(ids[0])-shortIDLen:]; !strings.Contains(text, want) {
		t.Errorf("show lacks %q:\n%s", want, text)
	}
	if r := runCLI(t, env, "list", "--db", db, "--json", "--filter", "is:outoforder"); len(jsonLines(t, r.stdout)) != 1 ||
		!strings.Contains(r.stdout, ids[1]) {
		t.Errorf("list --filter is:outoforder: %+v", r)
	}
}
