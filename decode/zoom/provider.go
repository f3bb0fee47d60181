// Package zoom decodes Zoom webhooks: the body's event is the topic
// (meeting.started); x-zm-signature is v0=<hex HMAC-SHA256 of
// "v0:ts:body"> with the app's secret token, ts in x-zm-request-timestamp.
package zoom

import (
	"github.com/hookscope/hookscope/decode"
	"github.com/hookscope/hookscope/decode/excerpt"
	"github.com/hookscope/hookscope/decode/scheme"
)

// Provider is Zoom. Zoom waits 3 s (UNCONFIRMED).
var Provider decode.Provider = &decode.Platform{Key: "zoom", Title: "Zoom", Spec: &scheme.Zoom,
	EventList: []decode.Event{{Topic: decode.Any, New: func() decode.Summarizer { return &Event{} }, Timeout: "3s"}},
	Detector:  detect, Handshaker: Handshake}

func detect(r *decode.Request) (decode.Detection, bool) {
	if r.Header.Get("X-Zm-Signature") == "" {
		return decode.Detection{}, false
	}
	return decode.Claim("zoom", decode.JSONString(r.Body, "event"), decode.High, "header x-zm-signature")
}

// Event is Zoom's webhook body.
type Event struct {
	decode.Partial
	Event   string     `json:"event"`
	EventTS decode.Int `json:"event_ts"` // milliseconds
	Payload struct {
		decode.Partial
		AccountID  string `json:"account_id,omitempty"`
		PlainToken string `json:"plainToken,omitempty"`
		Object     *struct {
			decode.Partial
			ID             decode.Int `json:"id,omitempty"`
			UUID           string     `json:"uuid,omitempty"`
			HostID         string     `json:"host_id,omitempty"`
			Topic          string     `json:"topic,omitempty"`
			Type           decode.Int `json:"type,omitempty"`
			StartTime      string     `json:"start_time,omitempty"`
			EndTime        string     `json:"end_time,omitempty"`
			Duration       decode.Int `json:"duration,omitempty"`
			Timezone       string     `json:"timezone,omitempty"`
			ShareURL       string     `json:"share_url,omitempty"`
			TotalSize      decode.Int `json:"total_size,omitempty"`
			RecordingFiles []struct {
				decode.Partial
				FileType       string     `json:"file_type" hs:"col"`
				RecordingType  string     `json:"recording_type,omitempty" hs:"col"`
				FileSize       decode.Int `json:"file_size,omitempty" hs:"col"`
				RecordingStart string     `json:"recording_start,omitempty" hs:"col"`
				Status         string     `json:"status,omitempty" hs:"col"`
			} `json:"recording_files,omitempty"`
			Participant *struct {
				decode.Partial
				UserName string `json:"user_name"`
				Email    string `json:"email,omitempty"`
			} `json:"participant,omitempty"`
		} `json:"object,omitempty"`
	} `json:"payload"`
}

// Summary implements decode.Summarizer: "Zoom meeting.started · “Weekly
// sync” · 85234567890 · 30 min".
func (e *Event) Summary() string {
	s := "Zoom " + e.Event
	o := e.Payload.Object
	if o == nil {
		if e.Payload.PlainToken != "" {
			return decode.Join(s, "token to encrypt")
		}
		return s
	}
	topic, duration, files, who := excerpt.Quote(o.Topic), "", "", ""
	if o.Duration.Valid() {
		duration = o.Duration.String() + " min"
	}
	if len(o.RecordingFiles) > 0 {
		files = decode.Plural(len(o.RecordingFiles), "file", "files")
	}
	if o.Participant != nil {
		who = o.Participant.UserName
	}
	return decode.Join(s, topic, o.ID.String(), duration, files, who)
}
