package cli

import (
	"bufio"
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/hookscope/hookscope/capture"
	"github.com/hookscope/hookscope/capture/capturetest"
	"github.com/hookscope/hookscope/capture/hub"
	"github.com/hookscope/hookscope/capture/reply"
	"github.com/hookscope/hookscope/capture/store"
	"github.com/hookscope/hookscope/decode"
	"github.com/hookscope/hookscope/decode/registry"
	"github.com/hookscope/hookscope/fixtures"
)

// TestMain lets the test binary stand in for the hookscope binary: with
// HOOKSCOPE_TEST_MAIN set it runs the CLI with the arguments in
// HOOKSCOPE_TEST_ARGS (tab-separated) and exits.
func TestMain(m *testing.M) {
	if os.Getenv("HOOKSCOPE_TEST_MAIN") == "1" {
		args := strings.Split(os.Getenv("HOOKSCOPE_TEST_ARGS"), "\t")
		os.Exit(Run(context.Background(), args, OSEnv()))
	}
	os.Exit(m.Run())
}

type result struct {
	code           int
	stdout, stderr string
}

func runCLI(t *testing.T, env map[string]string, args ...string) result {
	t.Helper()
	var stdout, stderr bytes.Buffer
	e := Env{
		Stdin: strings.NewReader(""), Stdout: &stdout, Stderr: &stderr,
		Getenv:     func(k string) string { return env[k] },
		IsTerminal: func() bool { return false },
	}
	code := Run(context.Background(), args, e)
	return result{code, stdout.String(), stderr.String()}
}

func tempEnv(t *testing.T) map[string]string {
	return map[string]string{"HOME": t.TempDir()}
}

func TestUsageErrorsExitTwoAndSayWhy(t *testing.T) {
	env := tempEnv(t)
	for _, args := range [][]string{
		{"bogus"},
		{"list", "--nope"},
		{"show"},
		{"list", "--limit", "0"},
		{"send"},
		{"send", "spiffy/no-such-event", "--to", "http://127.0.0.1:1/"},
		{"send", "spiffy/orders-create", "--to", "127.0.0.1:4747"},
		{"--keep", "many"},
	} {
		r := runCLI(t, env, args...)
		if r.code != 2 || !strings.Contains(r.stderr, "hookscope") {
			t.Errorf("%v: exit %d, stderr %q; want 2 with a message", args, r.code, r.stderr)
		}
	}
}

func TestHelpDescribesEveryFlag(t *testing.T) {
	env := tempEnv(t)
	r := runCLI(t, env, "--help")
	if r.code != 0 {
		t.Fatalf("--help exit %d", r.code)
	}
	for _, want := range []string{"--db", "--config", "--listen", "--max-body", "--keep", "serve", "list", "show", "send", "fixtures"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("--help lacks %s", want)
		}
	}
	r = runCLI(t, env, "send", "--help")
	if r.code != 0 || !strings.Contains(r.stdout, "--to") || !strings.Contains(r.stdout, "--db") {
		t.Errorf("send --help: %d %q", r.code, r.stdout)
	}
}

func TestDefaultStoreFollowsXDG(t *testing.T) {
	o := newOptions(func(k string) string {
		return map[string]string{"HOME": "/home/u", "XDG_DATA_HOME": "/data"}[k]
	})
	if err := o.resolve(); err != nil {
		t.Fatal(err)
	}
	if o.cfg.DB != "/data/hookscope/hookscope.db" {
		t.Errorf("db = %s", o.cfg.DB)
	}
	o = newOptions(func(k string) string { return map[string]string{"HOME": "/home/u"}[k] })
	o.resolve()
	if o.cfg.DB != "/home/u/.local/share/hookscope/hookscope.db" || o.cfg.Listen != "127.0.0.1:4747" {
		t.Errorf("defaults: %+v", o.cfg)
	}
}

