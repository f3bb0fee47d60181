// Package coinbase decodes Coinbase Commerce webhooks: a delivery wraps the
// event (id, scheduled_for, attempt_number, event), whose type is the topic
// (charge:confirmed) and whose data is the charge; X-CC-Webhook-Signature is
// the hex HMAC-SHA256 of the raw body with the endpoint's shared secret
// (coinbase-commerce-node's Webhook.verifySigHeader).
package coinbase

import (
	"github.com/hookscope/hookscope/decode"
	"github.com/hookscope/hookscope/decode/excerpt"
	"github.com/hookscope/hookscope/decode/scheme"
)

// Provider is Coinbase Commerce.
var Provider decode.Provider = &decode.Platform{Key: "coinbase", Title: "Coinbase Commerce", Spec: &scheme.CoinbaseCommerce,
	EventList: []decode.Event{{Topic: decode.Any, New: func() decode.Summarizer { return &Delivery{} }}},
	Detector:  detect}

func detect(r *decode.Request) (decode.Detection, bool) {
	if r.Header.Get("X-CC-Webhook-Signature") == "" {
		return decode.Detection{}, false
	}
	return decode.Claim("coinbase", decode.JSONString(r.Body, "event.type"), decode.High, "header X-CC-Webhook-Signature")
}

// Delivery is the body Coinbase Commerce posts: one attempt at one event.
type Delivery struct {
	decode.Partial
	ID            decode.Int `json:"id"`
	ScheduledFor  string     `json:"scheduled_for"`
	AttemptNumber decode.Int `json:"attempt_number"`
	Event         struct {
		decode.Partial
		ID         string `json:"id"`
		Resource   string `json:"resource"`
		Type       string `json:"type"`
		APIVersion string `json:"api_version"`
		CreatedAt  string `json:"created_at"`
		Data       Charge `json:"data"`
	} `json:"event"`
}

// Charge is the charge a charge:* event carries.
type Charge struct {
	decode.Partial
	ID          string `json:"id,omitempty"`
	Code        string `json:"code"`
	Name        string `json:"name,omitempty"`
	Description string `json:"description,omitempty"`
	HostedURL   string `json:"hosted_url,omitempty"`
	CreatedAt   string `json:"created_at,omitempty"`
	ExpiresAt   string `json:"expires_at,omitempty"`
	ConfirmedAt string `json:"confirmed_at,omitempty"`
	PricingType string `json:"pricing_type,omitempty"`
	Pricing     *struct {
		decode.Partial
		Local *Price `json:"local,omitempty"`
	} `json:"pricing,omitempty"`
	Timeline []struct {
		decode.Partial
		Time    string `json:"time" hs:"col"`
		Status  string `json:"status" hs:"col"`
		Context string `json:"context,omitempty" hs:"col"`
	} `json:"timeline,omitempty"`
	Metadata map[string]string `json:"metadata,omitempty"`
	Payments []struct {
		decode.Partial
		Network       string `json:"network" hs:"col"`
		TransactionID string `json:"transaction_id" hs:"col"`
		Status        string `json:"status" hs:"col"`
		Value         struct {
			decode.Partial
			Local  Price `json:"local"`
			Crypto Price `json:"crypto"`
		} `json:"value"`
	} `json:"payments,omitempty"`
}

// Price is an amount as Coinbase writes it, a decimal string.
type Price struct {
	decode.Partial
	Amount   decode.Decimal `json:"amount"`
	Currency string         `json:"currency"`
}

// Summary implements decode.Summarizer: "Coinbase Commerce
// charge:confirmed · 66BEOV2A · “The Sovereign Individual” · 100.00 USD ·
// COMPLETED · attempt 1".
func (d *Delivery) Summary() string {
	c := d.Event.Data
	name := excerpt.Quote(c.Name)
	price := ""
	if c.Pricing != nil && c.Pricing.Local != nil {
		price = decode.Money(c.Pricing.Local.Amount, c.Pricing.Local.Currency)
	}
	status := ""
	if n := len(c.Timeline); n > 0 {
		status = c.Timeline[n-1].Status
		if ctx := c.Timeline[n-1].Context; ctx != "" {
			status += " (" + ctx + ")"
		}
	}
	attempt := ""
	if n, ok := d.AttemptNumber.Int64(); ok && n > 1 {
		attempt = "attempt " + d.AttemptNumber.String()
	}
	return decode.Join("Coinbase Commerce "+d.Event.Type, c.Code, name, price, status, attempt)
}
