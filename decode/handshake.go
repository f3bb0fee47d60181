package decode

import (
	"fmt"
	"net/http"
)

// Handshake is the reply a platform requires before it delivers, or while
// it does: Slack's url_verification echo, Zoom's url_validation token,
// Discord's PONG and its 401 to a bad signature. Each platform's package
// says what it needs; the capture path answers with it when no user rule
// applies, so a URL registered against hookscope itself passes.
type Handshake struct {
	// Name says which handshake, for the reply record:
	// "slack url_verification".
	Name   string
	Status int
	Header http.Header
	Body   []byte
}

// HandshakeInput is what a handshake may need besides the request: the
// verdict on its signature (Discord answers 401 when it fails) and the
// configured secrets (Zoom's token is an HMAC with the secret).
type HandshakeInput struct {
	Signature Signature
	Secrets   [][]byte
}

// Handshaker is a Provider whose platform expects a handshake reply.
type Handshaker interface {
	// Handshake is the reply r requires, ok false when r needs none.
	Handshake(r *Request, in HandshakeInput) (Handshake, bool)
}

// Handshake implements Handshaker.
func (p *Platform) Handshake(r *Request, in HandshakeInput) (Handshake, bool) {
	if p.Handshaker == nil {
		return Handshake{}, false
	}
	return p.Handshaker(r, in)
}

// TextReply is a text/plain handshake reply.
func TextReply(name string, status int, body string) Handshake {
	return Handshake{Name: name, Status: status, Header: http.Header{"Content-Type": {"text/plain; charset=utf-8"}}, Body: []byte(body)}
}

// JSONReply is an application/json handshake reply.
func JSONReply(name string, status int, body []byte) Handshake {
	return Handshake{Name: name, Status: status, Header: http.Header{"Content-Type": {"application/json"}}, Body: body}
}

// NeedsSecret is the reply to a handshake that cannot be answered without
// the provider's secret: a 500 saying what to configure, so the platform's
// failure and hookscope's record both tell the user.
func NeedsSecret(name, provider, what string) Handshake {
	return JSONReply(name+" (no secret)", http.StatusInternalServerError, []byte(fmt.Sprintf(
		`{"error":"hookscope cannot answer the %s handshake without %s: set [providers.%s] secret in the config file or %s"}`,
		name, what, provider, SecretEnv(provider))))
}

// handshakeMemo keeps the handshake analysis found for a request, for the
// reply chosen after it.
type handshakeMemo struct {
	h   Handshake
	set bool
}

// RememberHandshake keeps the handshake reply r requires.
func (r *Request) RememberHandshake(h Handshake) { r.handshake = handshakeMemo{h, true} }

// Handshake is the handshake reply analysis found r requires.
func (r *Request) Handshake() (Handshake, bool) { return r.handshake.h, r.handshake.set }
