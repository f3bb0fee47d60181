package registry

import (
	"strings"
	"testing"

	"github.com/hookscope/hookscope/decode"
	"github.com/hookscope/hookscope/fixtures"
)

// twilioFor is the Twilio fixture signed, as Twilio does, for the URL it
// called: signedFor followed by the fixture's path.
func twilioFor(t *testing.T, signedFor string) fixtures.Fixture {
	t.Helper()
	f, err := fixtures.Get("twilio/sms-received")
	if err != nil {
		t.Fatal(err)
	}
	p, _ := Lookup("twilio")
	f.Headers = f.Headers.Clone()
	if err := decode.Resign(p.Signature(), "POST", signedFor+f.Path, f.Headers, f.Body, []byte(secret)); err != nil {
		t.Fatal(err)
	}
	return f
}

func TestTwilioVerifiesAgainstPublicURLOrTheRebuiltOne(t *testing.T) {
	twilio := map[string][][]byte{"twilio": {[]byte(secret)}}
	check := func(a *Analyzer, f fixtures.Fixture, host, proto string) decode.Signature {
		r := decode.NewRequest("POST", f.Path, f.Headers.Clone(), f.Body)
		r.Host = host
		if proto != "" {
			r.Header.Set("X-Forwarded-Proto", proto)
		}
		return a.Check(r, a.Detect(r))
	}
	f := twilioFor(t, "https://abc.ngrok.app")

	// public_url at the top level, or for twilio alone: the tunnel's URL,
	// whatever Host the tunnel forwarded with.
	for _, a := range []*Analyzer{
		must(New(nil, twilio, PublicURLs("https://abc.ngrok.app", nil))),
		must(New(nil, twilio, PublicURLs("https://elsewhere.example", map[string]string{"twilio": "https://abc.ngrok.app/"}))),
	} {
		if s := check(a, f, "127.0.0.1:4747", ""); s.Status != decode.SigValid {
			t.Errorf("with public_url: %+v", s)
		}
	}

	// Without: rebuilt from Host and X-Forwarded-Proto, and it says so.
	plain := must(New(nil, twilio))
	s := check(plain, f, "abc.ngrok.app", "https")
	if s.Status != decode.SigValid || !strings.Contains(strings.Join(s.Notes, " "), "rebuilt from Host and X-Forwarded-Proto") {
		t.Errorf("rebuilt URL: %+v", s)
	}

	// A proxy that ends TLS without X-Forwarded-Proto: the URL tried is
	// http://, Twilio signed https://; the reason names both.
	f = twilioFor(t, "https://127.0.0.1:4747")
	s = check(plain, f, "127.0.0.1:4747", "")
	if s.Status != decode.SigInvalid || !strings.Contains(s.Reason, "signed https://127.0.0.1:4747/webhooks/twilio/sms") ||
		!strings.Contains(s.Reason, "tried http://127.0.0.1:4747/webhooks/twilio/sms") {
		t.Errorf("URL mismatch: %+v", s)
	}
	if s := check(must(New(nil, twilio, PublicURLs("https://127.0.0.1:4747", nil))), f, "127.0.0.1:4747", ""); s.Status != decode.SigValid {
		t.Errorf("public_url fixes the mismatch: %+v", s)
	}
	if _, err := New(nil, twilio, PublicURLs("", map[string]string{"nosuch": "https://x"})); err == nil {
		t.Error("public_url for an unknown provider was accepted")
	}
}

func must(a *Analyzer, err error) *Analyzer {
	if err != nil {
		panic(err)
	}
	return a
}
