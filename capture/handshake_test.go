package capture_test

import (
	"context"
	"crypto/ed25519"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"io"
	"net/http"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/hookscope/hookscope/capture"
	"github.com/hookscope/hookscope/capture/capturetest"
	"github.com/hookscope/hookscope/capture/reply"
	"github.com/hookscope/hookscope/capture/store"
	"github.com/hookscope/hookscope/decode"
	"github.com/hookscope/hookscope/decode/registry"
	"github.com/hookscope/hookscope/fixtures"
)

// handshakeServer is hookscope's capture path as serve runs it: analysis
// and the reply from one request, the documented defaults as the rules.
func handshakeServer(t *testing.T, secrets map[string][][]byte) (*capturetest.Server, *store.Store) {
	t.Helper()
	st, err := store.Open(context.Background(), filepath.Join(t.TempDir(), "h.db"), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	a, err := registry.New(nil, secrets)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() }) // after the server's shutdown
	srv := capture.New(st, capture.WithAnalyzer(a), capture.WithRequestReplier(reply.RequestResponder(reply.Defaults{})))
	return capturetest.Start(t, srv), st
}

type answer struct {
	status int
	header http.Header
	body   string
}

func do(t *testing.T, method, url string, h http.Header, body string) answer {
	t.Helper()
	req, _ := http.NewRequest(method, url, strings.NewReader(body))
	for k, v := range h {
		req.Header[k] = v
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return answer{resp.StatusCode, resp.Header, string(b)}
}

func hexHMAC(key, msg string) string {
	m := hmac.New(sha256.New, []byte(key))
	m.Write([]byte(msg))
	return hex.EncodeToString(m.Sum(nil))
}

func TestSlackURLVerificationEchoesTheChallenge(t *testing.T) {
	f, err := fixtures.Get("slack/url_verification")
	if err != nil {
		t.Fatal(err)
	}
	ts, _ := handshakeServer(t, map[string][][]byte{"slack": {[]byte("slack-signing-secret")}})
	h := f.Headers.Clone()
	p, _ := registry.Lookup("slack")
	p.Signature().Sign(h, f.Body, []byte("slack-signing-secret"))
	got := do(t, "POST", ts.URL+f.Path, h, string(f.Body))
	want := decode.JSONString(f.Body, "challenge")
	if got.status != 200 || got.body != want || want == "" || !strings.HasPrefix(got.header.Get("Content-Type"), "text/plain") {
		t.Errorf("url_verification answered %d %q (%s); want 200 with the challenge %q as text/plain", got.status, got.body, got.header.Get("Content-Type"), want)
	}
	// Other Slack deliveries keep the plain default.
	f, _ = fixtures.Get("slack/app_mention")
	if got := do(t, "POST", ts.URL+f.Path, f.Headers, string(f.Body)); got.status != 200 || got.body != `{"ok":true}` {
		t.Errorf("an event_callback got %d %q", got.status, got.body)
	}
}

func TestTwitchCallbackVerificationAnswersTheChallengeWhenSigned(t *testing.T) {
	const secret = "twitch-secret-0123"
	ts, st := handshakeServer(t, map[string][][]byte{"twitch": {[]byte(secret)}})
	body := `{"challenge":"pogchamp-kappa-360noscope-vohiyo","subscription":{"type":"channel.follow"}}`
	stamp := time.Now().UTC().Format(time.RFC3339Nano)
	h := http.Header{"Content-Type": {"application/json"}, "Twitch-Eventsub-Message-Id": {"e76c6bd4-55c9-4987-8304-da1588d8988b"},
		"Twitch-Eventsub-Message-Timestamp": {stamp}, "Twitch-Eventsub-Message-Type": {"webhook_callback_verification"},
		"Twitch-Eventsub-Message-Signature": {"sha256=" + hexHMAC(secret, "e76c6bd4-55c9-4987-8304-da1588d8988b"+stamp+body)}}
	got := do(t, "POST", ts.URL+"/twitch", h, body)
	if got.status != 200 || got.body != "pogchamp-kappa-360noscope-vohiyo" || !strings.HasPrefix(got.header.Get("Content-Type"), "text/plain") {
		t.Errorf("signed challenge: %+v", got)
	}
	h.Set("Twitch-Eventsub-Message-Signature", "sha256="+hexHMAC("another-secret", "x"))
	if got := do(t, "POST", ts.URL+"/twitch", h, body); got.status != http.StatusForbidden || strings.Contains(got.body, "pogchamp") {
		t.Errorf("badly signed challenge: %+v", got)
	}
	ds, err := st.List(context.Background(), store.Filter{}, 0, 10)
	if err != nil || len(ds) != 2 || !strings.HasPrefix(ds[len(ds)-1].ReplyRule, "handshake twitch webhook_callback_verification") {
		t.Errorf("recorded replies: %v %v", err, ds)
	}
}

func TestZoomURLValidationEncryptsThePlainToken(t *testing.T) {
	body := `{"payload":{"plainToken":"qgg8vlvZRS6UYooatFL8Aw"},"event_ts":1654503849680,"event":"endpoint.url_validation"}`
	stamp := strconv.FormatInt(time.Now().Unix(), 10)
	h := http.Header{"Content-Type": {"application/json"}, "X-Zm-Request-Timestamp": {stamp},
		"X-Zm-Signature": {"v0=" + hexHMAC("zoom_test_secret", "v0:"+stamp+":"+body)}}
	ts, _ := handshakeServer(t, map[string][][]byte{"zoom": {[]byte("zoom_test_secret")}})
	got := do(t, "POST", ts.URL+"/zoom", h, body)
	// encryptedToken: hex HMAC-SHA256 of the plain token keyed with the
	// secret (vectors.md §9, computed with Python hmac).
	want := `{"plainToken":"qgg8vlvZRS6UYooatFL8Aw","encryptedToken":"40a58fc396b81cf5fa0ee7d3431e19801ad5c46f66d6891a405bdb809268503d"}`
	if got.status != 200 || got.body != want || got.header.Get("Content-Type") != "application/json" {
		t.Errorf("url_validation: %+v, want %s", got, want)
	}
	bare, _ := handshakeServer(t, nil)
	if got := do(t, "POST", bare.URL+"/zoom", h, body); got.status != 500 || !strings.Contains(got.body, "set [providers.zoom] secret") ||
		!strings.Contains(got.body, "HOOKSCOPE_ZOOM_SECRET") {
		t.Errorf("url_validation without a secret: %+v", got)
	}
}

func TestDiscordPongsASignedPingAnd401sABadSignature(t *testing.T) {
	pub, priv, _ := ed25519.GenerateKey(nil)
	ts, _ := handshakeServer(t, map[string][][]byte{"discord": {[]byte(hex.EncodeToString(pub))}})
	sign := func(stamp, body string, key ed25519.PrivateKey) http.Header {
		return http.Header{"Content-Type": {"application/json"}, "X-Signature-Timestamp": {stamp},
			"X-Signature-Ed25519": {hex.EncodeToString(ed25519.Sign(key, []byte(stamp+body)))}}
	}
	ping := `{"type":1,"id":"1","application_id":"2","token":"t","version":1}`
	got := do(t, "POST", ts.URL+"/interactions", sign("1700000000", ping, priv), ping)
	if got.status != 200 || got.body != `{"type":1}` || got.header.Get("Content-Type") != "application/json" {
		t.Errorf("signed PING: %+v", got)
	}
	_, other, _ := ed25519.GenerateKey(nil)
	if got := do(t, "POST", ts.URL+"/interactions", sign("1700000000", ping, other), ping); got.status != http.StatusUnauthorized {
		t.Errorf("PING with a bad signature: %+v, want 401", got)
	}
	command := `{"type":2,"id":"3","data":{"name":"hello"}}`
	if got := do(t, "POST", ts.URL+"/interactions", sign("1700000000", command, other), command); got.status != http.StatusUnauthorized {
		t.Errorf("command with a bad signature: %+v, want 401", got)
	}
	if got := do(t, "POST", ts.URL+"/interactions", sign("1700000000", command, priv), command); got.status != 200 {
		t.Errorf("signed command: %+v, want the default reply", got)
	}
	bare, _ := handshakeServer(t, nil)
	if got := do(t, "POST", bare.URL+"/interactions", sign("1700000000", ping, priv), ping); got.status != http.StatusUnauthorized ||
		!strings.Contains(got.body, "set [providers.discord] public_key to the application's public key") {
		t.Errorf("PING without a public key: %+v", got)
	}
}

func TestDropboxChallengeIsEchoedAsPlainText(t *testing.T) {
	ts, _ := handshakeServer(t, nil)
	got := do(t, "GET", ts.URL+"/webhooks/dropbox?challenge=TaC0jx7sWZwcb", nil, "")
	if got.status != 200 || got.body != "TaC0jx7sWZwcb" || !strings.HasPrefix(got.header.Get("Content-Type"), "text/plain") ||
		got.header.Get("X-Content-Type-Options") != "nosniff" {
		t.Errorf("challenge: %+v", got)
	}
}

func b64HMAC(key, msg string) string {
	m := hmac.New(sha256.New, []byte(key))
	m.Write([]byte(msg))
	return base64.StdEncoding.EncodeToString(m.Sum(nil))
}

// Asana creates a webhook only when the first request's X-Hook-Secret
// comes back in the answer's header; that secret then keys every
// delivery's X-Hook-Signature.
func TestAsanaHandshakeEchoesXHookSecret(t *testing.T) {
	const secret = "b537207f20cbfa02357cf448134da559e8bd39d61597dcd5631b8012eae53e81"
	ts, st := handshakeServer(t, nil)
	got := do(t, "POST", ts.URL+"/receive-webhook/7654", http.Header{"X-Hook-Secret": {secret}}, "")
	if got.status != 200 || got.header.Get("X-Hook-Secret") != secret {
		t.Fatalf("handshake answered %d with X-Hook-Secret %q; want 200 echoing it", got.status, got.header.Get("X-Hook-Secret"))
	}
	if note := got.header.Get("X-Hookscope-Note"); !strings.Contains(note, "[providers.asana] secret") || strings.Contains(note, secret) {
		t.Errorf("without a configured secret the note should say what to set, without the secret: %q", note)
	}
	ds, err := st.List(context.Background(), store.Filter{}, 0, 10)
	if err != nil || len(ds) != 1 || ds[0].Provider != "asana" || ds[0].Topic != "handshake" || ds[0].ReplyRule != "handshake asana X-Hook-Secret" {
		t.Fatalf("recorded: %v %+v", err, ds)
	}

	// With that secret configured, the handshake says nothing more and a
	// delivery signed with it verifies.
	ts, st = handshakeServer(t, map[string][][]byte{"asana": {[]byte(secret)}})
	if got := do(t, "POST", ts.URL+"/receive-webhook/7654", http.Header{"X-Hook-Secret": {secret}}, ""); got.status != 200 ||
		got.header.Get("X-Hook-Secret") != secret || got.header.Get("X-Hookscope-Note") != "" {
		t.Errorf("handshake with the secret configured: %+v", got)
	}
	f, err := fixtures.Get("asana/task-changed")
	if err != nil {
		t.Fatal(err)
	}
	h := f.Headers.Clone()
	h.Set("X-Hook-Signature", hexHMAC(secret, string(f.Body)))
	if got := do(t, "POST", ts.URL+f.Path, h, string(f.Body)); got.status != 200 || got.header.Get("X-Hook-Secret") != "" {
		t.Errorf("a delivery got %+v; want the plain default", got)
	}
	ds, _ = st.List(context.Background(), store.Filter{Provider: "asana", Topic: "task.changed"}, 0, 10)
	if len(ds) != 1 || !strings.Contains(ds[0].Signature, `"status":"valid"`) {
		t.Errorf("the delivery after the handshake: %+v", ds)
	}
}

// Xero's intent to receive sends empty event lists, some signed with the
// webhook key and some not, and wants 200 with no body for the first and
// 401 for the others; its ordinary deliveries get the same contract.
func TestXeroIntentToReceiveAnswers200Or401BySignature(t *testing.T) {
	const key = "OSd0eLlVIY9ZhViEqlDUh4+6n6M+Lo+eDaEJheJ6OCCgWwIz2D3JIAU6jPMipHRbgKTLz2uJ+xiACXGDBLrgdA=="
	itr := `{"events":[],"lastEventSequence":0,"firstEventSequence":0,"entropy":"S0m3r4Nd0mt3xt"}`
	signed := func(body, k string) http.Header {
		return http.Header{"Content-Type": {"application/json; charset=utf-8"}, "X-Xero-Signature": {b64HMAC(k, body)}}
	}
	ts, st := handshakeServer(t, map[string][][]byte{"xero": {[]byte(key)}})
	if got := do(t, "POST", ts.URL+"/xero", signed(itr, key), itr); got.status != 200 || got.body != "" {
		t.Errorf("correctly signed intent to receive: %+v; want 200, no body", got)
	}
	if got := do(t, "POST", ts.URL+"/xero", signed(itr, "another key"), itr); got.status != http.StatusUnauthorized {
		t.Errorf("incorrectly signed intent to receive: %+v; want 401", got)
	}
	f, err := fixtures.Get("xero/contact-update")
	if err != nil {
		t.Fatal(err)
	}
	if got := do(t, "POST", ts.URL+f.Path, signed(string(f.Body), key), string(f.Body)); got.status != 200 || got.body != "" {
		t.Errorf("signed delivery: %+v; want 200, no body", got)
	}
	if got := do(t, "POST", ts.URL+f.Path, signed(string(f.Body), "another key"), string(f.Body)); got.status != http.StatusUnauthorized {
		t.Errorf("badly signed delivery: %+v; want 401", got)
	}
	ds, err := st.List(context.Background(), store.Filter{}, 0, 10)
	if err != nil || len(ds) != 4 {
		t.Fatalf("recorded: %v %d", err, len(ds))
	}
	rules := map[string]bool{}
	for _, d := range ds {
		rules[d.ReplyRule] = true
	}
	for _, want := range []string{"handshake xero intent to receive", "handshake xero intent to receive (bad signature)",
		"handshake xero delivery", "handshake xero delivery (bad signature)"} {
		if !rules[want] {
			t.Errorf("no reply recorded as %q: %v", want, rules)
		}
	}

	// Without the key nothing can be judged: the check is told what to
	// configure, and deliveries keep the default so Xero keeps the hook.
	bare, _ := handshakeServer(t, nil)
	if got := do(t, "POST", bare.URL+"/xero", signed(itr, key), itr); got.status != http.StatusUnauthorized ||
		!strings.Contains(got.body, "set [providers.xero] secret") || !strings.Contains(got.body, "HOOKSCOPE_XERO_SECRET") {
		t.Errorf("intent to receive without a key: %+v", got)
	}
	if got := do(t, "POST", bare.URL+f.Path, signed(string(f.Body), key), string(f.Body)); got.status != 200 {
		t.Errorf("delivery without a key: %+v", got)
	}
}
