// Package linear decodes Linear webhooks: the entity in the body's type
// (Issue, Comment) and what happened in action (create, update, remove),
// the topic "Issue.create"; Linear-Signature is the hex HMAC-SHA256 of the
// raw body, and the body's webhookTimestamp (ms) should be within a minute.
package linear

import (
	"github.com/hookscope/hookscope/decode"
	"github.com/hookscope/hookscope/decode/excerpt"
	"github.com/hookscope/hookscope/decode/scheme"
)

// Provider is Linear. Linear waits 5 s (UNCONFIRMED).
var Provider decode.Provider = &decode.Platform{Key: "linear", Title: "Linear", Spec: &scheme.Linear,
	EventList: []decode.Event{{Topic: decode.Any, New: func() decode.Summarizer { return &Event{} }, Timeout: "5s"}},
	Detector:  detect}

func detect(r *decode.Request) (decode.Detection, bool) {
	for _, h := range []string{"Linear-Signature", "Linear-Delivery"} {
		if r.Header.Get(h) != "" {
			return decode.Claim("linear", topic(r), decode.High, "header "+h)
		}
	}
	return decode.Detection{}, false
}

func topic(r *decode.Request) string {
	t := decode.JSONString(r.Body, "type")
	if a := decode.JSONString(r.Body, "action"); a != "" && t != "" {
		return t + "." + a
	}
	return t
}

// Event is Linear's webhook body.
type Event struct {
	decode.Partial
	Action           string     `json:"action"`
	Type             string     `json:"type"`
	CreatedAt        string     `json:"createdAt,omitempty"`
	URL              string     `json:"url,omitempty"`
	OrganizationID   string     `json:"organizationId,omitempty"`
	WebhookTimestamp decode.Int `json:"webhookTimestamp,omitempty"`
	WebhookID        string     `json:"webhookId,omitempty"`
	Actor            *struct {
		decode.Partial
		Name string `json:"name"`
		Type string `json:"type,omitempty"`
	} `json:"actor,omitempty"`
	Data struct {
		decode.Partial
		ID         string     `json:"id"`
		Identifier string     `json:"identifier,omitempty"`
		Title      string     `json:"title,omitempty"`
		Body       string     `json:"body,omitempty"`
		Priority   decode.Int `json:"priority,omitempty"`
		State      *struct {
			decode.Partial
			Name string `json:"name"`
			Type string `json:"type,omitempty"`
		} `json:"state,omitempty"`
		Team *struct {
			decode.Partial
			Key  string `json:"key"`
			Name string `json:"name,omitempty"`
		} `json:"team,omitempty"`
		Issue *struct {
			decode.Partial
			Identifier string `json:"identifier,omitempty"`
			Title      string `json:"title"`
		} `json:"issue,omitempty"`
	} `json:"data"`
	// UpdatedFrom holds the previous values of the fields an update
	// changed.
	UpdatedFrom map[string]any `json:"updatedFrom,omitempty"`
}

// Summary implements decode.Summarizer: "Linear Issue.create · ENG-123 ·
// Fix login redirect · Todo · by Jane".
func (e *Event) Summary() string {
	d := e.Data
	by := ""
	if e.Actor != nil && e.Actor.Name != "" {
		by = "by " + e.Actor.Name
	}
	state := ""
	if d.State != nil {
		state = d.State.Name
	}
	topic := "Linear " + e.Type + "." + e.Action
	if d.Issue != nil {
		return decode.Join(topic, "on "+d.Issue.Identifier, excerpt.Quote(d.Body), by)
	}
	return decode.Join(topic, d.Identifier, d.Title, state, by)
}
