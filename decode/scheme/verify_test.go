package scheme

import (
	"bytes"
	"compress/gzip"
	"crypto/hmac"
	"crypto/sha1"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"strings"
	"testing"
	"time"
)

func hmacHex(key, msg string) string {
	m := hmac.New(sha256.New, []byte(key))
	m.Write([]byte(msg))
	return hex.EncodeToString(m.Sum(nil))
}

// stripeAt is a Stripe delivery signed at ts with secret.
func stripeAt(ts time.Time, secret, body string) Input {
	t := ts.Unix()
	h := hdr("Stripe-Signature", "t="+itoa(t)+",v1="+hmacHex(secret, itoa(t)+"."+body))
	return Input{Header: h, Body: []byte(body), Secrets: secrets(secret)}
}

func itoa(n int64) string { return formatTime(time.Unix(n, 0), Seconds) }

func TestStaleJudgedAgainstReceivedAt(t *testing.T) {
	signedAt := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	in := stripeAt(signedAt, "whsec_x", sharedBody)

	// Received a second after signing, looked at a week later: still
	// valid, because nothing in Verify reads the clock.
	in.ReceivedAt = signedAt.Add(time.Second)
	if r := Stripe.Verify(in); r.Status != Valid || !r.Timestamp.Equal(signedAt) {
		t.Fatalf("fresh on arrival: %+v", r)
	}
	// Received an hour after it was signed: stale, with the age.
	in.ReceivedAt = signedAt.Add(time.Hour)
	r := Stripe.Verify(in)
	if r.Status != Stale || !strings.Contains(r.Reason, "1h0m0s before") || !strings.Contains(r.Reason, "5m0s") || r.Secret != 0 {
		t.Fatalf("an hour old: %+v", r)
	}
	// A timestamp from the future beyond tolerance is a wrong clock.
	in.ReceivedAt = signedAt.Add(-10 * time.Minute)
	if r := Stripe.Verify(in); r.Status != Stale || !strings.Contains(r.Reason, "after") {
		t.Fatalf("from the future: %+v", r)
	}
	// Inside the tolerance either way.
	in.ReceivedAt = signedAt.Add(-4 * time.Minute)
	if r := Stripe.Verify(in); r.Status != Valid {
		t.Fatalf("4 min early: %+v", r)
	}
	// Receive time unknown: not judged, and said so.
	in.ReceivedAt = time.Time{}
	if r := Stripe.Verify(in); r.Status != Valid || len(r.Notes) == 0 {
		t.Fatalf("no receive time: %+v", r)
	}
	// A tampered stale delivery is invalid, not stale.
	in.ReceivedAt = signedAt.Add(time.Hour)
	in.Body = []byte(strings.Replace(sharedBody, "evt_1", "evt_2", 1))
	if r := Stripe.Verify(in); r.Status != Invalid {
		t.Fatalf("tampered and old: %+v", r)
	}
}

func TestStaleUnits(t *testing.T) {
	// Twitch (RFC 3339, 10 min), HubSpot (ms, 5 min): the published and
	// computed vectors received 11 and 6 minutes late.
	tw := vectorNamed(t, "twitch").input()
	tw.ReceivedAt = tw.ReceivedAt.Add(11 * time.Minute)
	if r := Twitch.Verify(tw); r.Status != Stale {
		t.Fatalf("twitch: %+v", r)
	}
	hs := vectorNamed(t, "hubspot").input()
	hs.ReceivedAt = hs.ReceivedAt.Add(6 * time.Minute)
	if r := HubSpot.Verify(hs); r.Status != Stale {
		t.Fatalf("hubspot: %+v", r)
	}
	// Linear's timestamp is in the body, in milliseconds.
	body := `{"type":"Issue","webhookTimestamp":1700000000000}`
	in := Input{Header: hdr("Linear-Signature", hmacHex(sharedSecret, body)), Body: []byte(body), Secrets: secrets(sharedSecret),
		ReceivedAt: at1700.Add(30 * time.Second)}
	if r := Linear.Verify(in); r.Status != Valid {
		t.Fatalf("linear fresh: %+v", r)
	}
	in.ReceivedAt = at1700.Add(2 * time.Minute)
	if r := Linear.Verify(in); r.Status != Stale {
		t.Fatalf("linear 2 min: %+v", r)
	}
}

