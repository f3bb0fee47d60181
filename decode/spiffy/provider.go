// Package spiffy decodes Spiffy Stores webhooks: the topic from the
// X-Spiffy-Stores-Topic header (or the documentation's older X-Spiffy-Topic
// spelling), else from the URL the app routes by, a JSON or XML resource
// body, and an HMAC-SHA256 signature of the raw body.
package spiffy

import (
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"net/http"
	"strings"
	"time"

	"github.com/hookscope/hookscope/decode"
)

// Provider is Spiffy Stores.
type Provider struct{}

// Both spellings are in use, the current one first: Spiffy's own Rails
// gem (spiffy_stores_app, webhook_verification.rb) reads
// X-Spiffy-Stores-Hmac-Sha256 and X-Spiffy-Stores-Shop-Domain and compares
// a lowercase hex HMAC; the webhook document shows the older X-Spiffy-*
// names with a base64 HMAC. http.Header.Get matches case-insensitively.
var (
	topicHeaders  = []string{"X-Spiffy-Stores-Topic", "X-Spiffy-Topic"}
	hmacHeaders   = []string{"X-Spiffy-Stores-Hmac-Sha256", "X-Spiffy-Hmac-Sha256"}
	domainHeaders = []string{"X-Spiffy-Stores-Shop-Domain", "X-Spiffy-Shop-Domain"}
)

// ID implements decode.Provider.
func (Provider) ID() string { return "spiffy" }

// Name implements decode.Provider.
func (Provider) Name() string { return "Spiffy Stores" }

// first is the first of names h has a value for, as h.Get would find it:
// the names are canonical (TestHeaderNamesAreCanonical), as net/http makes
// every received header's, so indexing h spares canonicalising each name
// again on every delivery, three times over (detection, Present, Verify).
func first(h http.Header, names []string) (name, value string) {
	for _, n := range names {
		if v := h[n]; len(v) > 0 && v[0] != "" {
			return n, v[0]
		}
	}
	return "", ""
}

// evidence is "header NAME" for each header name detection reports, made
// once rather than per delivery.
var evidence = func() map[string]string {
	m := map[string]string{}
	for _, names := range [][]string{topicHeaders, hmacHeaders, domainHeaders} {
		for _, n := range names {
			m[n] = "header " + n
		}
	}
	return m
}()

// Detect claims deliveries carrying a Spiffy topic header (high), or only
// its HMAC or shop-domain header: then the topic comes from the URL, as
// Spiffy's gem routes webhooks (/webhooks/orders_create), high when the
// URL names a documented topic and medium, topic unknown, when not.
func (p Provider) Detect(r *decode.Request) (decode.Detection, bool) {
	if name, topic := first(r.Header, topicHeaders); topic != "" {
		d := decode.Detection{Provider: p.ID(), Topic: topic, Confidence: decode.High, Evidence: []string{evidence[name]}}
		// Most topics are sent as documented: the map finds them without
		// FindEvent's case-insensitive walk of every event.
		if !eventByTopic[topic] {
			if _, ok := decode.FindEvent(p, topic); !ok {
				d.Evidence = append(d.Evidence, "topic "+topic+" is not in the Spiffy Stores documentation")
			}
		}
		return d, true
	}
	for _, names := range [][]string{hmacHeaders, domainHeaders} {
		name, v := first(r.Header, names)
		if v == "" {
			continue
		}
		if topic, seg, ok := topicFromPath(r.Path); ok {
			return decode.Detection{Provider: p.ID(), Topic: topic, Confidence: decode.High,
				Evidence: []string{evidence[name], "topic from the path " + seg + " (no topic header)"}}, true
		}
		return decode.Detection{Provider: p.ID(), Confidence: decode.Medium,
			Evidence: []string{"header " + name + " without a topic header, and the path names no topic"}}, true
	}
	return decode.Detection{}, false
}

// topicFromPath finds a documented topic in the path: its last segment
// with "_" for "/" (orders_create, how the gem's /webhooks/:type routes
// name them), or its last two segments (orders/create).
func topicFromPath(p string) (topic, seg string, ok bool) {
	segs := strings.Split(strings.Trim(p, "/"), "/")
	last := segs[len(segs)-1]
	if len(segs) >= 2 {
		if two := segs[len(segs)-2] + "/" + last; eventByTopic[strings.ToLower(two)] {
			return strings.ToLower(two), two, true
		}
	}
	// Resources and actions have underscores of their own
	// (collection_listings_add, orders_partially_fulfilled): try each
	// separator as the one that stands for "/".
	for i := 0; i < len(last); i++ {
		if c := last[i]; c != '_' && c != '-' && c != '.' {
			continue
		}
		if t := strings.ToLower(last[:i] + "/" + last[i+1:]); eventByTopic[t] {
			return t, last, true
		}
	}
	return "", "", false
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

// ResourceVersion implements decode.ResourceVersioner: the resource of
// the topic's first part ("orders" of orders/updated) with the body's id,
// as of its updated_at, for a JSON or an XML body.
func (p Provider) ResourceVersion(r *decode.Request) (string, time.Time, bool) {
	d, ok := p.Detect(r)
	if !ok {
		return "", time.Time{}, false
	}
	body, err := p.Payload(r)
	if err != nil {
		return "", time.Time{}, false
	}
	var res struct {
		ID        decode.Int  `json:"id"`
		UpdatedAt decode.Time `json:"updated_at"`
	}
	if json.Unmarshal(body, &res) != nil {
		return "", time.Time{}, false
	}
	kind, _, _ := strings.Cut(d.Topic, "/")
	key := decode.ResourceKey(kind, res.ID.String())
	return key, res.UpdatedAt.Time, key != "" && !res.UpdatedAt.IsZero()
}

// Signature implements decode.Provider.
func (Provider) Signature() decode.Scheme { return scheme{} }

type scheme struct{}

func (scheme) Name() string {
	return "HMAC-SHA256 of the raw body, hex or base64, in X-Spiffy-Stores-Hmac-Sha256 (or the older X-Spiffy-Hmac-Sha256)"
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

// Sign writes the MAC in lowercase hex into X-Spiffy-Stores-Hmac-Sha256,
// what Spiffy's current library reads. A delivery that also carries the
// older header gets that one re-signed too, in the encoding it had, so no
// stale signature is left beside the new one.
func (scheme) Sign(h http.Header, body, secret []byte) {
	mac := decode.HMACSHA256(secret, body)
	h.Set(hmacHeaders[0], hex.EncodeToString(mac))
	if old := h.Get(hmacHeaders[1]); old != "" {
		if _, err := hex.DecodeString(old); err == nil && len(old) == 2*len(mac) {
			h.Set(hmacHeaders[1], hex.EncodeToString(mac))
		} else {
			h.Set(hmacHeaders[1], base64.StdEncoding.EncodeToString(mac))
		}
	}
}
