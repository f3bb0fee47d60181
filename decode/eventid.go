package decode

import (
	"encoding/json"
	"strings"
)

// EventIDer is implemented by a Provider whose deliveries carry the id of
// the event they deliver, the same in every retry of it.
type EventIDer interface {
	// EventID returns r's event id, "" when r carries none.
	EventID(r *Request) string
}

// eventIDHeaders are headers that name the event in every delivery of it,
// whichever provider decode took the delivery for: GitHub's, Standard
// Webhooks' (and Svix's, which it came from), Shopify's and Twilio's.
var eventIDHeaders = []string{
	"X-GitHub-Delivery",
	"Webhook-Id",
	"Svix-Id",
	"X-Shopify-Webhook-Id",
	"I-Twilio-Idempotency-Token",
}

// maxEventID bounds what is kept of an id: ids are short, a header is not.
const maxEventID = 200

// EventID returns the id of the event r delivers: p's own, when p (which
// may be nil) is an EventIDer, else one of the well-known headers, else a
// Stripe event's id. "" means none; the store then matches retries by body.
func EventID(p Provider, r *Request) string {
	if e, ok := p.(EventIDer); ok {
		if id := e.EventID(r); id != "" {
			return clipEventID(id)
		}
	}
	for _, h := range eventIDHeaders {
		if id := strings.TrimSpace(r.Header.Get(h)); id != "" {
			return clipEventID(id)
		}
	}
	// Stripe signs with Stripe-Signature and names the event in the body
	// ("id": "evt_…"). This belongs in decode/stripe once it exists.
	if r.Header.Get("Stripe-Signature") != "" {
		var ev struct {
			ID string `json:"id"`
		}
		if json.Unmarshal(r.Body, &ev) == nil && strings.HasPrefix(ev.ID, "evt_") {
			return clipEventID(ev.ID)
		}
	}
	return ""
}

func clipEventID(id string) string {
	if len(id) > maxEventID {
		return id[:maxEventID]
	}
	return id
}