func TestConfigFileUnderFlags(t *testing.T) {
	dir := t.TempDir()
	cfgPath := filepath.Join(dir, "hookscope.toml")
	os.WriteFile(cfgPath, []byte("listen = \"127.0.0.1:9999\"\nkeep = 10\ndb = \"/from/config.db\"\n"), 0o600)
	o := newOptions(func(string) string { return "" })
	o.configPath = cfgPath
	o.keep.Set("20")
	if err := o.resolve(); err != nil {
		t.Fatal(err)
	}
	if o.cfg.Listen != "127.0.0.1:9999" || o.cfg.Keep != 20 || o.cfg.DB != "/from/config.db" {
		t.Errorf("resolved %+v; want listen and db from the file, keep from the flag", o.cfg)
	}

	os.WriteFile(cfgPath, []byte("lisen = \"x\"\n"), 0o600)
	r := runCLI(t, tempEnv(t), "--config", cfgPath, "list")
	if r.code != 1 || !strings.Contains(r.stderr, `unknown key "lisen"`) {
		t.Errorf("typo in config: %d %q", r.code, r.stderr)
	}
	r = runCLI(t, tempEnv(t), "--config", filepath.Join(dir, "missing.toml"), "list")
	if r.code != 1 || !strings.Contains(r.stderr, "does not exist") {
		t.Errorf("missing config: %d %q", r.code, r.stderr)
	}
}

