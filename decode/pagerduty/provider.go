// Package pagerduty decodes PagerDuty v3 webhooks: the body's
// event.event_type is the topic (incident.triggered); X-PagerDuty-Signature
// holds v1=<hex HMAC-SHA256 of the raw body>, several comma-separated while
// a secret rotates.
package pagerduty

import (
	"github.com/hookscope/hookscope/decode"
	"github.com/hookscope/hookscope/decode/excerpt"
	"github.com/hookscope/hookscope/decode/scheme"
)

// Provider is PagerDuty. PagerDuty waits 5 s (UNCONFIRMED).
var Provider decode.Provider = &decode.Platform{Key: "pagerduty", Title: "PagerDuty", Spec: &scheme.PagerDuty,
	EventList: []decode.Event{{Topic: decode.Any, New: func() decode.Summarizer { return &Webhook{} }, Timeout: "5s"}},
	Detector:  detect}

func detect(r *decode.Request) (decode.Detection, bool) {
	if r.Header.Get("X-PagerDuty-Signature") == "" {
		return decode.Detection{}, false
	}
	return decode.Claim("pagerduty", decode.JSONString(r.Body, "event.event_type"), decode.High, "header X-PagerDuty-Signature")
}

// Webhook is PagerDuty's v3 body: one event.
type Webhook struct {
	decode.Partial
	Event struct {
		decode.Partial
		ID           string     `json:"id"`
		EventType    string     `json:"event_type"`
		ResourceType string     `json:"resource_type"`
		OccurredAt   string     `json:"occurred_at"`
		Agent        *Reference `json:"agent,omitempty"`
		Data         struct {
			decode.Partial
			ID          string     `json:"id"`
			Type        string     `json:"type"`
			Number      decode.Int `json:"number,omitempty"`
			Title       string     `json:"title,omitempty"`
			Status      string     `json:"status,omitempty"`
			Urgency     string     `json:"urgency,omitempty"`
			HTMLURL     string     `json:"html_url,omitempty"`
			IncidentKey string     `json:"incident_key,omitempty"`
			Service     *Reference `json:"service,omitempty"`
			Priority    *Reference `json:"priority,omitempty"`
			Assignees   []struct {
				decode.Partial
				Summary string `json:"summary" hs:"col"`
				ID      string `json:"id" hs:"col"`
			} `json:"assignees,omitempty"`
		} `json:"data"`
	} `json:"event"`
}

// Reference is PagerDuty's link to another object.
type Reference struct {
	decode.Partial
	ID      string `json:"id"`
	Summary string `json:"summary,omitempty"`
	Type    string `json:"type,omitempty"`
}

// Summary implements decode.Summarizer: "PagerDuty incident.triggered · #2 ·
// A little bump in the road · Shopping Cart · high".
func (w *Webhook) Summary() string {
	e := w.Event
	d := e.Data
	service, priority, by := "", "", ""
	if d.Service != nil {
		service = d.Service.Summary
	}
	if d.Priority != nil {
		priority = d.Priority.Summary
	}
	if e.Agent != nil && e.Agent.Summary != "" {
		by = "by " + e.Agent.Summary
	}
	number := ""
	if d.Number.Valid() {
		number = "#" + d.Number.String()
	}
	return decode.Join("PagerDuty "+e.EventType, number, excerpt.Line(d.Title), service, priority, d.Urgency, by)
}
