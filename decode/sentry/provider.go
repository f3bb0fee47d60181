// Package sentry decodes Sentry integration-platform webhooks: the
// resource in Sentry-Hook-Resource (issue, event_alert, installation) and
// the body's action make the topic (issue.created); Sentry-Hook-Signature is
// the hex HMAC-SHA256 of the raw body with the integration's client secret.
package sentry

import (
	"github.com/hookscope/hookscope/decode"
	"github.com/hookscope/hookscope/decode/excerpt"
	"github.com/hookscope/hookscope/decode/scheme"
)

// Provider is Sentry. Sentry waits 1 s (UNCONFIRMED).
var Provider decode.Provider = &decode.Platform{Key: "sentry", Title: "Sentry", Spec: &scheme.Sentry,
	EventList: []decode.Event{{Topic: decode.Any, New: func() decode.Summarizer { return &Event{} }, Timeout: "1s"}},
	Detector:  detect}

func detect(r *decode.Request) (decode.Detection, bool) {
	res := r.Header.Get("Sentry-Hook-Resource")
	if res == "" {
		if r.Header.Get("Sentry-Hook-Signature") != "" {
			return decode.Claim("sentry", "", decode.Medium, "header Sentry-Hook-Signature without Sentry-Hook-Resource")
		}
		return decode.Detection{}, false
	}
	topic := res
	if a := decode.JSONString(r.Body, "action"); a != "" {
		topic += "." + a
	}
	return decode.Claim("sentry", topic, decode.High, "header Sentry-Hook-Resource")
}

// Event is Sentry's webhook body.
type Event struct {
	decode.Partial
	decode.Topic
	Action       string `json:"action"`
	Installation *struct {
		decode.Partial
		UUID string `json:"uuid"`
	} `json:"installation,omitempty"`
	Actor *struct {
		decode.Partial
		Type string `json:"type"`
		Name string `json:"name"`
	} `json:"actor,omitempty"`
	Data struct {
		decode.Partial
		Issue *struct {
			decode.Partial
			ID       string `json:"id"`
			ShortID  string `json:"shortId,omitempty"`
			Title    string `json:"title"`
			Culprit  string `json:"culprit,omitempty"`
			Level    string `json:"level,omitempty"`
			Status   string `json:"status,omitempty"`
			Platform string `json:"platform,omitempty"`
			WebURL   string `json:"web_url,omitempty"`
			Project  *struct {
				decode.Partial
				Slug string `json:"slug"`
			} `json:"project,omitempty"`
		} `json:"issue,omitempty"`
		Event *struct {
			decode.Partial
			EventID  string `json:"event_id"`
			Title    string `json:"title"`
			Level    string `json:"level,omitempty"`
			IssueID  string `json:"issue_id,omitempty"`
			Culprit  string `json:"culprit,omitempty"`
			Platform string `json:"platform,omitempty"`
			WebURL   string `json:"web_url,omitempty"`
		} `json:"event,omitempty"`
		TriggeredRule string `json:"triggered_rule,omitempty"`
	} `json:"data"`
}

// Summary implements decode.Summarizer: "Sentry issue.created · WIDGETS-1Z ·
// TypeError: … · error · unresolved".
func (e *Event) Summary() string {
	s := "Sentry " + e.Name()
	if i := e.Data.Issue; i != nil {
		return decode.Join(s, i.ShortID, excerpt.Line(i.Title), i.Level, i.Status)
	}
	if ev := e.Data.Event; ev != nil {
		rule := ""
		if q := excerpt.Quote(e.Data.TriggeredRule); q != "" {
			rule = "rule " + q
		}
		return decode.Join(s, excerpt.Line(ev.Title), ev.Level, rule)
	}
	return s
}
