package scheme

import (
	"bytes"
	"testing"
	"time"
)

// BenchmarkVerifyGitHub2KB is the capture-path cost of checking a
// header-identified HMAC scheme (target: a few µs).
func BenchmarkVerifyGitHub2KB(b *testing.B) {
	body := bytes.Repeat([]byte(`{"k":"0123456789abcdef"},`), 2048/25)
	in := Input{Header: hdr("X-Hub-Signature-256", "sha256="+hmacHex("s", string(body))), Body: body,
		Secrets: secrets("s"), ReceivedAt: time.Now()}
	b.ReportAllocs()
	for b.Loop() {
		if r := GitHub.Verify(in); r.Status != Valid {
			b.Fatal(r)
		}
	}
}

// BenchmarkVerifyStripe2KB adds a Pairs header and a timestamp.
func BenchmarkVerifyStripe2KB(b *testing.B) {
	body := bytes.Repeat([]byte(`{"k":"0123456789abcdef"},`), 2048/25)
	in := stripeAt(at1700, "whsec_s", string(body))
	in.ReceivedAt = at1700
	b.ReportAllocs()
	for b.Loop() {
		if r := Stripe.Verify(in); r.Status != Valid {
			b.Fatal(r)
		}
	}
}
