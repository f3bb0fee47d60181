package scheme

import (
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"
)

// Every HMAC scheme re-signs a delivery so that the same Verify a receiver
// runs accepts it, with a fresh timestamp judged at the signing time.
func TestSignVerifyRoundTripEveryHMACScheme(t *testing.T) {
	now := time.Date(2026, 5, 1, 9, 30, 0, 123456789, time.UTC)
	target := "https://app.example:8443/hooks/in?x=1"
	for id, s := range Builtins {
		for _, sp := range append([]Spec{*s}, s.Alternates...) {
			t.Run(id+"/"+sp.ID+"/"+sp.Header, func(t *testing.T) {
				secret := []byte("hush-0123456789-topsecret")
				if sp.key() == WhsecKey {
					secret = []byte("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")
				}
				h := http.Header{}
				body := []byte(`{"id":"evt_1","type":"test","webhookTimestamp":` + itoa(now.UnixMilli()) + `}`)
				if sp.ID == "twilio" {
					h.Set("Content-Type", form)
					body = []byte("MessageStatus=delivered&To=%2B15551234567")
				}
				if sp.Header != s.Header && sp.Header != "" {
					h.Set(sp.Header, "captured") // the alternate spelling the capture had
				}
				edits, err := s.Sign(SignInput{Method: "POST", URL: target, Header: h, Body: body, Secret: secret, Now: now})
				switch {
				case sp.Algorithm.Asymmetric():
					if !errors.Is(err, ErrCannotResign) {
						t.Fatalf("asymmetric: err = %v", err)
					}
					return
				case sp.Header == "":
					if err == nil || !strings.Contains(err.Error(), "inside the body") {
						t.Fatalf("body-signed: err = %v", err)
					}
					return
				case err != nil:
					t.Fatal(err)
				}
				for k, v := range edits {
					h[k] = v
				}
				r := sp.Verify(Input{Method: "POST", URL: target, URLFrom: URLConfigured, Header: h, Body: body,
					ReceivedAt: now.Add(time.Second), Secrets: [][]byte{secret}})
				if r.Status != Valid || r.Scheme != sp.ID {
					t.Fatalf("re-signed delivery: %+v (edits %v)", r, edits)
				}
				// The timestamp is fresh: the delivery is stale when
				// received past the tolerance.
				if sp.Tolerance > 0 && sp.TimestampJSON == "" {
					late := sp.Verify(Input{Method: "POST", URL: target, Header: h, Body: body, ReceivedAt: now.Add(sp.Tolerance + time.Minute),
						Secrets: [][]byte{secret}})
					if late.Status != Stale {
						t.Fatalf("late: %+v", late)
					}
				}
			})
		}
	}
}

func TestSignKeepsIDAndMakesOneWhenAbsent(t *testing.T) {
	now := time.Unix(1700000000, 0)
	h := hdr("webhook-id", "msg_keep")
	e, err := StandardWebhooks.Sign(SignInput{Header: h, Body: []byte("{}"), Secret: []byte("whsec_AAAA"), Now: now})
	if err != nil || e.Get("webhook-id") != "msg_keep" || e.Get("webhook-timestamp") != "1700000000" {
		t.Fatalf("%v %v", e, err)
	}
	e, _ = StandardWebhooks.Sign(SignInput{Body: []byte("{}"), Secret: []byte("whsec_AAAA"), Now: now})
	if !strings.HasPrefix(e.Get("webhook-id"), "msg_") || len(e.Get("webhook-id")) < 10 {
		t.Fatalf("fresh id: %v", e)
	}
	// svix- spelling in, svix- spelling out.
	e, _ = StandardWebhooks.Sign(SignInput{Header: hdr("svix-signature", "v1,x", "svix-id", "msg_s"), Body: []byte("{}"),
		Secret: []byte("whsec_AAAA"), Now: now})
	if e.Get("svix-signature") == "" || e.Get("webhook-signature") != "" || e.Get("svix-id") != "msg_s" {
		t.Fatalf("svix spelling: %v", e)
	}
	// GitHub refreshes both headers when the capture had both.
	e, _ = GitHub.Sign(SignInput{Header: hdr("X-Hub-Signature", "sha1=x", "X-Hub-Signature-256", "sha256=x"), Body: []byte("{}"),
		Secret: []byte("s"), Now: now})
	if !strings.HasPrefix(e.Get("X-Hub-Signature"), "sha1=") || !strings.HasPrefix(e.Get("X-Hub-Signature-256"), "sha256=") {
		t.Fatalf("github: %v", e)
	}
	if _, err := StandardWebhooks.Sign(SignInput{Body: []byte("{}"), Secret: []byte("whsec_not base64!")}); err == nil ||
		!strings.Contains(err.Error(), "base64") {
		t.Fatalf("bad secret: %v", err)
	}
}