func TestRotationSaysWhichSecretMatched(t *testing.T) {
	in := stripeAt(at1700, "whsec_new", sharedBody)
	in.ReceivedAt = at1700
	in.Secrets = secrets("whsec_old", "whsec_new")
	if r := Stripe.Verify(in); r.Status != Valid || r.Secret != 1 {
		t.Fatalf("second secret: %+v", r)
	}
	in.Secrets = secrets("whsec_old", "whsec_older")
	if r := Stripe.Verify(in); r.Status != Invalid || r.Secret != -1 {
		t.Fatalf("neither: %+v", r)
	}
}

func TestMultiSignatureSaysWhichMatched(t *testing.T) {
	ts := itoa(at1700.Unix())
	good := hmacHex("whsec_b", ts+"."+sharedBody)
	// Stripe during a roll: the old secret's v1, then the new one; v0 and
	// an undecodable v1 are skipped.
	in := Input{Header: hdr("Stripe-Signature", "t="+ts+",v1="+hmacHex("whsec_a", ts+"."+sharedBody)+",v0=abc,v1=bad_signature,v1="+good),
		Body: []byte(sharedBody), ReceivedAt: at1700, Secrets: secrets("whsec_b")}
	if r := Stripe.Verify(in); r.Status != Valid || r.Signature != 2 || r.Signatures != 3 {
		t.Fatalf("stripe: %+v", r)
	}
	// Standard Webhooks, from the reference library's multi-sig test.
	v := vectorNamed(t, "standard-webhooks")
	sw := v.input()
	bad := "v1,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc="
	sw.Header.Set("webhook-signature", bad+" v2,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc= "+v.header.Get("webhook-signature")+" "+bad)
	if r := StandardWebhooks.Verify(sw); r.Status != Valid || r.Signature != 1 || r.Signatures != 3 {
		t.Fatalf("standard webhooks: %+v", r)
	}
	// PagerDuty: comma-separated v1= list.
	pd := Input{Header: hdr("X-PagerDuty-Signature", "v1="+hmacHex("other", sharedBody)+",v1="+sharedHex), Body: []byte(sharedBody),
		Secrets: secrets(sharedSecret)}
	if r := PagerDuty.Verify(pd); r.Status != Valid || r.Signature != 1 {
		t.Fatalf("pagerduty: %+v", r)
	}
}

func TestURLSchemesConfiguredAndRebuilt(t *testing.T) {
	v := vectorNamed(t, "square-2")
	// Rebuilt from Host and X-Forwarded-Proto, as behind ngrok.
	h := hdr("X-Forwarded-Proto", "https")
	u, src := PublicURL("", h, "webhook.site", "/webhooks")
	in := v.input()
	in.URL, in.URLFrom = u, src
	r := Square.Verify(in)
	if r.Status != Valid || r.URL != "https://webhook.site/webhooks" || r.URLFrom != URLRebuilt || !strings.Contains(strings.Join(r.Notes, " "), "rebuilt") {
		t.Fatalf("rebuilt: %+v", r)
	}
	// Configured public_url.
	in.URL, in.URLFrom = PublicURL("https://webhook.site/", nil, "127.0.0.1:8080", "/webhooks")
	if r := Square.Verify(in); r.Status != Valid || r.URLFrom != URLConfigured || len(r.Notes) != 0 {
		t.Fatalf("configured: %+v", r)
	}
	// The tunnel did not pass X-Forwarded-Proto: the rebuilt URL is
	// http://, and the reason names the URL signed and the URL tried.
	in.URL, in.URLFrom = PublicURL("", hdr(), "webhook.site", "/webhooks")
	r = Square.Verify(in)
	if r.Status != Invalid || !strings.Contains(r.Reason, "signed https://webhook.site/webhooks") ||
		!strings.Contains(r.Reason, "tried http://webhook.site/webhooks") || !strings.Contains(r.Reason, "rebuilt from Host") {
		t.Fatalf("http rebuilt: %+v", r)
	}
	// A wrong configured URL that is no near miss: named, with its source.
	in.URL, in.URLFrom = "https://elsewhere.example/hooks", URLConfigured
	r = Square.Verify(in)
	if r.Status != Invalid || !strings.Contains(r.Reason, "https://elsewhere.example/hooks (from public_url)") {
		t.Fatalf("wrong configured: %+v", r)
	}
	// No URL at all.
	in.URL = ""
	if r := Square.Verify(in); r.Status != Invalid || !strings.Contains(r.Reason, "public_url") {
		t.Fatalf("no url: %+v", r)
	}
}

