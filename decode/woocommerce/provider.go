// Package woocommerce decodes WooCommerce webhooks: the topic in
// X-WC-Webhook-Topic (order.created) beside X-WC-Webhook-Source, the
// resource as the JSON body, X-WC-Webhook-Signature the base64 HMAC-SHA256
// of the raw body.
package woocommerce

import (
	"github.com/hookscope/hookscope/decode"
	"github.com/hookscope/hookscope/decode/excerpt"
	"github.com/hookscope/hookscope/decode/scheme"
)

// Provider is WooCommerce. It waits 5 s by default (the
// woocommerce_webhook_timeout filter; UNCONFIRMED).
var Provider decode.Provider = &decode.Platform{Key: "woocommerce", Title: "WooCommerce", Spec: &scheme.WooCommerce,
	EventList: []decode.Event{{Topic: decode.Any, New: func() decode.Summarizer { return &Resource{} }, Timeout: "5s"}},
	Detector:  detect}

func detect(r *decode.Request) (decode.Detection, bool) {
	if t := r.Header.Get("X-WC-Webhook-Topic"); t != "" {
		return decode.Claim("woocommerce", t, decode.High, "header X-WC-Webhook-Topic")
	}
	if r.Header.Get("X-WC-Webhook-Source") != "" || r.Header.Get("X-WC-Webhook-Signature") != "" {
		return decode.Claim("woocommerce", "", decode.Medium, "WooCommerce headers without X-WC-Webhook-Topic")
	}
	return decode.Detection{}, false
}

// Resource is the fields of WooCommerce's orders, products and customers a
// summary names.
type Resource struct {
	decode.Partial
	decode.Topic
	ID       decode.Int     `json:"id"`
	Number   string         `json:"number,omitempty"`
	Status   string         `json:"status,omitempty"`
	Currency string         `json:"currency,omitempty"`
	Total    decode.Decimal `json:"total,omitempty"`
	Billing  *struct {
		decode.Partial
		FirstName string `json:"first_name"`
		LastName  string `json:"last_name"`
		Email     string `json:"email"`
	} `json:"billing,omitempty"`
	LineItems []struct {
		decode.Partial
		Name     string         `json:"name" hs:"col"`
		Quantity decode.Int     `json:"quantity" hs:"col"`
		Total    decode.Decimal `json:"total" hs:"col"`
	} `json:"line_items,omitempty"`
	// Products.
	Name        string         `json:"name,omitempty"`
	SKU         string         `json:"sku,omitempty"`
	Price       decode.Decimal `json:"price,omitempty"`
	StockStatus string         `json:"stock_status,omitempty"`
	// Customers.
	Email     string `json:"email,omitempty"`
	FirstName string `json:"first_name,omitempty"`
	LastName  string `json:"last_name,omitempty"`
}

// Summary implements decode.Summarizer: "WooCommerce order.created · #727 ·
// 29.35 USD · 2 items · processing · john.doe@example.com".
func (r *Resource) Summary() string {
	s := "WooCommerce " + r.Topic.Name()
	switch {
	case r.Number != "" || len(r.LineItems) > 0:
		email := ""
		if r.Billing != nil {
			email = r.Billing.Email
		}
		items := ""
		if len(r.LineItems) > 0 {
			items = decode.Plural(len(r.LineItems), "item", "items")
		}
		return decode.Join(s, "#"+r.Number, decode.Money(r.Total, r.Currency), items, r.Status, email)
	case r.SKU != "" || r.Price.Valid():
		return decode.Join(s, excerpt.Quote(r.Name), "SKU "+r.SKU, r.Price.String(), r.StockStatus)
	case r.Email != "":
		return decode.Join(s, r.FirstName+" "+r.LastName, r.Email)
	}
	return decode.Join(s, r.ID.String())
}
