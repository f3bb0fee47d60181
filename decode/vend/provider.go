// Package vend decodes Vend webhooks: form-encoded bodies with the event
// JSON in the payload field and its type in the type field, signed with
// X-Signature: signature=HMAC, algorithm=HMAC-SHA256.
package vend

import (
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/hookscope/hookscope/decode"
)

// Provider is Vend.
type Provider struct{}

// ID implements decode.Provider.
func (Provider) ID() string { return "vend" }

// Name implements decode.Provider.
func (Provider) Name() string { return "Vend" }

// Detect claims form bodies whose payload field holds a JSON object.
func (p Provider) Detect(r *decode.Request) (decode.Detection, bool) {
	form := r.Form()
	payload := form.Get("payload")
	if payload == "" || !json.Valid([]byte(payload)) || strings.TrimSpace(payload)[0] != '{' {
		return decode.Detection{}, false
	}
	// A payload form field holding JSON is also how GitHub (form content
	// type) and Slack (interactivity) post: alone it is a guess. Vend's
	// own evidence is a type field naming a Vend event.
	d := decode.Detection{Provider: p.ID(), Confidence: decode.Low, Evidence: []string{"form field payload holds JSON (GitHub and Slack post that too)"}}
	if t := form.Get("type"); t != "" {
		d.Topic = t
		if _, ok := decode.FindEvent(p, t); ok {
			d.Confidence = decode.High
			d.Evidence = append(d.Evidence, "form field type "+t+" is a Vend event")
		} else {
			d.Evidence = append(d.Evidence, "form field type "+t+" is no Vend event")
		}
		return d, true
	}
	topics, why := inferTopic([]byte(payload))
	d.Evidence = append(d.Evidence, why)
	if len(topics) == 1 {
		d.Topic = topics[0]
	} else {
		d.Candidates = topics
	}
	return d, true
}

// inferTopic tells the event from the payload's keys when the type field
// is absent.
func inferTopic(payload []byte) ([]string, string) {
	var obj map[string]json.RawMessage
	if json.Unmarshal(payload, &obj) != nil {
		return nil, "payload is not an object"
	}
	has := func(keys ...string) bool {
		for _, k := range keys {
			if _, ok := obj[k]; !ok {
				return false
			}
		}
		return true
	}
	switch {
	case has("register_sale_products"):
		return []string{"sale.update"}, "payload: register_sale_products"
	case has("register_open_time", "register_close_time"):
		return []string{"register_closure.create"}, "payload: register_open_time+register_close_time"
	case has("consignment_id", "received"):
		return []string{"consignment.receive", "consignment.send"}, "payload: consignment_id+received (send and receive share a shape)"
	case has("outlet_id", "count", "product"):
		return []string{"inventory.update"}, "payload: outlet_id+count+product"
	case has("customer_code"):
		return []string{"customer.update"}, "payload: customer_code"
	case has("price_book_entries") || has("variant_options", "sku"):
		return []string{"product.update"}, "payload: product fields"
	}
	return nil, "payload shape matches no documented event"
}

// Payload is the JSON in the payload form field.
func (Provider) Payload(r *decode.Request) ([]byte, error) {
	form := r.Form()
	if form == nil {
		return nil, errors.New("body is not form-encoded")
	}
	p := form.Get("payload")
	if p == "" {
		return nil, errors.New("no payload field in the form")
	}
	return []byte(p), nil
}

// Signature implements decode.Provider.
func (Provider) Signature() decode.Scheme { return scheme{} }

type scheme struct{}

const header = "X-Signature"

func (scheme) Name() string {
	return "HMAC-SHA256 of the raw body with the app's client secret, in X-Signature: signature=…, algorithm=HMAC-SHA256"
}

func (scheme) HeaderName() string { return header }

// Unsigned implements decode.Conditional: vend.txt describes no signature,
// and Lightspeed signs only the webhooks of OAuth apps.
func (scheme) Unsigned() string {
	return "Vend signs only OAuth apps' webhooks; set a secret to check X-Signature"
}

func (scheme) Present(r *decode.Request) bool { return r.Header.Get(header) != "" }

// parseSignature reads "signature=..., algorithm=HMAC-SHA256", pairs in any
// order, spaces allowed around commas and equals signs.
func parseSignature(v string) (sig, algorithm string, err error) {
	for _, pair := range strings.Split(v, ",") {
		k, val, ok := strings.Cut(pair, "=")
		if !ok {
			return "", "", fmt.Errorf("pair %q has no '='", strings.TrimSpace(pair))
		}
		switch strings.ToLower(strings.TrimSpace(k)) {
		case "signature":
			sig = strings.TrimSpace(val)
		case "algorithm":
			algorithm = strings.TrimSpace(val)
		}
	}
	if sig == "" {
		return "", "", errors.New("no signature= pair")
	}
	return sig, algorithm, nil
}

func (s scheme) Verify(r *decode.Request, secret []byte) decode.Signature {
	sig, algorithm, err := parseSignature(r.Header.Get(header))
	if err != nil {
		return decode.Signature{Status: decode.SigInvalid, Scheme: s.Name(), Header: header, Received: r.Header.Get(header),
			Reason: "malformed X-Signature header: " + err.Error() + " (want signature=…, algorithm=HMAC-SHA256)"}
	}
	if algorithm != "" && !strings.EqualFold(algorithm, "HMAC-SHA256") {
		return decode.Signature{Status: decode.SigInvalid, Scheme: s.Name(), Header: header, Received: r.Header.Get(header),
			Reason: fmt.Sprintf("unsupported algorithm %q: Vend signs with HMAC-SHA256", algorithm)}
	}
	return decode.VerifyHMAC(r, secret, sig, s.Name(), header)
}

func (scheme) Sign(h http.Header, body, secret []byte) {
	h.Set(header, "signature="+hex.EncodeToString(decode.HMACSHA256(secret, body))+", algorithm=HMAC-SHA256")
}
