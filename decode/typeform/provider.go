// Package typeform decodes Typeform webhooks: event_type is the topic
// (form_response, form_response_partial), the answers under form_response;
// Typeform-Signature is sha256=<base64 HMAC-SHA256 of the raw body>.
package typeform

import (
	"github.com/hookscope/hookscope/decode"
	"github.com/hookscope/hookscope/decode/excerpt"
	"github.com/hookscope/hookscope/decode/scheme"
)

// Provider is Typeform. Typeform waits 30 s (UNCONFIRMED).
var Provider decode.Provider = &decode.Platform{Key: "typeform", Title: "Typeform", Spec: &scheme.Typeform,
	EventList: []decode.Event{{Topic: decode.Any, New: func() decode.Summarizer { return &Event{} }, Timeout: "30s"}},
	Detector:  detect}

func detect(r *decode.Request) (decode.Detection, bool) {
	if r.Header.Get("Typeform-Signature") == "" {
		return decode.Detection{}, false
	}
	return decode.Claim("typeform", decode.JSONString(r.Body, "event_type"), decode.High, "header Typeform-Signature")
}

// Event is Typeform's webhook body.
type Event struct {
	decode.Partial
	EventID      string `json:"event_id"`
	EventType    string `json:"event_type"`
	FormResponse struct {
		decode.Partial
		FormID      string `json:"form_id"`
		Token       string `json:"token"`
		LandedAt    string `json:"landed_at,omitempty"`
		SubmittedAt string `json:"submitted_at,omitempty"`
		Definition  *struct {
			decode.Partial
			ID    string `json:"id"`
			Title string `json:"title"`
		} `json:"definition,omitempty"`
		Calculated *struct {
			Score decode.Int `json:"score"`
		} `json:"calculated,omitempty"`
		Hidden  map[string]string `json:"hidden,omitempty"`
		Answers []Answer          `json:"answers,omitempty"`
	} `json:"form_response"`
}

// Answer is one answer; which value field is set depends on its type.
type Answer struct {
	decode.Partial
	Type  string `json:"type" hs:"col"`
	Field struct {
		decode.Partial
		ID   string `json:"id"`
		Type string `json:"type"`
		Ref  string `json:"ref,omitempty"`
	} `json:"field"`
	Text    string          `json:"text,omitempty" hs:"col"`
	Email   string          `json:"email,omitempty" hs:"col"`
	Number  *decode.Decimal `json:"number,omitempty" hs:"col"`
	Boolean *bool           `json:"boolean,omitempty" hs:"col"`
	Date    string          `json:"date,omitempty" hs:"col"`
	Choice  *struct {
		decode.Partial
		Label string `json:"label"`
	} `json:"choice,omitempty"`
	URL         string `json:"url,omitempty"`
	PhoneNumber string `json:"phone_number,omitempty"`
}

// Summary implements decode.Summarizer: "Typeform form_response · “Webhooks
// example” · 4 answers · laura@example.com".
func (e *Event) Summary() string {
	fr := e.FormResponse
	title := ""
	if fr.Definition != nil {
		title = excerpt.Quote(fr.Definition.Title)
	}
	if title == "" {
		title = "form " + fr.FormID
	}
	email, score := "", ""
	for _, a := range fr.Answers {
		if a.Email != "" && email == "" {
			email = a.Email
		}
	}
	if fr.Calculated != nil && fr.Calculated.Score.Valid() {
		score = "score " + fr.Calculated.Score.String()
	}
	return decode.Join("Typeform "+e.EventType, title, decode.Plural(len(fr.Answers), "answer", "answers"), score, email)
}
