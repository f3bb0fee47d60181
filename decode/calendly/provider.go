// Package calendly decodes Calendly webhooks: the body's event is the topic
// (invitee.created, invitee.canceled); Calendly-Webhook-Signature is
// t=<ts>,v1=<hex HMAC-SHA256 of "t.body"> with the webhook signing key.
package calendly

import (
	"github.com/hookscope/hookscope/decode"
	"github.com/hookscope/hookscope/decode/excerpt"
	"github.com/hookscope/hookscope/decode/scheme"
)

// Provider is Calendly.
var Provider decode.Provider = &decode.Platform{Key: "calendly", Title: "Calendly", Spec: &scheme.Calendly,
	EventList: []decode.Event{{Topic: decode.Any, New: func() decode.Summarizer { return &Event{} }}},
	Detector:  detect}

func detect(r *decode.Request) (decode.Detection, bool) {
	if r.Header.Get("Calendly-Webhook-Signature") == "" {
		return decode.Detection{}, false
	}
	return decode.Claim("calendly", decode.JSONString(r.Body, "event"), decode.High, "header Calendly-Webhook-Signature")
}

// Event is Calendly's webhook envelope.
type Event struct {
	decode.Partial
	Event     string `json:"event"`
	CreatedAt string `json:"created_at"`
	CreatedBy string `json:"created_by"`
	Payload   struct {
		decode.Partial
		// Invitees.
		Name           string `json:"name,omitempty"`
		Email          string `json:"email,omitempty"`
		Status         string `json:"status,omitempty"`
		Timezone       string `json:"timezone,omitempty"`
		Rescheduled    bool   `json:"rescheduled,omitempty"`
		URI            string `json:"uri,omitempty"`
		ScheduledEvent *struct {
			decode.Partial
			Name      string `json:"name"`
			StartTime string `json:"start_time"`
			EndTime   string `json:"end_time,omitempty"`
			Location  *struct {
				decode.Partial
				Type string `json:"type"`
			} `json:"location,omitempty"`
		} `json:"scheduled_event,omitempty"`
		Cancellation *struct {
			decode.Partial
			CanceledBy   string `json:"canceled_by"`
			Reason       string `json:"reason,omitempty"`
			CancelerType string `json:"canceler_type,omitempty"`
		} `json:"cancellation,omitempty"`
		QuestionsAndAnswers []struct {
			decode.Partial
			Question string `json:"question" hs:"col"`
			Answer   string `json:"answer" hs:"col"`
		} `json:"questions_and_answers,omitempty"`
		// Routing form submissions.
		RoutingForm string `json:"routing_form,omitempty"`
		Submitter   string `json:"submitter,omitempty"`
	} `json:"payload"`
}

// Summary implements decode.Summarizer: "Calendly invitee.created ·
// 30 Minute Meeting · 2023-11-20T15:00:00.000000Z · John Doe
// <john@example.com>".
func (e *Event) Summary() string {
	p := e.Payload
	meeting, start := "", ""
	if p.ScheduledEvent != nil {
		meeting, start = p.ScheduledEvent.Name, p.ScheduledEvent.StartTime
	}
	who := p.Name
	if p.Email != "" {
		who += " <" + p.Email + ">"
	}
	reason := ""
	if p.Cancellation != nil {
		reason = "canceled by " + p.Cancellation.CanceledBy
		if why := excerpt.Line(p.Cancellation.Reason); why != "" {
			reason += ": " + why
		}
	}
	if p.RoutingForm != "" {
		return decode.Join("Calendly "+e.Event, decode.Plural(len(p.QuestionsAndAnswers), "answer", "answers"))
	}
	return decode.Join("Calendly "+e.Event, meeting, start, who, reason)
}
