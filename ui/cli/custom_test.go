package cli

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/hookscope/hookscope/capture"
	"github.com/hookscope/hookscope/capture/capturetest"
	"github.com/hookscope/hookscope/capture/store"
	"github.com/hookscope/hookscope/decode/registry"
)

// acmeConfig defines a custom provider the way the README shows.
const acmeConfig = `
[providers.acme]
name = "Acme Payments"
match = { header = "X-Acme-Event" }
topic = { json = "event.type" }
secret = "acme-capture-secret"

[providers.acme.signature]
header = "X-Acme-Signature"
prefix = "sha256="
algorithm = "hmac-sha256"
encoding = "hex"
signed = "{timestamp}.{body}"
timestamp_header = "X-Acme-Timestamp"
tolerance = "5m"
`

// acmeSign is how Acme signs, written out independently of hookscope's
// engine: hex HMAC-SHA256 of timestamp + "." + body, prefixed sha256=.
func acmeSign(secret, ts string, body []byte) string {
	m := hmac.New(sha256.New, []byte(secret))
	m.Write([]byte(ts + "." + string(body)))
	return "sha256=" + hex.EncodeToString(m.Sum(nil))
}

func customConfig(t *testing.T, text string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "hookscope.toml")
	if err := os.WriteFile(p, []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { registry.SetCustom(nil) })
	return p
}

// TestCustomProviderCapturedVerifiedFilteredAndReplayedResigned is the
// user's path with a custom provider: deliveries shaped and signed like
// Acme's are captured as acme with their topic and a valid signature, a
// tampered one is invalid with a reason, list and replay take --provider
// acme, and a re-signed replay verifies at an app with its own secret.
func TestCustomProviderCapturedVerifiedFilteredAndReplayedResigned(t *testing.T) {
	cfg := customConfig(t, acmeConfig)
	env := map[string]string{"HOME": t.TempDir()}
	db := filepath.Join(t.TempDir(), "h.db")
	ts := annotatedCaptureServerConfig(t, db, env, cfg)

	body := []byte(`{"id":"evt_1","event":{"type":"payment.settled","amount":"12.50"}}`)
	stamp := strconv.FormatInt(time.Now().Unix(), 10)
	post := func(b []byte, sig string) {
		t.Helper()
		req, _ := http.NewRequest("POST", ts.URL+"/hooks/acme", bytes.NewReader(b))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("X-Acme-Event", "payment")
		req.Header.Set("X-Acme-Timestamp", stamp)
		req.Header.Set("X-Acme-Signature", sig)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
	}
	post(body, acmeSign("acme-capture-secret", stamp, body))
	post(bytes.Replace(body, []byte("12.50"), []byte("92.50"), 1), acmeSign("acme-capture-secret", stamp, body))

	r := runCLI(t, env, "list", "--db", db, "--json", "--provider", "acme", "--config", cfg)
	if r.code != 0 {
		t.Fatalf("list --provider acme: %+v", r)
	}
	type row struct {
		ID, Provider, Topic, Summary string
		Signature                    struct{ Status, Reason string }
	}
	var rows []row
	for _, l := range strings.Split(strings.TrimSpace(r.stdout), "\n") {
		var j row
		if err := json.Unmarshal([]byte(l), &j); err != nil {
			t.Fatalf("list line %q: %v", l, err)
		}
		rows = append(rows, j)
	}
	if len(rows) != 2 {
		t.Fatalf("%d acme deliveries, want 2: %s", len(rows), r.stdout)
	}
	valid, tampered := rows[0], rows[1] // in the order received
	if valid.Provider != "acme" || valid.Topic != "payment.settled" || valid.Signature.Status != "valid" ||
		valid.Summary != "Acme Payments · payment.settled" {
		t.Errorf("signed acme delivery: %+v", valid)
	}
	if tampered.Signature.Status != "invalid" || !strings.Contains(tampered.Signature.Reason, "body") {
		t.Errorf("tampered acme delivery: %+v", tampered)
	}
	if strings.Contains(r.stdout, "acme-capture-secret") {
		t.Error("the secret is in list output")
	}

	// Re-signed replay: the app has its own secret, given to replay with
	// --secret-env; what arrives verifies with Acme's scheme and a fresh
	// timestamp.
	env["APP_SECRET"] = "acme-app-secret"
	app, reqs, bodies := appServer(t, 200)
	rr := runCLI(t, env, "replay", "--provider", "acme", "--signature", "valid", "--since", "1h", "--db", db,
		"--to", app.URL, "--secret-env", "APP_SECRET", "--config", cfg)
	if rr.code != 0 || len(reqs()) != 1 {
		t.Fatalf("replay --provider acme: %+v, %d requests", rr, len(reqs()))
	}
	got := reqs()[0]
	newStamp := got.Header.Get("X-Acme-Timestamp")
	if want := acmeSign("acme-app-secret", newStamp, bodies()[0]); got.Header.Get("X-Acme-Signature") != want {
		t.Errorf("re-signed replay: signature %q, want %q", got.Header.Get("X-Acme-Signature"), want)
	}
	if n, _ := strconv.ParseInt(newStamp, 10, 64); time.Since(time.Unix(n, 0)) > time.Minute {
		t.Errorf("re-signed replay kept an old timestamp %q", newStamp)
	}
	if !bytes.Equal(bodies()[0], body) {
		t.Errorf("replayed body changed: %s", bodies()[0])
	}
}

