// Package paddle decodes Paddle Billing notifications: event_type is the
// topic; Paddle-Signature ts=…;h1=… is a hex HMAC-SHA256 of "ts:body" keyed
// with the whole pdl_ntfset_… secret.
package paddle

import (
	"github.com/hookscope/hookscope/decode"
	"github.com/hookscope/hookscope/decode/scheme"
)

// Provider is Paddle Billing. Paddle waits 5 s.
var Provider decode.Provider = &decode.Platform{Key: "paddle", Title: "Paddle", Spec: &scheme.Paddle,
	EventList: []decode.Event{{Topic: decode.Any, New: func() decode.Summarizer { return &Event{} }, Timeout: "5s"}},
	Detector:  detect}

func detect(r *decode.Request) (decode.Detection, bool) {
	if r.Header.Get("Paddle-Signature") == "" {
		return decode.Detection{}, false
	}
	return decode.Claim("paddle", decode.JSONString(r.Body, "event_type"), decode.High, "header Paddle-Signature")
}

// Event is Paddle's notification envelope.
type Event struct {
	decode.Partial
	EventID        string `json:"event_id"`
	EventType      string `json:"event_type"`
	OccurredAt     string `json:"occurred_at"`
	NotificationID string `json:"notification_id,omitempty"`
	Data           struct {
		decode.Partial
		ID           string `json:"id"`
		Status       string `json:"status,omitempty"`
		CurrencyCode string `json:"currency_code,omitempty"`
		CustomerID   string `json:"customer_id,omitempty"`
		Email        string `json:"email,omitempty"`
		Details      *struct {
			decode.Partial
			Totals *struct {
				decode.Partial
				GrandTotal decode.Int `json:"grand_total,omitempty"`
				Total      decode.Int `json:"total,omitempty"`
			} `json:"totals,omitempty"`
		} `json:"details,omitempty"`
		UnitPrice *struct {
			Amount       decode.Int `json:"amount"`
			CurrencyCode string     `json:"currency_code"`
		} `json:"unit_price,omitempty"`
	} `json:"data"`
}

// Summary implements decode.Summarizer: "Paddle transaction.completed ·
// 59.00 USD · txn_01…". Paddle's amounts are strings of minor units.
func (e *Event) Summary() string {
	d := e.Data
	amount := ""
	switch {
	case d.Details != nil && d.Details.Totals != nil:
		t := d.Details.Totals.GrandTotal
		if !t.Valid() {
			t = d.Details.Totals.Total
		}
		amount = decode.MinorUnits(t, d.CurrencyCode)
	case d.UnitPrice != nil:
		amount = decode.MinorUnits(d.UnitPrice.Amount, d.UnitPrice.CurrencyCode)
	}
	return decode.Join("Paddle "+e.EventType, amount, decode.Short(d.ID), d.Email, d.Status)
}
