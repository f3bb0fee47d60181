// Package mailgun decodes Mailgun webhooks: JSON with signature {timestamp,
// token, signature} beside event-data, whose event is the topic
// (delivered); the signature is the hex HMAC-SHA256 of timestamp + token
// with the HTTP webhook signing key. Both are in the body, so Mailgun is
// known by its body alone.
package mailgun

import (
	"bytes"
	"encoding/json"

	"github.com/hookscope/hookscope/decode"
	"github.com/hookscope/hookscope/decode/excerpt"
	"github.com/hookscope/hookscope/decode/scheme"
)

// Provider is Mailgun. Mailgun waits 10 s (UNCONFIRMED).
var Provider decode.Provider = &decode.Platform{Key: "mailgun", Title: "Mailgun", Spec: &scheme.Mailgun,
	EventList: []decode.Event{{Topic: decode.Any, New: func() decode.Summarizer { return &Webhook{} }, Timeout: "10s"}},
	Detector:  detect}

// detect wants the signature object with all three fields and event-data:
// Mailgun's own envelope.
func detect(r *decode.Request) (decode.Detection, bool) {
	if !bytes.Contains(r.Body, []byte(`"event-data"`)) {
		return decode.Detection{}, false
	}
	var b struct {
		Signature *struct{ Timestamp, Token, Signature json.RawMessage } `json:"signature"`
		EventData *struct {
			Event string `json:"event"`
		} `json:"event-data"`
	}
	if json.Unmarshal(r.Body, &b) != nil || b.EventData == nil {
		return decode.Detection{}, false
	}
	if s := b.Signature; s != nil && s.Timestamp != nil && s.Token != nil && s.Signature != nil {
		return decode.Claim("mailgun", b.EventData.Event, decode.High, "body signature {timestamp, token, signature} and event-data")
	}
	return decode.Claim("mailgun", b.EventData.Event, decode.Low, "body event-data without Mailgun's signature object")
}

// Webhook is Mailgun's webhook body.
type Webhook struct {
	decode.Partial
	Signature struct {
		Timestamp string `json:"timestamp"`
		Token     string `json:"token"`
		Signature string `json:"signature"`
	} `json:"signature"`
	EventData struct {
		decode.Partial
		ID        string         `json:"id"`
		Event     string         `json:"event"`
		Timestamp decode.Decimal `json:"timestamp"`
		Recipient string         `json:"recipient,omitempty"`
		Severity  string         `json:"severity,omitempty"`
		Reason    string         `json:"reason,omitempty"`
		LogLevel  string         `json:"log-level,omitempty"`
		Message   *struct {
			decode.Partial
			Headers struct {
				decode.Partial
				To        string `json:"to,omitempty"`
				From      string `json:"from,omitempty"`
				Subject   string `json:"subject,omitempty"`
				MessageID string `json:"message-id,omitempty"`
			} `json:"headers"`
			Size decode.Int `json:"size,omitempty"`
		} `json:"message,omitempty"`
		DeliveryStatus *struct {
			decode.Partial
			Code        decode.Int `json:"code,omitempty"`
			Message     string     `json:"message,omitempty"`
			Description string     `json:"description,omitempty"`
		} `json:"delivery-status,omitempty"`
		ClientInfo *struct {
			decode.Partial
			ClientName string `json:"client-name,omitempty"`
			DeviceType string `json:"device-type,omitempty"`
		} `json:"client-info,omitempty"`
	} `json:"event-data"`
}

// Summary implements decode.Summarizer: "Mailgun delivered ·
// alice@example.com · “Test delivered webhook”".
func (w *Webhook) Summary() string {
	d := w.EventData
	subject, status := "", ""
	if d.Message != nil {
		subject = excerpt.Quote(d.Message.Headers.Subject)
	}
	if ds := d.DeliveryStatus; ds != nil && d.Event == "failed" {
		status = ds.Code.String()
		if ds.Message != "" {
			status += " " + ds.Message
		}
	}
	return decode.Join("Mailgun "+d.Event, d.Recipient, subject, d.Severity, d.Reason, status)
}