// annotatedCaptureServerConfig is annotatedCaptureServer with a config
// file.
func annotatedCaptureServerConfig(t *testing.T, db string, env map[string]string, cfg string, flags ...func(*options)) *capturetest.Server {
	t.Helper()
	o := newOptions(func(k string) string { return env[k] })
	o.configPath = cfg
	for _, f := range flags {
		f(o)
	}
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

func TestCustomProviderConfigErrorsNameTheKeyAndLine(t *testing.T) {
	for _, c := range []struct{ text, want string }{
		{"[providers.stripe]\nname = \"Mine\"\nmatch = { header = \"X-Mine\" }\n",
			"line 1: [providers.stripe]: stripe is a built-in provider"},
		{"[providers.acme]\nname = \"Acme\"\n", "line 1: [providers.acme] match: missing"},
		{"[providers.acme]\nname = \"Acme\"\n\nmatch = { path_prefix = \"hooks\" }\n",
			"line 4: [providers.acme] match.path_prefix: must start with /"},
		{"[providers.acme]\nmatch.header = \"X Acme\"\n", "line 2: [providers.acme] match.header: not a header name"},
		{"[providers.acme]\nmatch = { header = \"X-A\" }\ntopic = { header = \"X-T\", json = \"type\" }\n",
			"line 3: [providers.acme] topic: set header or json, not both"},
		{"[providers.acme]\nmatch = { header = \"X-A\" }\n[providers.acme.signature]\nheader = \"X-Sig\"\nencoding = \"hex\"\nalgorithm = \"md5\"\n",
			"line 6: [providers.acme] signature.algorithm: unknown \"md5\""},
		{"[providers.acme]\nmatch = { header = \"X-A\" }\n[providers.acme.signature]\nheader = \"X-Sig\"\nalgorithm = \"hmac-sha256\"\n",
			"line 3: [providers.acme] signature.encoding: missing (want hex or base64)"},
		{"[providers.acme]\nmatch = { header = \"X-A\" }\n[providers.acme.signature]\nheader = \"X-Sig\"\nalgorithm = \"hmac-sha256\"\nencoding = \"hex\"\nsigned = \"{timestamp}.{body}\"\n",
			"line 7: [providers.acme] signature.signed: uses {timestamp} but timestamp_header is not set"},
		{"[providers.acme]\nmatch = { header = \"X-A\" }\n[providers.acme.signature]\nheader = \"X-Sig\"\nalgorithm = \"hmac-sha256\"\nencoding = \"hex\"\ntimestamp_header = \"X-T\"\ntolerance = \"soon\"\n",
			"line 8: [providers.acme] signature.tolerance: \"soon\" is not a duration"},
		{"[providers.acme]\nmatch = { header = \"X-A\" }\n[providers.acme.signature]\nheader = \"X-Sig\"\nalgo = \"hmac-sha256\"\n",
			"unknown key under [providers.acme.signature]"},
		{"[providers.acme]\nmatch = { header = \"X-A\" }\n[providers.acme.signature]\nheader = \"X-Sig\"\nalgorithm = \"ed25519\"\nencoding = \"hex\"\n",
			"signature.algorithm: unknown \"ed25519\""},
		{"[providers.acme]\nsecret = \"hunter2-hunter2\"\n", "unknown provider"},
		{"[providers.twilio]\npublic_url = \"abc.ngrok.app\"\n", "line 2: [providers.twilio] public_url must be an http:// or https:// URL"},
		{"public_url = \"https://abc.ngrok.app/?x=1\"\n", "line 1: public_url must not have a query"},
	} {
		cfg := customConfig(t, c.text)
		r := runCLI(t, tempEnv(t), "--config", cfg, "list")
		if r.code == 0 || !strings.Contains(r.stderr, c.want) {
			t.Errorf("config %q:\n got %q\nwant %q", c.text, r.stderr, c.want)
		}
		if strings.Contains(r.stderr, "hunter2") {
			t.Errorf("config %q: the secret is in the error %q", c.text, r.stderr)
		}
	}
}

// TestTwilioSentAndCapturedWithAndWithoutPublicURL: send signs Twilio's
// fixture for the URL Twilio would call, capture and show verify it:
// without public_url against the URL rebuilt from Host (and say so), with
// public_url against that URL.
func TestTwilioSentAndCapturedWithAndWithoutPublicURL(t *testing.T) {
	for _, c := range []struct{ config, note string }{
		{"[providers.twilio]\nsecret = \"twilio-auth-token\"\n", "rebuilt from Host and X-Forwarded-Proto"},
		{"public_url = \"https://elsewhere.example\"\n[providers.twilio]\nsecret = \"twilio-auth-token\"\npublic_url = \"https://abc.ngrok.app/tunnel\"\n", ""},
	} {
		cfg := customConfig(t, c.config)
		env := map[string]string{"HOME": t.TempDir()}
		db := filepath.Join(t.TempDir(), "h.db")
		ts := annotatedCaptureServerConfig(t, db, env, cfg)
		r := runCLI(t, env, "send", "twilio/sms-received", "--to", ts.URL, "--config", cfg)
		if r.code != 0 || !strings.Contains(r.stderr, "signed: ") {
			t.Fatalf("send: %+v", r)
		}
		if c.note == "" && !strings.Contains(r.stderr, "for https://abc.ngrok.app/tunnel/webhooks/twilio/sms") {
			t.Errorf("send does not say it signed for the public URL: %s", r.stderr)
		}
		ids := listIDs(t, env, db)
		r = runCLI(t, env, "show", ids[0], "--db", db, "--json", "--config", cfg)
		var shown struct {
			Provider  string
			Signature struct {
				Status string
				Notes  []string
			}
		}
		if err := json.Unmarshal([]byte(r.stdout), &shown); err != nil {
			t.Fatalf("show --json: %v %+v", err, r)
		}
		if shown.Provider != "twilio" || shown.Signature.Status != "valid" {
			t.Errorf("config %q: show %+v", c.config, shown)
		}
		if notes := strings.Join(shown.Signature.Notes, " "); c.note != "" && !strings.Contains(notes, c.note) {
			t.Errorf("config %q: notes %q, want %q", c.config, notes, c.note)
		}
		l := runCLI(t, env, "list", "--db", db, "--json", "--config", cfg)
		if !strings.Contains(l.stdout, `"status":"valid"`) {
			t.Errorf("config %q: captured verdict %s", c.config, l.stdout)
		}
	}
}