func TestMissingMalformedNoSecret(t *testing.T) {
	cases := []struct {
		name   string
		spec   *Spec
		in     Input
		status Status
		reason string
	}{
		{"no header", &GitHub, Input{Body: []byte("x"), Secrets: secrets("s")}, Missing, "X-Hub-Signature-256 or X-Hub-Signature"},
		{"no secret", &Stripe, Input{Header: hdr("Stripe-Signature", "t=1,v1=00"), Body: []byte("x")}, NoSecret, "no secret"},
		{"no public key", &Discord, Input{Header: hdr("X-Signature-Ed25519", "00")}, NoSecret, "public key"},
		{"pair without =", &Stripe, Input{Header: hdr("Stripe-Signature", "v1,t=1"), Secrets: secrets("s")}, Malformed, "key=value"},
		{"no v1", &Stripe, Input{Header: hdr("Stripe-Signature", "t=1,v0=abc"), Secrets: secrets("s")}, Malformed, "no v1="},
		{"no t", &Stripe, Input{Header: hdr("Stripe-Signature", "v1="+sharedHex), Secrets: secrets("s")}, Malformed, "no t= timestamp"},
		{"timestamp header missing", &Slack, Input{Header: hdr("X-Slack-Signature", "v0="+sharedHex), Secrets: secrets("s")}, Malformed,
			"X-Slack-Request-Timestamp header is missing"},
		{"id header missing", &StandardWebhooks, Input{Header: hdr("webhook-signature", "v1,"+sharedB64, "webhook-timestamp", "1"),
			Secrets: secrets("whsec_AAAA")}, Malformed, "webhook-id header is missing"},
		{"only v1a", &StandardWebhooks, Input{Header: hdr("webhook-signature", "v1a,"+sharedB64, "webhook-id", "m", "webhook-timestamp", "1"),
			Secrets: secrets("whsec_AAAA")}, Malformed, "only v1a"},
		{"not hex", &GitHub, Input{Header: hdr("X-Hub-Signature-256", "sha256=zz"), Secrets: secrets("s")}, Malformed,
			"32-byte HMAC-SHA256 in hex (64 characters)"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := c.spec.Verify(c.in)
			if r.Status != c.status || !strings.Contains(r.Reason, c.reason) {
				t.Fatalf("got %s %q, want %s with %q", r.Status, r.Reason, c.status, c.reason)
			}
		})
	}
}

