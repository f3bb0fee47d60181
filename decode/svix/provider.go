// Package svix decodes Standard Webhooks deliveries (Svix and its
// customers: Clerk, Resend, Replicate, …): webhook-id, webhook-timestamp and
// webhook-signature headers (or their svix- spelling), the body's type as
// the topic, v1 HMAC-SHA256 signatures keyed with the base64 after whsec_.
//
// The webhook- headers are a shared scheme, not a platform: GitLab sends
// them too. They are medium evidence, so a platform's own header wins;
// svix- headers are Svix's own, high.
package svix

import (
	"encoding/json"

	"github.com/hookscope/hookscope/decode"
	"github.com/hookscope/hookscope/decode/scheme"
)

// Provider is Standard Webhooks / Svix. The spec recommends a 15–30 s
// timeout.
var Provider decode.Provider = &decode.Platform{Key: "svix", Title: "Standard Webhooks", Spec: &scheme.StandardWebhooks,
	EventList: []decode.Event{{Topic: decode.Any, New: func() decode.Summarizer { return &Event{} }, Timeout: "15s"}},
	Detector:  detect}

func detect(r *decode.Request) (decode.Detection, bool) {
	topic := ""
	claim := func(c decode.Confidence, why string) (decode.Detection, bool) {
		if topic == "" {
			topic = decode.JSONString(r.Body, "type")
		}
		return decode.Claim("svix", topic, c, why)
	}
	switch {
	case r.Header.Get("Svix-Id") != "" && r.Header.Get("Svix-Signature") != "":
		return claim(decode.High, "headers svix-id and svix-signature")
	case r.Header.Get("Webhook-Id") != "" && r.Header.Get("Webhook-Signature") != "":
		return claim(decode.Medium, "Standard Webhooks headers webhook-id and webhook-signature (a scheme several platforms share)")
	}
	return decode.Detection{}, false
}

// Event is the Standard Webhooks payload structure the spec recommends:
// type, timestamp and data.
type Event struct {
	decode.Partial
	Type      string          `json:"type"`
	Timestamp json.RawMessage `json:"timestamp,omitempty"` // a string by the spec; Clerk sends a number
	Data      *struct {
		decode.Partial
		ID     string   `json:"id,omitempty"`
		Object string   `json:"object,omitempty"`
		Email  string   `json:"email,omitempty"`
		To     []string `json:"to,omitempty"`
		Status string   `json:"status,omitempty"`
	} `json:"data,omitempty"`
}

// Summary implements decode.Summarizer.
func (e *Event) Summary() string {
	if e.Data == nil {
		return e.Type
	}
	to := ""
	if len(e.Data.To) > 0 {
		to = "to " + e.Data.To[0]
	}
	return decode.Join(e.Type, e.Data.ID, e.Data.Email, to, e.Data.Status)
}
