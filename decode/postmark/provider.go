// Package postmark decodes Postmark webhooks: the body's RecordType is the
// topic (Delivery, Bounce, Open). Postmark does not sign: protect the URL
// with basic auth credentials in it, which arrive as an Authorization
// header.
package postmark

import (
	"bytes"

	"github.com/hookscope/hookscope/decode"
	"github.com/hookscope/hookscope/decode/excerpt"
)

// Provider is Postmark. Postmark waits 10 s (UNCONFIRMED).
var Provider decode.Provider = &decode.Platform{Key: "postmark", Title: "Postmark",
	EventList: []decode.Event{{Topic: decode.Any, New: func() decode.Summarizer { return &Record{} }, Timeout: "10s"}},
	Detector:  detect}

// recordTypes are the RecordType values Postmark's webhooks send.
var recordTypes = map[string]bool{"Delivery": true, "Bounce": true, "SpamComplaint": true, "Open": true, "Click": true,
	"SubscriptionChange": true}

// detect is by body: a documented RecordType with MessageID or ServerID is
// Postmark's own spelling (high); RecordType with those keys but another
// value is a shape (low).
func detect(r *decode.Request) (decode.Detection, bool) {
	if !bytes.Contains(r.Body, []byte(`"RecordType"`)) {
		return decode.Detection{}, false
	}
	if !decode.HasJSON(r.Body, "RecordType", "MessageID") && !decode.HasJSON(r.Body, "RecordType", "ServerID") {
		return decode.Detection{}, false
	}
	rt := decode.JSONString(r.Body, "RecordType")
	if recordTypes[rt] {
		return decode.Claim("postmark", rt, decode.High, "body RecordType "+rt+" with MessageID or ServerID")
	}
	return decode.Claim("postmark", rt, decode.Low, "body keys RecordType and MessageID or ServerID")
}

// Record is the fields of Postmark's webhook records a summary names.
type Record struct {
	decode.Partial
	RecordType    string            `json:"RecordType"`
	MessageID     string            `json:"MessageID"`
	ServerID      decode.Int        `json:"ServerID,omitempty"`
	MessageStream string            `json:"MessageStream,omitempty"`
	Recipient     string            `json:"Recipient,omitempty"`
	Email         string            `json:"Email,omitempty"`
	Tag           string            `json:"Tag,omitempty"`
	Metadata      map[string]string `json:"Metadata,omitempty"`
	// Delivery.
	DeliveredAt string `json:"DeliveredAt,omitempty"`
	Details     string `json:"Details,omitempty"`
	// Bounce.
	Type        string `json:"Type,omitempty"`
	Name        string `json:"Name,omitempty"`
	Description string `json:"Description,omitempty"`
	BouncedAt   string `json:"BouncedAt,omitempty"`
	Subject     string `json:"Subject,omitempty"`
	Inactive    bool   `json:"Inactive,omitempty"`
	// Open and Click.
	FirstOpen    bool   `json:"FirstOpen,omitempty"`
	ReceivedAt   string `json:"ReceivedAt,omitempty"`
	OriginalLink string `json:"OriginalLink,omitempty"`
	Client       *struct {
		decode.Partial
		Name string `json:"Name"`
	} `json:"Client,omitempty"`
}

// Summary implements decode.Summarizer: "Postmark Bounce · HardBounce ·
// john@example.com · “Test subject”".
func (r *Record) Summary() string {
	to := r.Recipient
	if to == "" {
		to = r.Email
	}
	subject, client := excerpt.Quote(r.Subject), ""
	if r.Client != nil {
		client = r.Client.Name
	}
	first := ""
	if r.FirstOpen {
		first = "first open"
	}
	return decode.Join("Postmark "+r.RecordType, r.Type, to, subject, first, client, r.OriginalLink, r.Tag)
}
