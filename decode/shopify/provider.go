// Package shopify decodes Shopify webhooks: the topic in X-Shopify-Topic
// (orders/create), the resource as the JSON body, signed with a base64
// HMAC-SHA256 of the raw body in X-Shopify-Hmac-Sha256.
package shopify

import (
	"encoding/json"
	"strings"
	"time"

	"github.com/hookscope/hookscope/decode"
	"github.com/hookscope/hookscope/decode/scheme"
)

// Provider is Shopify. Shopify gives up after 5 s.
var Provider decode.Provider = &decode.Platform{Key: "shopify", Title: "Shopify", Spec: &scheme.Shopify,
	EventList: []decode.Event{{Topic: decode.Any, New: func() decode.Summarizer { return &Resource{} }, Timeout: "5s"}},
	Detector:  detect, Versioner: version}

func detect(r *decode.Request) (decode.Detection, bool) {
	if t := r.Header.Get("X-Shopify-Topic"); t != "" {
		return decode.Claim("shopify", t, decode.High, "header X-Shopify-Topic")
	}
	if r.Header.Get("X-Shopify-Hmac-Sha256") != "" {
		return decode.Claim("shopify", "", decode.Medium, "header X-Shopify-Hmac-Sha256 without X-Shopify-Topic")
	}
	return decode.Detection{}, false
}

// version is the resource of the topic's first part ("orders" of
// orders/updated) with the body's id, as of its updated_at.
func version(r *decode.Request) (string, time.Time, bool) {
	kind, _, _ := strings.Cut(r.Header.Get("X-Shopify-Topic"), "/")
	var res struct {
		ID        decode.Int  `json:"id"`
		UpdatedAt decode.Time `json:"updated_at"`
	}
	if json.Unmarshal(r.Body, &res) != nil {
		return "", time.Time{}, false
	}
	key := decode.ResourceKey(kind, res.ID.String())
	return key, res.UpdatedAt.Time, key != "" && !res.UpdatedAt.IsZero()
}

// Resource is the fields of Shopify's orders, products and customers a
// summary names.
type Resource struct {
	decode.Partial
	decode.Topic
	ID         decode.Int     `json:"id"`
	Name       string         `json:"name,omitempty"`
	Title      string         `json:"title,omitempty"`
	Email      string         `json:"email,omitempty"`
	TotalPrice decode.Decimal `json:"total_price,omitempty"`
	Currency   string         `json:"currency,omitempty"`
	LineItems  []struct {
		decode.Partial
		Title    string         `json:"title" hs:"col"`
		Quantity decode.Int     `json:"quantity" hs:"col"`
		Price    decode.Decimal `json:"price" hs:"col"`
	} `json:"line_items,omitempty"`
	FirstName string `json:"first_name,omitempty"`
	LastName  string `json:"last_name,omitempty"`
	Vendor    string `json:"vendor,omitempty"`
}

// Summary implements decode.Summarizer: "Shopify orders/create · #1001 ·
// 49.99 USD · 2 items · jon@example.com".
func (r *Resource) Summary() string {
	items := ""
	if len(r.LineItems) > 0 {
		items = decode.Plural(len(r.LineItems), "item", "items")
	}
	name := r.Name
	if name == "" {
		name = r.Title
	}
	person := ""
	if r.FirstName != "" || r.LastName != "" {
		person = r.FirstName + " " + r.LastName
	}
	return decode.Join("Shopify "+r.Topic.Name(), name, person, decode.Money(r.TotalPrice, r.Currency), items, r.Email, r.Vendor)
}
