// Package lemonsqueezy decodes Lemon Squeezy webhooks: the event in
// X-Event-Name (order_created; also the body's meta.event_name), a JSON:API
// resource as data; X-Signature is the hex HMAC-SHA256 of the raw body.
package lemonsqueezy

import (
	"github.com/hookscope/hookscope/decode"
	"github.com/hookscope/hookscope/decode/excerpt"
	"github.com/hookscope/hookscope/decode/scheme"
)

// Provider is Lemon Squeezy.
var Provider decode.Provider = &decode.Platform{Key: "lemonsqueezy", Title: "Lemon Squeezy", Spec: &scheme.LemonSqueezy,
	EventList: []decode.Event{{Topic: decode.Any, New: func() decode.Summarizer { return &Event{} }}},
	Detector:  detect}

// detect wants X-Event-Name with X-Signature, or with the body's
// meta.event_name saying the same: X-Event-Name alone is a generic name.
func detect(r *decode.Request) (decode.Detection, bool) {
	name := r.Header.Get("X-Event-Name")
	if name == "" {
		return decode.Detection{}, false
	}
	if r.Header.Get("X-Signature") != "" {
		return decode.Claim("lemonsqueezy", name, decode.High, "headers X-Event-Name and X-Signature")
	}
	if decode.JSONString(r.Body, "meta.event_name") == name {
		return decode.Claim("lemonsqueezy", name, decode.High, "header X-Event-Name matching the body's meta.event_name")
	}
	return decode.Claim("lemonsqueezy", name, decode.Low, "header X-Event-Name only")
}

// Event is Lemon Squeezy's webhook body: meta and a JSON:API resource.
type Event struct {
	decode.Partial
	Meta struct {
		decode.Partial
		EventName  string            `json:"event_name"`
		TestMode   bool              `json:"test_mode,omitempty"`
		WebhookID  string            `json:"webhook_id,omitempty"`
		CustomData map[string]string `json:"custom_data,omitempty"`
	} `json:"meta"`
	Data struct {
		decode.Partial
		Type       string `json:"type"`
		ID         string `json:"id"`
		Attributes struct {
			decode.Partial
			StoreID        decode.Int `json:"store_id,omitempty"`
			OrderNumber    decode.Int `json:"order_number,omitempty"`
			UserName       string     `json:"user_name,omitempty"`
			UserEmail      string     `json:"user_email,omitempty"`
			Currency       string     `json:"currency,omitempty"`
			Total          decode.Int `json:"total,omitempty"`
			Subtotal       decode.Int `json:"subtotal,omitempty"`
			Status         string     `json:"status,omitempty"`
			ProductName    string     `json:"product_name,omitempty"`
			VariantName    string     `json:"variant_name,omitempty"`
			SubscriptionID decode.Int `json:"subscription_id,omitempty"`
			BillingReason  string     `json:"billing_reason,omitempty"`
			RenewsAt       string     `json:"renews_at,omitempty"`
			FirstOrderItem *struct {
				decode.Partial
				ProductName string     `json:"product_name"`
				VariantName string     `json:"variant_name,omitempty"`
				Price       decode.Int `json:"price,omitempty"`
			} `json:"first_order_item,omitempty"`
		} `json:"attributes"`
	} `json:"data"`
}

// Summary implements decode.Summarizer: "Lemon Squeezy order_created ·
// #1 · 11.99 USD · paid · johndoe@example.com · test mode".
func (e *Event) Summary() string {
	a := e.Data.Attributes
	number := ""
	if a.OrderNumber.Valid() {
		number = "#" + a.OrderNumber.String()
	}
	product := a.ProductName
	if product == "" && a.FirstOrderItem != nil {
		product = a.FirstOrderItem.ProductName
	}
	s := decode.Join("Lemon Squeezy "+e.Meta.EventName, number, excerpt.Quote(product), decode.MinorUnits(a.Total, a.Currency), a.Status, a.UserEmail)
	if e.Meta.TestMode {
		s = decode.Join(s, "test mode")
	}
	return s
}
