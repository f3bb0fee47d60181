package decode

import (
	"fmt"
	"net/http"
	"strings"

	"github.com/hookscope/hookscope/decode/scheme"
)

// SpecScheme is a Scheme described by a decode/scheme Spec: how every
// provider added after the first five signs, so their verification,
// diagnosis and re-signing are one engine's.
type SpecScheme struct {
	Spec *scheme.Spec
}

// Name implements Scheme.
func (s SpecScheme) Name() string { return s.Spec.Describe() }

// HeaderName implements Scheme.
func (s SpecScheme) HeaderName() string {
	if s.Spec.Header == "" {
		return "body field " + s.Spec.SignatureJSON
	}
	return s.Spec.Header
}

// Present implements Scheme: the signature or one of its alternates is
// there.
func (s SpecScheme) Present(r *Request) bool {
	return s.Spec.Verify(scheme.Input{Header: r.Header, Body: r.Raw}).Status != scheme.Missing
}

// Verify implements Scheme.
func (s SpecScheme) Verify(r *Request, secret []byte) Signature {
	return s.VerifySecrets(r, [][]byte{secret})
}

// VerifySecrets implements MultiSecret.
func (s SpecScheme) VerifySecrets(r *Request, secrets [][]byte) Signature {
	in := scheme.Input{Method: r.Method, Header: r.Header, Body: r.Raw, ReceivedAt: r.ReceivedAt, Secrets: secrets}
	if len(r.Body) != len(r.Raw) || string(r.Body) != string(r.Raw) {
		in.Decoded = r.Body
	}
	if s.signsURL() {
		in.URL, in.URLFrom = scheme.PublicURL(r.PublicURL, r.Header, r.Host, r.URI())
	}
	res := s.Spec.Verify(in)
	return fromResult(res, len(secrets))
}

func (s SpecScheme) signsURL() bool {
	if s.Spec.SignsURL() {
		return true
	}
	for i := range s.Spec.Alternates {
		if s.Spec.Alternates[i].SignsURL() {
			return true
		}
	}
	return false
}

// fromResult is decode's verdict for an engine result.
func fromResult(res scheme.Result, secrets int) Signature {
	sig := Signature{Scheme: res.Scheme, Reason: res.Reason, Header: res.Header, Encoding: string(res.Encoding),
		Signed: res.Signed, Received: res.Received, ExpectedPrefix: strings.TrimSuffix(res.Expected, "…"), Signatures: res.Signatures, Notes: res.Notes}
	switch res.Status {
	case scheme.Valid:
		sig.Status = SigValid
	case scheme.Stale:
		sig.Status = SigStale
	case scheme.Missing:
		sig.Status = SigMissing
	case scheme.NoSecret:
		sig.Status = SigNoSecret
	default: // Invalid, Malformed
		sig.Status = SigInvalid
	}
	if res.Secret >= 0 && secrets > 1 {
		sig.MatchedSecret = res.Secret + 1
	}
	if res.Signature >= 0 && res.Signatures > 1 {
		sig.MatchedSignature = res.Signature + 1
	}
	if res.URL != "" && sig.Status == SigInvalid {
		sig.Notes = append(sig.Notes, fmt.Sprintf("verified against %s (%s)", res.URL, res.URLFrom))
	}
	return sig
}

// Sign implements Scheme: the signature and, where the scheme has them, a
// fresh timestamp and message id. Schemes verified with a public key
// cannot be re-signed, and the delivery goes as captured; so does one whose
// signature is inside the body (Mailgun).
func (s SpecScheme) Sign(h http.Header, body, secret []byte) {
	_ = s.SignRequest(http.MethodPost, "", h, body, secret)
}

// SignRequest signs a request to url (URL-signing schemes sign it) and says
// why it could not.
func (s SpecScheme) SignRequest(method, url string, h http.Header, body, secret []byte) error {
	out, err := s.Spec.Sign(scheme.SignInput{Method: method, URL: url, Header: h, Body: body, Secret: secret})
	if err != nil {
		return err
	}
	for k, v := range out {
		h[k] = v
	}
	return nil
}
