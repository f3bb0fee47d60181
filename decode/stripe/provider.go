// Package stripe decodes Stripe webhooks: an Event object (body "object":
// "event") whose type is the topic, signed in Stripe-Signature as
// t=…,v1=… (several v1 during a secret roll) over "t.body" with the whole
// whsec_… secret, 300 s tolerance.
package stripe

import (
	"bytes"
	"encoding/json"
	"strings"
	"time"

	"github.com/hookscope/hookscope/decode"
	"github.com/hookscope/hookscope/decode/scheme"
)

// Provider is Stripe.
var Provider decode.Provider = &decode.Platform{Key: "stripe", Title: "Stripe", Spec: &scheme.Stripe,
	EventList: []decode.Event{{Topic: decode.Any, New: func() decode.Summarizer { return &Event{} }, Timeout: "10s"}},
	Detector:  detect, Versioner: version}

// detect claims Stripe-Signature (high); without it an Event object with an
// evt_ id is medium: the shape is Stripe's, but nothing else says so.
func detect(r *decode.Request) (decode.Detection, bool) {
	if r.Header.Get("Stripe-Signature") != "" {
		return decode.Claim("stripe", decode.JSONString(r.Body, "type"), decode.High, "header Stripe-Signature")
	}
	if !bytes.Contains(r.Body, []byte(`"evt_`)) {
		return decode.Detection{}, false // spares the JSON parse on others' deliveries
	}
	topic := decode.JSONString(r.Body, "type")
	if decode.JSONString(r.Body, "object") == "event" && strings.HasPrefix(decode.JSONString(r.Body, "id"), "evt_") && topic != "" {
		return decode.Claim("stripe", topic, decode.Medium, "body object=event with an evt_ id, but no Stripe-Signature header")
	}
	return decode.Detection{}, false
}

// version is the event's data.object (its object type and id) as of the
// event's created: Stripe sends the object's state when the event
// happened, and a Stripe object has no updated_at of its own.
func version(r *decode.Request) (string, time.Time, bool) {
	var ev struct {
		Created decode.Int `json:"created"`
		Data    struct {
			Object struct {
				ID     string `json:"id"`
				Object string `json:"object"`
			} `json:"object"`
		} `json:"data"`
	}
	if json.Unmarshal(r.Body, &ev) != nil {
		return "", time.Time{}, false
	}
	created, ok := ev.Created.Int64()
	key := decode.ResourceKey(ev.Data.Object.Object, ev.Data.Object.ID)
	return key, time.Unix(created, 0).UTC(), ok && created > 0 && key != ""
}

// Event is Stripe's Event envelope; data.object is the resource it is
// about.
type Event struct {
	decode.Partial
	ID         string     `json:"id"`
	Object     string     `json:"object"`
	Type       string     `json:"type"`
	APIVersion string     `json:"api_version,omitempty"`
	Created    decode.Int `json:"created"`
	Livemode   bool       `json:"livemode"`
	Data       struct {
		decode.Partial
		Object Object `json:"object"`
	} `json:"data"`
}

// Object is the fields of Stripe resources a summary names.
type Object struct {
	decode.Partial
	ID            string     `json:"id"`
	Object        string     `json:"object"`
	Amount        decode.Int `json:"amount,omitempty"`
	AmountTotal   decode.Int `json:"amount_total,omitempty"`
	AmountPaid    decode.Int `json:"amount_paid,omitempty"`
	Currency      string     `json:"currency,omitempty"`
	Status        string     `json:"status,omitempty"`
	Customer      string     `json:"customer,omitempty"`
	Email         string     `json:"email,omitempty"`
	CustomerEmail string     `json:"customer_email,omitempty"`
	Description   string     `json:"description,omitempty"`
}

// Summary implements decode.Summarizer: "Stripe payment_intent.succeeded ·
// 49.99 EUR · pi_3Qx…".
func (e *Event) Summary() string {
	o := e.Data.Object
	amount := o.Amount
	for _, a := range []decode.Int{o.AmountTotal, o.AmountPaid} {
		if !amount.Valid() {
			amount = a
		}
	}
	s := decode.Join("Stripe "+e.Type, decode.MinorUnits(amount, o.Currency), decode.Short(o.ID), firstOf(o.Email, o.CustomerEmail))
	if !e.Livemode {
		s = decode.Join(s, "test mode")
	}
	return s
}

func firstOf(s ...string) string {
	for _, v := range s {
		if v != "" {
			return v
		}
	}
	return ""
}
