// Package sendgrid decodes the SendGrid Event Webhook: a JSON array of
// events whose event fields make the topic (delivered); when signing is
// on, X-Twilio-Email-Event-Webhook-Signature is a base64 ECDSA P-256
// signature of X-Twilio-Email-Event-Webhook-Timestamp + body, verified with
// the public key SendGrid shows (config public_key).
package sendgrid

import (
	"bytes"
	"encoding/json"
	"strings"

	"github.com/hookscope/hookscope/decode"
	"github.com/hookscope/hookscope/decode/scheme"
)

// Provider is SendGrid. SendGrid waits 3 s (UNCONFIRMED).
var Provider decode.Provider = &decode.Platform{Key: "sendgrid", Title: "SendGrid", Spec: &scheme.SendGrid,
	EventList: []decode.Event{{Topic: decode.Any, New: func() decode.Summarizer { return &Batch{} }, Timeout: "3s"}},
	Detector:  detect}

// detect claims the signature header; an unsigned array of events with
// sg_event_id is SendGrid's shape (signing is opt-in), medium.
func detect(r *decode.Request) (decode.Detection, bool) {
	if r.Header.Get("X-Twilio-Email-Event-Webhook-Signature") != "" {
		return decode.Claim("sendgrid", Topic(r.Body), decode.High, "header X-Twilio-Email-Event-Webhook-Signature")
	}
	b := bytes.TrimSpace(r.Body)
	if len(b) > 0 && b[0] == '[' && bytes.Contains(b, []byte(`"sg_event_id"`)) {
		if t := Topic(b); t != "" {
			return decode.Claim("sendgrid", t, decode.Medium, "array of events with sg_event_id, unsigned")
		}
	}
	return decode.Detection{}, false
}

// Topic is the events' event values, each once, joined by "," in the
// order they first appear.
func Topic(body []byte) string {
	var events []struct {
		Event string `json:"event"`
	}
	if json.Unmarshal(body, &events) != nil {
		return ""
	}
	var types decode.Distinct
	for _, e := range events {
		types.Add(e.Event)
	}
	return strings.Join(types.Values(), ",")
}

// Batch is one delivery: a JSON array of events.
type Batch struct {
	Events []Event
}

// UnmarshalJSON reads the array.
func (b *Batch) UnmarshalJSON(data []byte) error { return json.Unmarshal(data, &b.Events) }

// Event is one SendGrid event.
type Event struct {
	decode.Partial
	Email       string     `json:"email" hs:"col"`
	Event       string     `json:"event" hs:"col"`
	Timestamp   decode.Int `json:"timestamp" hs:"col"`
	Reason      string     `json:"reason,omitempty" hs:"col"`
	Status      string     `json:"status,omitempty" hs:"col"`
	URL         string     `json:"url,omitempty" hs:"col"`
	SMTPID      string     `json:"smtp-id,omitempty"`
	SGEventID   string     `json:"sg_event_id"`
	SGMessageID string     `json:"sg_message_id,omitempty"`
	Response    string     `json:"response,omitempty"`
	Type        string     `json:"type,omitempty"`
	IP          string     `json:"ip,omitempty"`
	UserAgent   string     `json:"useragent,omitempty"`
	Category    any        `json:"category,omitempty"` // a string or a list
}

// Summary implements decode.Summarizer: "SendGrid delivered · 2 events ·
// example@test.com".
func (b *Batch) Summary() string {
	var addresses decode.Distinct
	for _, e := range b.Events {
		addresses.Add(e.Email)
	}
	emails := addresses.Values()
	to := strings.Join(emails, ", ")
	if len(emails) > 3 {
		to = strings.Join(emails[:3], ", ") + ", …"
	}
	reason := ""
	if len(b.Events) == 1 {
		reason = b.Events[0].Reason
	}
	raw, _ := json.Marshal(b.Events)
	return decode.Join("SendGrid "+Topic(raw), decode.Plural(len(b.Events), "event", "events"), to, reason)
}
