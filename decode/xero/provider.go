// Package xero decodes Xero webhooks: {"events": […], firstEventSequence,
// lastEventSequence, entropy}, each event naming a changed resource by
// category and type (INVOICE, CREATE) for the subscriber to fetch;
// x-xero-signature is the base64 HMAC-SHA256 of the raw body with the
// app's webhook key. A delivery with no events is an "intent to receive"
// check (Handshake).
package xero

import (
	"encoding/json"
	"strings"

	"github.com/hookscope/hookscope/decode"
	"github.com/hookscope/hookscope/decode/scheme"
)

// Provider is Xero. Xero wants its 200 within 5 s ("Configuring your
// server").
var Provider decode.Provider = &decode.Platform{Key: "xero", Title: "Xero", Spec: &scheme.Xero,
	EventList:  []decode.Event{{Topic: decode.Any, New: func() decode.Summarizer { return &Delivery{} }, Timeout: "5s"}},
	Detector:   detect,
	Handshaker: Handshake}

// TopicIntentToReceive is a delivery with no events: Xero's check that the
// URL answers signed requests correctly.
const TopicIntentToReceive = "intent_to_receive"

func detect(r *decode.Request) (decode.Detection, bool) {
	if r.Header.Get("X-Xero-Signature") == "" {
		return decode.Detection{}, false
	}
	return decode.Claim("xero", Topic(r.Body), decode.High, "header x-xero-signature")
}

// Topic is the events' eventCategory.eventType (INVOICE.CREATE); a
// delivery of several kinds joins them with ",", in the order they first
// appear; no events is an intent to receive; "" when the body is not
// Xero's.
func Topic(body []byte) string {
	var d struct {
		Events *[]struct {
			EventCategory string `json:"eventCategory"`
			EventType     string `json:"eventType"`
		} `json:"events"`
	}
	if json.Unmarshal(body, &d) != nil || d.Events == nil {
		return ""
	}
	if len(*d.Events) == 0 {
		return TopicIntentToReceive
	}
	var kinds decode.Distinct
	for _, e := range *d.Events {
		kinds.Add(e.EventCategory + "." + e.EventType)
	}
	return strings.Join(kinds.Values(), ",")
}

// Delivery is one Xero webhook delivery.
type Delivery struct {
	decode.Partial
	Events             []Event    `json:"events"`
	FirstEventSequence decode.Int `json:"firstEventSequence"`
	LastEventSequence  decode.Int `json:"lastEventSequence"`
	Entropy            string     `json:"entropy"`
}

// Event is one changed resource; Xero sends its id and URL, not the
// resource itself.
type Event struct {
	decode.Partial
	ResourceURL   string `json:"resourceUrl"`
	ResourceID    string `json:"resourceId" hs:"col"`
	EventDateUTC  string `json:"eventDateUtc" hs:"col"`
	EventType     string `json:"eventType" hs:"col"`
	EventCategory string `json:"eventCategory" hs:"col"`
	TenantID      string `json:"tenantId" hs:"col"`
	TenantType    string `json:"tenantType"`
	Data          *struct {
		decode.Partial
		Type   string `json:"Type"`
		Status string `json:"Status"`
	} `json:"data,omitempty"`
}

// Summary implements decode.Summarizer: "Xero INVOICE.CREATE · 1 event ·
// invoice 55d84274-… · tenant aef86862-… · sequence 76".
func (d *Delivery) Summary() string {
	if len(d.Events) == 0 {
		return "Xero intent to receive · no events"
	}
	var kinds, tenants decode.Distinct
	for _, e := range d.Events {
		kinds.Add(e.EventCategory + "." + e.EventType)
		tenants.Add("tenant " + e.TenantID)
	}
	parts := []string{"Xero " + strings.Join(kinds.Values(), ", "), decode.Plural(len(d.Events), "event", "events")}
	if len(d.Events) == 1 {
		e := d.Events[0]
		parts = append(parts, strings.ToLower(e.EventCategory)+" "+e.ResourceID)
		if e.Data != nil {
			parts = append(parts, decode.Join(e.Data.Type, e.Data.Status))
		}
	}
	parts = append(parts, tenants.Values()...)
	seq := "sequence " + d.FirstEventSequence.String()
	if d.LastEventSequence != d.FirstEventSequence {
		seq = "sequence " + d.FirstEventSequence.String() + "–" + d.LastEventSequence.String()
	}
	return decode.Join(append(parts, seq)...)
}
