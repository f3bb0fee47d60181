package decode

import (
	"errors"
	"fmt"
	"net/http"

	"github.com/hookscope/hookscope/decode/scheme"
)

// RequestSigner is a Scheme that signs a request to a URL (the schemes
// built on decode/scheme): URL-signing platforms (Twilio, Square, HubSpot)
// sign the URL they call, so a replay is signed for its target.
type RequestSigner interface {
	SignRequest(method, url string, h http.Header, body, secret []byte) error
}

// Resigner is a Scheme that can say, before any delivery, why it cannot be
// re-signed.
type Resigner interface {
	CanResign() error
}

// CanResign says why deliveries signed with s cannot be re-signed (the
// platform signs with a private key, or inside the body, which is sent as
// captured); nil when they can.
func CanResign(s Scheme) error {
	if s == nil {
		return errors.New("the platform does not sign, there is nothing to re-sign")
	}
	if r, ok := s.(Resigner); ok {
		return r.CanResign()
	}
	return nil
}

// Resign signs h afresh for a request of method to url: a new signature,
// and a new timestamp and id where the scheme signs them. On error h is
// unchanged.
func Resign(s Scheme, method, url string, h http.Header, body, secret []byte) error {
	if err := CanResign(s); err != nil {
		return err
	}
	if rs, ok := s.(RequestSigner); ok {
		return rs.SignRequest(method, url, h, body, secret)
	}
	s.Sign(h, body, secret)
	return nil
}

// CanResign implements Resigner: a public-key scheme cannot be re-signed
// (hookscope has only the public key), nor can a signature inside the body
// (Mailgun), which is sent byte for byte.
func (s SpecScheme) CanResign() error {
	switch {
	case s.Spec.Algorithm.Asymmetric():
		return cannotResign(fmt.Sprintf("%s signs with a private key (%s) and hookscope has only the public key",
			s.Spec.Platform, s.Spec.Algorithm))
	case s.Spec.Header == "":
		return cannotResign(fmt.Sprintf("%s's signature is inside the body (%s), which is sent byte for byte",
			s.Spec.Platform, s.Spec.SignatureJSON))
	}
	return nil
}

// cannotResign is why a scheme cannot be re-signed; it is
// scheme.ErrCannotResign to errors.Is.
type cannotResign string

func (c cannotResign) Error() string        { return "cannot re-sign: " + string(c) + "; sent as captured" }
func (c cannotResign) Is(target error) bool { return target == scheme.ErrCannotResign }
