// Package square decodes Square webhooks: the event type in the body
// (payment.updated), the object under data.object; signed in
// X-Square-Hmacsha256-Signature as the base64 HMAC-SHA256 of the
// notification URL followed by the body (legacy X-Square-Signature:
// HMAC-SHA1).
package square

import (
	"github.com/hookscope/hookscope/decode"
	"github.com/hookscope/hookscope/decode/scheme"
)

// Provider is Square. Square waits 10 s (UNCONFIRMED).
var Provider decode.Provider = &decode.Platform{Key: "square", Title: "Square", Spec: &scheme.Square,
	EventList: []decode.Event{{Topic: decode.Any, New: func() decode.Summarizer { return &Event{} }, Timeout: "10s"}},
	Detector:  detect}

func detect(r *decode.Request) (decode.Detection, bool) {
	for _, h := range []string{"X-Square-Hmacsha256-Signature", "X-Square-Signature"} {
		if r.Header.Get(h) != "" {
			return decode.Claim("square", decode.JSONString(r.Body, "type"), decode.High, "header "+h)
		}
	}
	return decode.Detection{}, false
}

// Event is Square's notification envelope.
type Event struct {
	decode.Partial
	MerchantID string `json:"merchant_id"`
	Type       string `json:"type"`
	EventID    string `json:"event_id"`
	CreatedAt  string `json:"created_at"`
	Data       struct {
		decode.Partial
		Type   string `json:"type"`
		ID     string `json:"id"`
		Object *struct {
			decode.Partial
			Payment *Payment `json:"payment,omitempty"`
			Refund  *Payment `json:"refund,omitempty"`
			// order.created and order.updated carry a summary of the
			// order, not the order.
			OrderCreated *OrderState `json:"order_created,omitempty"`
			OrderUpdated *OrderState `json:"order_updated,omitempty"`
		} `json:"object,omitempty"`
	} `json:"data"`
}

// Payment is a payment or a refund.
type Payment struct {
	decode.Partial
	ID          string `json:"id"`
	Status      string `json:"status"`
	AmountMoney *Money `json:"amount_money,omitempty"`
	TotalMoney  *Money `json:"total_money,omitempty"`
	OrderID     string `json:"order_id,omitempty"`
	LocationID  string `json:"location_id,omitempty"`
	SourceType  string `json:"source_type,omitempty"`
	ReceiptURL  string `json:"receipt_url,omitempty"`
}

// Money is an amount in the currency's smallest unit.
type Money struct {
	Amount   decode.Int `json:"amount"`
	Currency string     `json:"currency"`
}

// OrderState is the order fields order.* events carry.
type OrderState struct {
	decode.Partial
	OrderID    string     `json:"order_id"`
	State      string     `json:"state"`
	Version    decode.Int `json:"version,omitempty"`
	LocationID string     `json:"location_id,omitempty"`
}

// Summary implements decode.Summarizer: "Square payment.updated · 1.00 USD ·
// KkAkhd… · COMPLETED".
func (e *Event) Summary() string {
	s := "Square " + e.Type
	o := e.Data.Object
	if o == nil {
		return decode.Join(s, decode.Short(e.Data.ID))
	}
	for _, p := range []*Payment{o.Payment, o.Refund} {
		if p == nil {
			continue
		}
		m := p.AmountMoney
		if m == nil {
			m = p.TotalMoney
		}
		amount := ""
		if m != nil {
			amount = decode.MinorUnits(m.Amount, m.Currency)
		}
		return decode.Join(s, amount, decode.Short(p.ID), p.Status)
	}
	for _, st := range []*OrderState{o.OrderCreated, o.OrderUpdated} {
		if st != nil {
			return decode.Join(s, "order "+decode.Short(st.OrderID), st.State)
		}
	}
	return decode.Join(s, decode.Short(e.Data.ID))
}