// A Stripe header signed by Sign has the documented shape.
func TestSignStripeShape(t *testing.T) {
	e, err := Stripe.Sign(SignInput{Body: []byte(sharedBody), Secret: []byte(sharedSecret), Now: at1700})
	if err != nil || e.Get("Stripe-Signature") != "t=1700000000,v1="+sharedTSHex {
		t.Fatalf("%v %v", e, err)
	}
	e, _ = Paddle.Sign(SignInput{Body: []byte(paddleBody), Secret: []byte("pdl_ntfset_01hsdn8d43dt7mezr1ef2jtbaw_hKkRiCGyyRhbFwIUuqiTBgI7gnWoV0Gr"),
		Now: time.Unix(1710929255, 0)})
	if e.Get("Paddle-Signature") != "ts=1710929255;h1=6c05ef8fa83c44d751be6d259ec955ce5638e2c54095bf128e408e2fce1589c8" {
		t.Fatalf("paddle: %v", e)
	}
}

func TestConfigSpec(t *testing.T) {
	c := Config{Header: "X-Acme-Signature", Prefix: "sha256=", Algorithm: "hmac-sha256", Encoding: "hex",
		Signed: "{timestamp}.{body}", TimestampHeader: "X-Acme-Timestamp", IDHeader: "X-Acme-Delivery", Tolerance: "5m"}
	s, err := c.Spec("acme", "Acme Payments")
	if err != nil {
		t.Fatal(err)
	}
	h := hdr("X-Acme-Timestamp", "1700000000", "X-Acme-Signature", "sha256="+sharedTSHex)
	in := Input{Header: h, Body: []byte(sharedBody), Secrets: secrets(sharedSecret), ReceivedAt: at1700}
	if r := s.Verify(in); r.Status != Valid {
		t.Fatalf("valid: %+v", r)
	}
	in.Body = []byte(sharedBody + " ")
	if r := s.Verify(in); r.Status != Invalid {
		t.Fatalf("invalid: %+v", r)
	}
	bad := []struct {
		mod  func(*Config)
		want string
	}{
		{func(c *Config) { c.Algorithm = "hmac-md5" }, `algorithm: unknown "hmac-md5"`},
		{func(c *Config) { c.Algorithm = "ed25519" }, `algorithm: unknown "ed25519"`},
		{func(c *Config) { c.Encoding = "base32" }, `encoding: unknown "base32"`},
		{func(c *Config) { c.Header = "" }, "header: missing"},
		{func(c *Config) { c.Signed = "{timestamp}.{bdy}" }, "signed: unknown part {bdy}"},
		{func(c *Config) { c.Signed = "{body" }, "signed: unclosed"},
		{func(c *Config) { c.TimestampHeader = "" }, "signed: uses {timestamp} but timestamp_header is not set"},
		{func(c *Config) { c.Signed, c.IDHeader = "{id}.{body}", "" }, "signed: uses {id} but id_header is not set"},
		{func(c *Config) { c.Tolerance = "5 minutes" }, `tolerance: "5 minutes" is not a duration`},
		{func(c *Config) { c.TimestampUnit = "hours" }, `timestamp_unit: unknown "hours"`},
	}
	for _, b := range bad {
		c2 := c
		b.mod(&c2)
		if _, err := c2.Spec("acme", "Acme"); err == nil || !strings.Contains(err.Error(), b.want) {
			t.Errorf("%+v: err = %v, want %q", c2, err, b.want)
		}
	}
}