// captureServer is a real capture server over a store at db.
func captureServer(t *testing.T, db string) *capturetest.Server {
	t.Helper()
	st, err := store.Open(context.Background(), db, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	ts := capturetest.Start(t, capture.New(st))
	t.Cleanup(func() {
		ts.Close()
		st.Close()
	})
	return ts
}

func TestSendListShowRoundTrip(t *testing.T) {
	env := tempEnv(t)
	db := filepath.Join(t.TempDir(), "h.db")
	ts := captureServer(t, db)

	r := runCLI(t, env, "send", "spiffy/orders-create", "--to", ts.URL+"/")
	if r.code != 0 || !strings.Contains(r.stderr, "200 OK") || !strings.Contains(r.stdout, `{"ok":true}`) {
		t.Fatalf("send: %+v", r)
	}
	if r := runCLI(t, env, "send", "vend/sale-update", "--db", db, "--to", ts.URL); r.code != 0 {
		t.Fatalf("send vend: %+v", r)
	}

	r = runCLI(t, env, "list", "--db", db)
	if r.code != 0 || !strings.Contains(r.stdout, "/webhooks/spiffy") || !strings.Contains(r.stdout, "/webhooks/vend") {
		t.Fatalf("list: %+v", r)
	}
	if strings.Index(r.stdout, "/webhooks/spiffy") > strings.Index(r.stdout, "/webhooks/vend") {
		t.Error("list is not newest last")
	}

	r = runCLI(t, env, "list", "--db", db, "--json", "--limit", "1")
	lines := strings.Split(strings.TrimSpace(r.stdout), "\n")
	if len(lines) != 1 {
		t.Fatalf("--limit 1 printed %d lines", len(lines))
	}
	var listed map[string]any
	if err := json.Unmarshal([]byte(lines[0]), &listed); err != nil {
		t.Fatal(err)
	}
	for _, field := range []string{"id", "received_at", "method", "uri", "host", "remote_addr", "size", "truncated", "provider", "topic", "reply"} {
		if _, ok := listed[field]; !ok {
			t.Errorf("list --json lacks %s", field)
		}
	}
	if listed["uri"] != "/webhooks/vend" {
		t.Errorf("--limit 1 is not the newest: %v", listed["uri"])
	}
	if _, err := time.Parse(time.RFC3339Nano, listed["received_at"].(string)); err != nil {
		t.Errorf("received_at: %v", err)
	}

	id := listed["id"].(string)
	r = runCLI(t, env, "show", id[len(id)-6:], "--db", db, "--json")
	var shown struct {
		Body    string               `json:"body"`
		Headers map[string][]string  `json:"headers"`
		Reply   struct{ Status int } `json:"reply"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &shown); err != nil {
		t.Fatalf("show --json: %v (%+v)", err, r)
	}
	f, _ := fixtures.Get("vend/sale-update")
	if shown.Body != string(f.Body) || shown.Headers["Content-Type"][0] != "application/x-www-form-urlencoded" || shown.Reply.Status != 200 {
		t.Errorf("show --json does not give back what was sent: %+v", shown.Reply)
	}

	r = runCLI(t, env, "show", id, "--db", db)
	if r.code != 0 || !strings.Contains(r.stdout, "payload = {") || !strings.Contains(r.stdout, "Content-Type: application/x-www-form-urlencoded") {
		t.Errorf("show: %s", r.stdout)
	}
	if r := runCLI(t, env, "show", "ZZZZZZ", "--db", db); r.code != 1 || !strings.Contains(r.stderr, "not found") {
		t.Errorf("show unknown id: %+v", r)
	}
}

func TestShowIsSafeForTheTerminalAndExactInJSON(t *testing.T) {
	db := filepath.Join(t.TempDir(), "h.db")
	st, _ := store.Open(context.Background(), db, store.Options{})
	body := []byte("\xff\xfe\x1b[2J binary")
	d := &store.Delivery{ID: "01HOOKSCOPESHOWTEST0000001", ReceivedAt: time.Now(), Method: "POST", URI: "/x\x1b[1m",
		Proto: "HTTP/1.1", Headers: http.Header{"X-Evil": {"\x1b]0;t\x07"}}, Body: body, Size: int64(len(body)), ReplyStatus: 200}
	st.Insert(context.Background(), d)
	st.Close()
	env := tempEnv(t)
	r := runCLI(t, env, "show", d.ID, "--db", db)
	if strings.ContainsAny(r.stdout, "\x1b\x07") {
		t.Fatalf("raw escape in show output: %q", r.stdout)
	}
	if !strings.Contains(r.stdout, `X-Evil: \x1b]0;t\x07`) || !strings.Contains(r.stdout, "binary, 13 bytes, shown as hex") {
		t.Errorf("show output: %s", r.stdout)
	}
	r = runCLI(t, env, "show", d.ID, "--db", db, "--json")
	var j struct {
		Body         string `json:"body"`
		BodyEncoding string `json:"body_encoding"`
	}
	json.Unmarshal([]byte(r.stdout), &j)
	got, _ := base64.StdEncoding.DecodeString(j.Body)
	if j.BodyEncoding != "base64" || !bytes.Equal(got, body) {
		t.Errorf("json body %q (%s), want base64 of the exact bytes", j.Body, j.BodyEncoding)
	}
	if r := runCLI(t, env, "list", "--db", db); strings.ContainsRune(r.stdout, 0x1b) {
		t.Errorf("raw escape in list output: %q", r.stdout)
	}
}

func TestListWithoutStoreSaysHowToStart(t *testing.T) {
	r := runCLI(t, tempEnv(t), "list")
	if r.code != 1 || !strings.Contains(r.stderr, "no store at") || !strings.Contains(r.stderr, "hookscope serve") {
		t.Errorf("%+v", r)
	}
}

func TestSendReportsNon2xx(t *testing.T) {
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(500) }))
	defer ts.Close()
	r := runCLI(t, tempEnv(t), "send", "merchone/shipment_sent", "--to", ts.URL)
	if r.code != 1 || !strings.Contains(r.stderr, "answered 500") {
		t.Errorf("%+v", r)
	}
}

func TestFixturesListsEveryFixture(t *testing.T) {
	r := runCLI(t, tempEnv(t), "fixtures")
	all, _ := fixtures.All()
	hostile, _ := fixtures.Hostile()
	// The hostile fixtures were left out: send took them, fixtures hid them.
	if got := strings.Count(r.stdout, "\n"); got != len(all)+len(hostile) || !strings.Contains(r.stdout, "americommerce/GetTax") ||
		!strings.Contains(r.stdout, "hostile/terminal-escapes") {
		t.Errorf("fixtures printed %d lines for %d fixtures and %d hostile ones", got, len(all), len(hostile))
	}
}

// printWhatIsThere runs serve's printer on st and sub until it has printed
// what sub holds and what it lost from st, and returns its output.
func printWhatIsThere(t *testing.T, st *store.Store, sub *hub.Subscription) string {
	t.Helper()
	var out strings.Builder
	p := &printer{st: st, sub: sub, w: bufio.NewWriter(&out)}
	stop, cancel := context.WithCancel(context.Background())
	cancel() // print what is there and stop
	if err := p.run(stop); err != nil {
		t.Fatal(err)
	}
	return out.String()
}

// TestPrinterCatchesUpFromTheStore makes the printer's subscription far too
// small and checks every delivery is still printed once, in commit order.
func TestPrinterCatchesUpFromTheStore(t *testing.T) {
	var h hub.Hub
	sub := h.Subscribe(2)
	st, err := store.Open(context.Background(), filepath.Join(t.TempDir(), "h.db"), store.Options{OnCommit: h.Publish})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	const n = 300
	for i := 0; i < n; i++ {
		d := &store.Delivery{ID: fmt.Sprintf("01PRINTER%017d", i), ReceivedAt: time.Now(), Method: "POST", URI: fmt.Sprintf("/%d", i), ReplyStatus: 200}
		if err := st.Insert(context.Background(), d); err != nil {
			t.Fatal(err)
		}
	}
	lines := strings.Split(strings.TrimSpace(printWhatIsThere(t, st, sub)), "\n")
	if len(lines) != n {
		t.Fatalf("printed %d lines for %d deliveries", len(lines), n)
	}
	for i, l := range lines {
		var j struct{ URI string }
		json.Unmarshal([]byte(l), &j)
		if j.URI != fmt.Sprintf("/%d", i) {
			t.Fatalf("line %d is %s: out of order or duplicated", i, j.URI)
		}
	}
}

func TestNoTerminalRunsServe(t *testing.T) {
	stderr := &syncWriter{w: &bytes.Buffer{}}
	ctx, cancel := context.WithCancel(context.Background())
	env := Env{Stdout: &bytes.Buffer{}, Stderr: stderr, Getenv: func(k string) string { return map[string]string{"HOME": t.TempDir()}[k] },
		IsTerminal: func() bool { return false }}
	done := make(chan int)
	go func() { done <- Run(ctx, []string{"--listen", "127.0.0.1:0"}, env) }()
	deadline := time.Now().Add(10 * time.Second)
	for !strings.Contains(stderr.String(), "capturing on") && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	cancel()
	if code := <-done; code != 0 {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	if !strings.Contains(stderr.String(), "no terminal") || !strings.Contains(stderr.String(), "capturing on http://127.0.0.1:") {
		t.Errorf("stderr: %s", stderr.String())
	}
}

func TestSendSignsAndCaptureRecordsProviderTopicSignature(t *testing.T) {
	db := filepath.Join(t.TempDir(), "h.db")
	env := map[string]string{"HOME": t.TempDir(), "HOOKSCOPE_SPIFFY_SECRET": "s3cret", "GOOD": "s3cret", "BAD": "wrong"}
	o := newOptions(func(k string) string { return env[k] })
	if err := o.resolve(); err != nil {
		t.Fatal(err)
	}
	st, _ := store.Open(context.Background(), db, store.Options{})
	opts, err := o.captureOptions(context.Background(), st)
	if err != nil {
		t.Fatal(err)
	}
	ts := capturetest.Start(t, capture.New(st, opts...))
	defer ts.Close()
	defer st.Close()

	if r := runCLI(t, env, "send", "spiffy/orders-create", "--to", ts.URL, "--secret-env", "GOOD"); r.code != 0 || !strings.Contains(r.stderr, "signed: HMAC-SHA256") {
		t.Fatalf("send signed: %+v", r)
	}
	runCLI(t, env, "send", "spiffy/orders-create", "--to", ts.URL, "--secret-env", "BAD")
	runCLI(t, env, "send", "americommerce/GetTax", "--to", ts.URL)
	if r := runCLI(t, env, "send", "merchone/shipment_sent", "--to", ts.URL, "--secret-env", "GOOD"); r.code != 2 {
		t.Errorf("--secret-env for an unsigned provider: %+v", r)
	}

	r := runCLI(t, env, "list", "--db", db, "--json")
	var got []struct {
		ID, Provider, Topic, Summary string
		Signature                    struct{ Status, Scheme, Reason string }
	}
	for _, l := range strings.Split(strings.TrimSpace(r.stdout), "\n") {
		var j struct {
			ID, Provider, Topic, Summary string
			Signature                    struct{ Status, Scheme, Reason string }
		}
		json.Unmarshal([]byte(l), &j)
		got = append(got, j)
	}
	if len(got) != 3 {
		t.Fatalf("%d deliveries: %s", len(got), r.stdout)
	}
	if got[0].Provider != "spiffy" || got[0].Topic != "orders/create" || got[0].Signature.Status != "valid" ||
		got[0].Summary != "Order #9999 · 403.00 USD · 2 items · jon@doe.ca" {
		t.Errorf("signed delivery: %+v", got[0])
	}
	if got[1].Signature.Status != "invalid" || !strings.Contains(got[1].Signature.Reason, "secret is wrong") {
		t.Errorf("wrongly signed delivery: %+v", got[1])
	}
	if got[2].Provider != "americommerce" || got[2].Signature.Status != "unsigned" {
		t.Errorf("americommerce: %+v", got[2])
	}
	if r := runCLI(t, env, "list", "--db", db, "--provider", "americommerce", "--topic", "GetTax"); strings.Count(r.stdout, "/americommerce/GetTax") != 1 || strings.Contains(r.stdout, "spiffy") {
		t.Errorf("list --provider --topic: %s", r.stdout)
	}

	r = runCLI(t, env, "show", got[0].ID, "--db", db, "--json")
	var shown struct {
		Signature struct{ Status, Scheme, Encoding string }
		Decoded   struct {
			Summary  string
			Sections []struct{ Title string }
			Drift    []any
			Error    string
		}
	}
	if err := json.Unmarshal([]byte(r.stdout), &shown); err != nil {
		t.Fatal(err)
	}
	if shown.Signature.Status != "valid" || shown.Signature.Encoding != "hex" || shown.Decoded.Error != "" ||
		len(shown.Decoded.Drift) != 0 || len(shown.Decoded.Sections) < 3 || shown.Decoded.Summary == "" {
		t.Errorf("show --json: %+v", shown)
	}
	if strings.Contains(r.stdout, "s3cret") {
		t.Error("secret in show output")
	}
	if r := runCLI(t, map[string]string{"HOME": env["HOME"]}, "show", got[0].ID, "--db", db); !strings.Contains(r.stdout, "signature   no_secret") || !strings.Contains(r.stdout, "HOOKSCOPE_SPIFFY_SECRET") {
		t.Errorf("show without a secret: %s", r.stdout)
	}
}

func TestConfigSecretsAndRoutes(t *testing.T) {
	dir := t.TempDir()
	cfgPath := filepath.Join(dir, "hookscope.toml")
	os.WriteFile(cfgPath, []byte(`
[providers.spiffy]
secret = "from-file"
[providers.vend]
secret = "vend-from-file"

[[routes]]
prefix = "/shop/tax"
provider = "americommerce"
topic = "GetTax"
`), 0o600)
	env := map[string]string{"HOOKSCOPE_VEND_SECRET": "vend-from-env"}
	o := newOptions(func(k string) string { return env[k] })
	o.configPath = cfgPath
	if err := o.resolve(); err != nil {
		t.Fatal(err)
	}
	if got := string(o.analyzer.Secret("spiffy")); got != "from-file" {
		t.Errorf("spiffy secret %q", got)
	}
	if got := string(o.analyzer.Secret("vend")); got != "vend-from-env" {
		t.Errorf("vend secret %q: the environment should win", got)
	}
	f, _ := fixtures.Get("americommerce/GetTax")
	d := &store.Delivery{Method: "POST", URI: "/shop/tax/callback", Headers: f.Headers, Body: f.Body}
	capture.Annotate(o.analyzer, d, nil)
	if d.Provider != "americommerce" || d.Topic != "GetTax" {
		t.Errorf("route not applied: %s %s", d.Provider, d.Topic)
	}

	for body, want := range map[string]string{
		"[providers.acme]\nsecret = \"x\"\n":                 "unknown provider",
		"[[routes]]\nprefix = \"/x\"\nprovider = \"nope\"\n": "unknown provider",
		"[[routes]]\nprefix = \"x\"\nprovider = \"vend\"\n":  "must start with /",
	} {
		os.WriteFile(cfgPath, []byte(body), 0o600)
		o := newOptions(func(string) string { return "" })
		o.configPath = cfgPath
		if err := o.resolve(); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("config %q: %v, want %q", body, err, want)
		}
	}
}

func TestReplyExpectingFixturesGetValidRecordedReplies(t *testing.T) {
	db := filepath.Join(t.TempDir(), "h.db")
	env := map[string]string{"HOME": t.TempDir()}
	o := newOptions(func(k string) string { return env[k] })
	if err := o.resolve(); err != nil {
		t.Fatal(err)
	}
	st, _ := store.Open(context.Background(), db, store.Options{})
	opts, err := o.captureOptions(context.Background(), st)
	if err != nil {
		t.Fatal(err)
	}
	ts := capturetest.Start(t, capture.New(st, opts...))
	defer ts.Close()
	defer st.Close()

	all, _ := fixtures.All()
	checked := 0
	for _, f := range all {
		p, _ := registry.Lookup(f.Provider)
		e, _ := decode.FindEvent(p, f.Event)
		req, _ := f.Request(context.Background(), ts.URL)
		resp, err := ts.Client().Do(req)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if hs, ok := p.(decode.Handshaker); ok {
			// A handshake (Slack's url_verification) gets its own reply;
			// without a secret, Discord's is a 401 saying what to set.
			r := decode.NewRequest(f.Method, f.Path, f.Headers, f.Body)
			in := decode.HandshakeInput{Signature: decode.Check(p, r, nil)} // no secret configured
			if h, ok := hs.Handshake(r, in); ok {
				if resp.StatusCode != h.Status || string(body) != string(h.Body) {
					t.Errorf("%s: handshake answered %d %s, want %d %s", f.Name, resp.StatusCode, body, h.Status, h.Body)
				}
				continue
			}
		}
		if resp.StatusCode != 200 {
			t.Fatalf("%s: status %d %s", f.Name, resp.StatusCode, body)
		}
		if e.NewReply == nil {
			if string(body) != `{"ok":true}` {
				t.Errorf("%s expects no reply body, got %s", f.Name, body)
			}
			continue
		}
		checked++
		typed := e.New()
		payload, _ := p.Payload(decode.NewRequest(f.Method, f.Path, f.Headers, f.Body))
		json.Unmarshal(payload, typed)
		if w := reply.Validate(e, body, typed); len(w) > 0 {
			t.Errorf("%s: reply does not validate: %v\n%s", f.Name, w, body)
		}
	}
	if checked != 12 {
		t.Fatalf("%d reply-expecting fixtures checked", checked)
	}
	r := runCLI(t, env, "list", "--db", db, "--json", "--provider", "americommerce", "--topic", "GetTax")
	var listed struct{ ID string }
	json.Unmarshal([]byte(strings.TrimSpace(r.stdout)), &listed)
	r = runCLI(t, env, "show", listed.ID, "--db", db, "--json")
	var shown struct {
		Reply struct {
			Status int
			Rule   string
			Body   string
		}
	}
	json.Unmarshal([]byte(r.stdout), &shown)
	if shown.Reply.Status != 200 || shown.Reply.Rule != "default americommerce GetTax" || !strings.Contains(shown.Reply.Body, `"cart_item_id": 9001`) {
		t.Fatalf("recorded reply: %+v", shown.Reply)
	}
}

func TestRepliesSetListExportImportReset(t *testing.T) {
	dir := t.TempDir()
	env := map[string]string{"HOME": dir}
	db := filepath.Join(dir, "h.db")
	body := filepath.Join(dir, "tax.tmpl")
	os.WriteFile(body, []byte(`{"items":[],"shipping_tax_amount":0,"handling_tax_amount":0}`), 0o600)

	if r := runCLI(t, env, "replies", "set", "--db", db, "--provider", "americommerce", "--topic", "GetTax", "--body-file", body, "--delay", "4s"); r.code != 0 || !strings.Contains(r.stderr, "beyond the platform's 3s timeout") {
		t.Fatalf("set: %+v", r)
	}
	runCLI(t, env, "replies", "set", "--db", db, "--provider", "americommerce", "--topic", "GetTax", "--body-file", body) // replaces
	runCLI(t, env, "replies", "set", "--db", db, "--path", "/hooks/*", "--method", "post", "--status", "202", "--header", "X-From: hookscope")
	r := runCLI(t, env, "replies", "list", "--db", db)
	if strings.Count(r.stdout, "\n") != 4 || !strings.Contains(r.stdout, "americommerce GetTax") || !strings.Contains(r.stdout, "POST /hooks/*") {
		t.Fatalf("list: %s", r.stdout)
	}
	exported := runCLI(t, env, "replies", "export", "--db", db).stdout
	file := filepath.Join(dir, "rules.toml")
	os.WriteFile(file, []byte(exported), 0o600)
	fresh := filepath.Join(dir, "fresh.db")
	if r := runCLI(t, env, "replies", "import", file, "--db", fresh); r.code != 0 {
		t.Fatalf("import: %+v", r)
	}
	if again := runCLI(t, env, "replies", "export", "--db", fresh).stdout; again != exported {
		t.Fatalf("import did not reproduce the rules:\n%s\nvs\n%s", exported, again)
	}
	if r := runCLI(t, env, "replies", "reset", "--db", fresh, "--provider", "americommerce", "--topic", "GetTax"); r.code != 0 {
		t.Fatalf("reset: %+v", r)
	}
	if r := runCLI(t, env, "replies", "list", "--db", fresh); strings.Contains(r.stdout, "GetTax") {
		t.Fatalf("reset left the rule: %s", r.stdout)
	}
	for _, args := range [][]string{
		{"replies"}, {"replies", "bogus"}, {"replies", "set", "--topic", "GetTax"}, {"replies", "set", "--provider", "acme"},
		{"replies", "set", "--status", "42"}, {"replies", "set", "--header", "nocolon"},
	} {
		if r := runCLI(t, env, append(args, "--db", db)...); r.code != 2 {
			t.Errorf("%v: exit %d (%s)", args, r.code, r.stderr)
		}
	}
}
