package cli

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/hookscope/hookscope/capture/store"
)

// TestATargetPasswordIsUsedButNeverPrintedOrStored runs serve --forward-to
// --relay and replay --to with a password in the URL: the app gets Basic
// auth, and nothing printed or stored holds the password.
func TestATargetPasswordIsUsedButNeverPrintedOrStored(t *testing.T) {
	app, reqs, _ := appServerFunc(t, func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(202) })
	withPassword := strings.Replace(app.URL, "http://", "http://user:s3cretpw@", 1) + "/fwdbase"
	env := tempEnv(t)
	db := filepath.Join(t.TempDir(), "h.db")
	var printed []string // everything shown or stored as text

	stderr := &syncWriter{w: &bytes.Buffer{}}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan int)
	go func() {
		done <- Run(ctx, []string{"serve", "--db", db, "--listen", "127.0.0.1:0", "--forward-to", withPassword, "--relay"},
			Env{Stdout: &bytes.Buffer{}, Stderr: stderr, Getenv: func(k string) string { return env[k] }, IsTerminal: func() bool { return false }})
	}()
	re := regexp.MustCompile(`capturing on (http://\S+)/`)
	deadline := time.Now().Add(10 * time.Second)
	for re.FindStringSubmatch(stderr.String()) == nil && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	m := re.FindStringSubmatch(stderr.String())
	if m == nil {
		t.Fatalf("serve did not start: %s", stderr.String())
	}
	if resp, _ := post(t, m[1], "spiffy/orders-create"); resp.StatusCode != 202 {
		t.Fatalf("relayed capture answered %d", resp.StatusCode)
	}
	cancel()
	if code := <-done; code != 0 {
		t.Fatalf("serve exit %d: %s", code, stderr.String())
	}
	printed = append(printed, stderr.String())
	if !strings.Contains(stderr.String(), "relaying every capture to http://user:xxxxx@") {
		t.Errorf("serve said %s", stderr.String())
	}

	id := listIDs(t, env, db)[0]
	for _, args := range [][]string{{}, {"--json"}, {"--dry-run"}} {
		r := runCLI(t, env, append([]string{"replay", id, "--db", db, "--to", withPassword}, args...)...)
		if r.code != 0 || !strings.Contains(r.stdout, "http://user:xxxxx@") {
			t.Errorf("replay %v: %+v", args, r)
		}
		printed = append(printed, r.stdout, r.stderr)
	}
	r := runCLI(t, env, "replay", id, "--db", db, "--to", "http://user:s3cretpw@")
	printed = append(printed, r.stdout, r.stderr)
	r = runCLI(t, env, "show", id, "--db", db, "--json")
	printed = append(printed, r.stdout, r.stderr)

	st, err := store.Open(context.Background(), db, store.Options{Keep: -1})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	d, err := st.Get(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	attempts, _ := st.Attempts(context.Background(), id)
	if len(attempts) != 3 || !strings.HasPrefix(d.ReplyRule, "relayed from http://user:xxxxx@") {
		t.Fatalf("%d attempts stored, reply rule %q", len(attempts), d.ReplyRule)
	}
	printed = append(printed, d.ReplyRule, fmt.Sprint(attempts))

	got := reqs()
	if len(got) != 3 {
		t.Fatalf("the app got %d requests", len(got))
	}
	for _, r := range got {
		if u, p, _ := r.BasicAuth(); u != "user" || p != "s3cretpw" {
			t.Errorf("the app got Basic auth %q:%q", u, p)
		}
	}
	for _, s := range printed {
		if strings.Contains(s, "s3cretpw") {
			t.Errorf("the password is in %q", s)
		}
	}
}