// Each usual mistake is found by a real comparison and named.
func TestDiagnoses(t *testing.T) {
	signGitHub := func(secret string, body []byte) string { return "sha256=" + hmacHex(secret, string(body)) }
	body := []byte("{\"a\": 1,\n \"b\": [1, 2]}\n")
	var gz bytes.Buffer
	w := gzip.NewWriter(&gz)
	w.Write(body)
	w.Close()
	var compact bytes.Buffer
	json.Compact(&compact, body)
	sha1Mac := hmac.New(sha1.New, []byte("s"))
	sha1Mac.Write(body)
	hexInB64 := base64.StdEncoding.EncodeToString([]byte(hmacHex("s", string(body))))
	// A Standard Webhooks secret and the sender's mistakes with it.
	swSecret := "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
	swHeaders := func(key string) Input {
		msg := "msg_1.1614265330." + string(body)
		m := hmac.New(sha256.New, []byte(key))
		m.Write([]byte(msg))
		return Input{Header: hdr("webhook-id", "msg_1", "webhook-timestamp", "1614265330",
			"webhook-signature", "v1,"+base64.StdEncoding.EncodeToString(m.Sum(nil))), Body: body, Secrets: secrets(swSecret),
			ReceivedAt: time.Unix(1614265330, 0)}
	}
	stripe := stripeAt(at1700, "whsec_abc", string(body))
	stripe.ReceivedAt = at1700
	stripeStripped := stripe
	stripeStripped.Secrets = secrets("abc")
	stripeKept := stripeAt(at1700, "abc", string(body))
	stripeKept.ReceivedAt, stripeKept.Secrets = at1700, secrets("whsec_abc")
	notB64 := swHeaders("x")
	notB64.Secrets = secrets("whsec_not base64!")

	cases := []struct {
		name   string
		spec   *Spec
		in     Input
		reason string
	}{
		{"newline added", &GitHub, Input{Header: hdr("X-Hub-Signature-256", signGitHub("s", bytes.TrimSpace(body))), Body: body,
			Secrets: secrets("s")}, "trailing newline was added"},
		{"newline removed", &GitHub, Input{Header: hdr("X-Hub-Signature-256", signGitHub("s", append(append([]byte{}, body...), '\n'))),
			Body: body, Secrets: secrets("s")}, "trailing newline was removed"},
		{"secret whitespace", &GitHub, Input{Header: hdr("X-Hub-Signature-256", signGitHub("s", body)), Body: body,
			Secrets: secrets("s\n")}, "leading or trailing whitespace"},
		{"decoded body signed", &GitHub, Input{Header: hdr("X-Hub-Signature-256", signGitHub("s", body), "Content-Encoding", "gzip"),
			Body: gz.Bytes(), Decoded: body, Secrets: secrets("s")}, "decoded body, not the bytes received (Content-Encoding gzip)"},
		{"re-serialised", &GitHub, Input{Header: hdr("X-Hub-Signature-256", signGitHub("s", compact.Bytes())), Body: body,
			Secrets: secrets("s")}, "re-serialised"},
		{"sha1 in a sha256 header", &Bitbucket, Input{Header: hdr("X-Hub-Signature", "sha1="+hex.EncodeToString(sha1Mac.Sum(nil))),
			Body: body, Secrets: secrets("s")}, "this is an HMAC-SHA1, but Bitbucket signs X-Hub-Signature with HMAC-SHA256 (the header says sha1="},
		{"hex wrapped in base64", &Shopify, Input{Header: hdr("X-Shopify-Hmac-Sha256", hexInB64), Body: body, Secrets: secrets("s")},
			"hex text wrapped in base64"},
		{"whsec_ stripped (Stripe)", &Stripe, stripeStripped, "whsec_ prefix was stripped"},
		{"whsec_ kept where the sender drops it", &Stripe, stripeKept, "without its whsec_ prefix"},
		{"Standard Webhooks secret used as text", &StandardWebhooks, swHeaders(swSecret), "secret's text, whsec_ included"},
		{"Standard Webhooks secret not base64", &StandardWebhooks, notB64, "after whsec_ it must be base64"},
		{"wrong secret", &GitHub, Input{Header: hdr("X-Hub-Signature-256", signGitHub("t", body)), Body: body, Secrets: secrets("s")},
			"the secret is wrong, or the body was changed"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := c.spec.Verify(c.in)
			if r.Status != Invalid || !strings.Contains(r.Reason, c.reason) {
				t.Fatalf("got %s %q, want invalid with %q", r.Status, r.Reason, c.reason)
			}
		})
	}
}

// A verdict never carries the secret or the whole expected signature.
func TestResultRevealsAtMostAPrefix(t *testing.T) {
	body := []byte(sharedBody + "x")
	in := Input{Header: hdr("X-Hub-Signature-256", "sha256="+sharedHex), Body: body, Secrets: secrets(sharedSecret)}
	r := GitHub.Verify(in)
	want := hmacHex(sharedSecret, string(body))
	out, _ := json.Marshal(r)
	if r.Status != Invalid || r.Expected != want[:8]+"…" || r.Received != sharedHex[:8]+"…" {
		t.Fatalf("%+v", r)
	}
	if bytes.Contains(out, []byte(want[:9])) || bytes.Contains(out, []byte(sharedSecret)) {
		t.Fatalf("result reveals too much: %s", out)
	}
}

// A signature that arrives in the other encoding still verifies (decoding
// is tolerant) and the result says which arrived.
func TestEncodingSeenReported(t *testing.T) {
	in := Input{Header: hdr("X-Shopify-Hmac-Sha256", sharedHex), Body: []byte(sharedBody), Secrets: secrets(sharedSecret)}
	r := Shopify.Verify(in)
	if r.Status != Valid || r.Encoding != Hex || !strings.Contains(strings.Join(r.Notes, " "), "documents base64") {
		t.Fatalf("%+v", r)
	}
}

func TestGitLabTokenAndSignedHeaders(t *testing.T) {
	in := Input{Header: hdr("X-Gitlab-Token", "tok"), Secrets: secrets("other", "tok")}
	if r := GitLab.Verify(in); r.Status != Valid || r.Secret != 1 {
		t.Fatalf("token: %+v", r)
	}
	in.Secrets = secrets(" tok ")
	if r := GitLab.Verify(in); r.Status != Invalid || !strings.Contains(r.Reason, "whitespace") {
		t.Fatalf("token whitespace: %+v", r)
	}
	// Without a token, the Standard Webhooks headers are checked.
	v := vectorNamed(t, "standard-webhooks")
	sw := v.input()
	if r := GitLab.Verify(sw); r.Status != Valid || r.Scheme != "gitlab-signed" {
		t.Fatalf("signed: %+v", r)
	}
}
