// Package spiffy decodes Spiffy Stores webhooks: the topic from the
// X-Spiffy-Topic header (or its X-Spiffy-Stores-Topic spelling), a JSON or
// XML resource body, and an HMAC-SHA256 signature of the raw body.
package spiffy

import (
	"encoding/hex"
	"errors"
	"net/http"

	"github.com/hookscope/hookscope/decode"
)

// Provider is Spiffy Stores.
type Provider struct{}

// Both spellings are in use: the docs show X-Spiffy-*, Spiffy's libraries
// also send X-Spiffy-Stores-*. http.Header.Get matches case-insensitively.
var (
	topicHeaders  = []string{"X-Spiffy-Topic", "X-Spiffy-Stores-Topic"}
	hmacHeaders   = []string{"X-Spiffy-Hmac-Sha256", "X-Spiffy-Stores-Hmac-Sha256"}
	domainHeaders = []string{"X-Spiffy-Shop-Domain", "X-Spiffy-Stores-Shop-Domain"}
)

// ID implements decode.Provider.
func (Provider) ID() string { return "spiffy" }

// Name implements decode.Provider.
func (Provider) Name() string { return "Spiffy Stores" }

func first(h http.Header, names []string) (name, value string) {
	for _, n := range names {
		if v := h.Get(n); v != "" {
			return n, v
		}
	}
	return "", ""
}

// Detect claims deliveries carrying a Spiffy topic header (high), or only
// its HMAC or shop-domain header (medium, topic unknown).
func (p Provider) Detect(r *decode.Request) (decode.Detection, bool) {
	if name, topic := first(r.Header, topicHeaders); topic != "" {
		d := decode.Detection{Provider: p.ID(), Topic: topic, Confidence: decode.High, Evidence: []string{"header " + name}}
		if _, ok := decode.FindEvent(p, topic); !ok {
			d.Evidence = append(d.Evidence, "topic "+topic+" is not in the Spiffy Stores documentation")
		}
		return d, true
	}
	for _, names := range [][]string{hmacHeaders, domainHeaders} {
		if name, v := first(r.Header, names); v != "" {
			return decode.Detection{Provider: p.ID(), Confidence: decode.Medium,
				Evidence: []string{"header " + name + " without a topic header"}}, true
		}
	}
	return decode.Detection{}, false
}

// Payload is the body; XML bodies are turned into the JSON shape of the
// same resource, so both read into the same types.
func (Provider) Payload(r *decode.Request) ([]byte, error) {
	switch r.MediaType() {
	case "application/xml", "text/xml":
		return xmlToJSON(r.Body)
	}
	if len(r.Body) == 0 {
		return nil, errors.New("empty body")
	}
	return r.Body, nil
}

// Signature implements decode.Provider.
func (Provider) Signature() decode.Scheme { return scheme{} }

type scheme struct{}

func (scheme) Name() string {
	return "HMAC-SHA256 of the raw body, hex or base64, in X-Spiffy-Hmac-Sha256"
}

func (scheme) HeaderName() string { return hmacHeaders[0] }

func (scheme) Present(r *decode.Request) bool {
	_, v := first(r.Header, hmacHeaders)
	return v != ""
}

func (s scheme) Verify(r *decode.Request, secret []byte) decode.Signature {
	name, v := first(r.Header, hmacHeaders)
	return decode.VerifyHMAC(r, secret, v, s.Name(), name)
}

// Sign writes the MAC in lowercase hex, as Spiffy's current library does,
// under the header spelling the delivery's topic header uses.
func (scheme) Sign(h http.Header, body, secret []byte) {
	header := hmacHeaders[0]
	if h.Get("X-Spiffy-Stores-Topic") != "" {
		header = hmacHeaders[1]
	}
	h.Set(header, hex.EncodeToString(decode.HMACSHA256(secret, body)))
}
