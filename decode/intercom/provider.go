// Package intercom decodes Intercom webhooks: a notification_event whose
// topic (conversation.user.created) is in the body; X-Hub-Signature is
// sha1=<hex HMAC-SHA1 of the raw body> with the app's client secret.
package intercom

import (
	"bytes"

	"github.com/hookscope/hookscope/decode"
	"github.com/hookscope/hookscope/decode/scheme"
)

// Provider is Intercom. Intercom waits 5 s (UNCONFIRMED).
var Provider decode.Provider = &decode.Platform{Key: "intercom", Title: "Intercom", Spec: &scheme.Intercom,
	EventList: []decode.Event{{Topic: decode.Any, New: func() decode.Summarizer { return &Notification{} }, Timeout: "5s"}},
	Detector:  detect}

// detect wants the body's type notification_event with a topic: GitHub
// and Bitbucket send X-Hub-Signature too, so the header alone says
// nothing.
func detect(r *decode.Request) (decode.Detection, bool) {
	if !bytes.Contains(r.Body, []byte(`notification_event`)) || decode.JSONString(r.Body, "type") != "notification_event" {
		return decode.Detection{}, false
	}
	topic := decode.JSONString(r.Body, "topic")
	if topic == "" {
		return decode.Detection{}, false
	}
	if r.Header.Get("X-Hub-Signature") != "" {
		return decode.Claim("intercom", topic, decode.High, "body type notification_event with X-Hub-Signature")
	}
	return decode.Claim("intercom", topic, decode.Medium, "body type notification_event, but no X-Hub-Signature")
}

// Notification is Intercom's notification_event envelope.
type Notification struct {
	decode.Partial
	Type             string     `json:"type"`
	ID               string     `json:"id"`
	Topic            string     `json:"topic"`
	AppID            string     `json:"app_id"`
	CreatedAt        decode.Int `json:"created_at"`
	DeliveryAttempts decode.Int `json:"delivery_attempts,omitempty"`
	FirstSentAt      decode.Int `json:"first_sent_at,omitempty"`
	Data             struct {
		decode.Partial
		Item struct {
			decode.Partial
			Type  string `json:"type"`
			ID    string `json:"id"`
			State string `json:"state,omitempty"`
			Title string `json:"title,omitempty"`
			// Contacts.
			Email string `json:"email,omitempty"`
			Name  string `json:"name,omitempty"`
			Role  string `json:"role,omitempty"`
			// Conversations.
			Source *struct {
				decode.Partial
				Subject string `json:"subject,omitempty"`
				Body    string `json:"body,omitempty"`
				Author  *struct {
					decode.Partial
					Type  string `json:"type"`
					Name  string `json:"name,omitempty"`
					Email string `json:"email,omitempty"`
				} `json:"author,omitempty"`
			} `json:"source,omitempty"`
			ConversationParts *struct {
				decode.Partial
				ConversationParts []struct {
					decode.Partial
					PartType string `json:"part_type" hs:"col"`
					Body     string `json:"body,omitempty" hs:"col"`
					Author   *struct {
						decode.Partial
						Name string `json:"name,omitempty"`
					} `json:"author,omitempty"`
				} `json:"conversation_parts"`
			} `json:"conversation_parts,omitempty"`
		} `json:"item"`
	} `json:"data"`
}

// Summary implements decode.Summarizer: "Intercom conversation.user.created
// · conversation 1234 · by Jane (jane@example.com) · open".
func (n *Notification) Summary() string {
	it := n.Data.Item
	who := it.Name
	if it.Source != nil && it.Source.Author != nil {
		a := it.Source.Author
		who = a.Name
		if a.Email != "" {
			who += " (" + a.Email + ")"
		}
		who = "by " + who
	} else if it.Email != "" {
		who += " (" + it.Email + ")"
	}
	parts := ""
	if cp := it.ConversationParts; cp != nil && len(cp.ConversationParts) > 0 {
		parts = decode.Plural(len(cp.ConversationParts), "part", "parts")
	}
	return decode.Join("Intercom "+n.Topic, it.Type+" "+it.ID, who, parts, it.State)
}
