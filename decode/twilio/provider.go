// Package twilio decodes Twilio webhooks: form posts (incoming messages,
// status callbacks, voice calls) whose status field is the topic, signed in
// X-Twilio-Signature with a base64 HMAC-SHA1 of the public URL followed by
// the sorted form parameters (a JSON body: the URL's bodySHA256 too).
package twilio

import (
	"encoding/json"
	"errors"

	"github.com/hookscope/hookscope/decode"
	"github.com/hookscope/hookscope/decode/excerpt"
	"github.com/hookscope/hookscope/decode/scheme"
)

// Provider is Twilio. Twilio waits 15 s by default.
var Provider decode.Provider = &decode.Platform{Key: "twilio", Title: "Twilio", Spec: &scheme.Twilio,
	EventList: []decode.Event{{Topic: decode.Any, New: func() decode.Summarizer { return &Event{} }, Timeout: "15s"}},
	Detector:  detect, Extract: payload}

// statusFields name the topic, most specific first.
var statusFields = []string{"MessageStatus", "SmsStatus", "CallStatus"}

func detect(r *decode.Request) (decode.Detection, bool) {
	if r.Header.Get("X-Twilio-Signature") == "" {
		return decode.Detection{}, false
	}
	topic := ""
	if f := r.Form(); f != nil {
		for _, k := range statusFields {
			if v := f.Get(k); v != "" {
				topic = v
				break
			}
		}
	}
	return decode.Claim("twilio", topic, decode.High, "header X-Twilio-Signature")
}

// payload is the form as a JSON object (first value of each field, as
// Twilio's validators read it), or a JSON body as is.
func payload(r *decode.Request) ([]byte, error) {
	if f := r.Form(); f != nil {
		obj := map[string]string{}
		for k := range f {
			obj[k] = f.Get(k)
		}
		return json.Marshal(obj)
	}
	if len(r.Body) == 0 {
		return nil, errors.New("empty body")
	}
	return r.Body, nil
}

// Event is the parameters of Twilio's messaging and voice webhooks that a
// summary names.
type Event struct {
	decode.Partial
	AccountSid    string `json:"AccountSid,omitempty"`
	MessageSid    string `json:"MessageSid,omitempty"`
	CallSid       string `json:"CallSid,omitempty"`
	From          string `json:"From,omitempty"`
	To            string `json:"To,omitempty"`
	Body          string `json:"Body,omitempty"`
	MessageStatus string `json:"MessageStatus,omitempty"`
	SmsStatus     string `json:"SmsStatus,omitempty"`
	CallStatus    string `json:"CallStatus,omitempty"`
	ErrorCode     string `json:"ErrorCode,omitempty"`
	CallDuration  string `json:"CallDuration,omitempty"`
}

// Summary implements decode.Summarizer: "Twilio message delivered ·
// +15557654321 → +15551234567 · SM1f0e…".
func (e *Event) Summary() string {
	route := ""
	if e.From != "" || e.To != "" {
		route = e.From + " → " + e.To
	}
	if e.CallSid != "" && e.MessageSid == "" {
		dur := ""
		if e.CallDuration != "" {
			dur = e.CallDuration + " s"
		}
		return decode.Join("Twilio call "+e.CallStatus, route, dur, decode.Short(e.CallSid))
	}
	status := e.MessageStatus
	if status == "" {
		status = e.SmsStatus
	}
	errc := ""
	if e.ErrorCode != "" {
		errc = "error " + e.ErrorCode
	}
	return decode.Join("Twilio message "+status, route, excerpt.Quote(e.Body), errc, decode.Short(e.MessageSid))
}
