// Package asana decodes Asana webhooks: each delivery is {"events": […]},
// compact events naming the resource, its parent, the action and the field
// changed; X-Hook-Signature is the hex HMAC-SHA256 of the raw body keyed with
// the secret Asana sent in X-Hook-Secret when the webhook was established
// (Handshake). A delivery with no events is a heartbeat.
package asana

import (
	"encoding/json"
	"strings"

	"github.com/hookscope/hookscope/decode"
	"github.com/hookscope/hookscope/decode/scheme"
)

// Provider is Asana. Asana resends a delivery that got no 2xx within 10 s
// (webhooks guide).
var Provider decode.Provider = &decode.Platform{Key: "asana", Title: "Asana", Spec: &scheme.Asana,
	EventList:  []decode.Event{{Topic: decode.Any, New: func() decode.Summarizer { return &Delivery{} }, Timeout: "10s"}},
	Detector:   detect,
	Handshaker: Handshake}

// Topics that are not a resource's action.
const (
	TopicHandshake = "handshake"
	TopicHeartbeat = "heartbeat"
)

// detect claims the handshake by X-Hook-Secret, and deliveries by
// X-Hook-Signature over Asana's {"events": […]} body; the signature header
// alone is a generic-sounding name, medium.
func detect(r *decode.Request) (decode.Detection, bool) {
	if r.Header.Get("X-Hook-Secret") != "" {
		return decode.Claim("asana", TopicHandshake, decode.High, "header X-Hook-Secret (Asana's webhook handshake)")
	}
	if r.Header.Get("X-Hook-Signature") == "" {
		return decode.Detection{}, false
	}
	topic, ok := Topic(r.Body)
	if !ok {
		return decode.Claim("asana", "", decode.Medium, "header X-Hook-Signature without Asana's events body")
	}
	return decode.Claim("asana", topic, decode.High, "header X-Hook-Signature with an events body")
}

// Topic is the events' resource_type.action (task.changed); a delivery of
// several kinds joins them with ",", in the order they first appear, and
// one with no events is a heartbeat. ok is false when the body is not
// Asana's {"events": […]}.
func Topic(body []byte) (string, bool) {
	var d struct {
		Events *[]struct {
			Action   string `json:"action"`
			Resource struct {
				ResourceType string `json:"resource_type"`
			} `json:"resource"`
		} `json:"events"`
	}
	if json.Unmarshal(body, &d) != nil || d.Events == nil {
		return "", false
	}
	if len(*d.Events) == 0 {
		return TopicHeartbeat, true
	}
	var kinds decode.Distinct
	for _, e := range *d.Events {
		kinds.Add(e.Resource.ResourceType + "." + e.Action)
	}
	return strings.Join(kinds.Values(), ","), true
}

// Delivery is one Asana webhook delivery.
type Delivery struct {
	decode.Partial
	Events []Event `json:"events"`
}

// Event is a compact Asana event: ids, not the resources themselves.
type Event struct {
	decode.Partial
	User      *Resource `json:"user"`
	CreatedAt string    `json:"created_at" hs:"col"`
	Action    string    `json:"action" hs:"col"`
	Resource  Resource  `json:"resource"`
	Parent    *Resource `json:"parent"`
	Change    *struct {
		decode.Partial
		Field    string    `json:"field"`
		Action   string    `json:"action"`
		NewValue *Resource `json:"new_value,omitempty"`
	} `json:"change,omitempty"`
}

// Resource is an Asana object by id and type.
type Resource struct {
	decode.Partial
	GID             string `json:"gid"`
	ResourceType    string `json:"resource_type"`
	ResourceSubtype string `json:"resource_subtype,omitempty"`
}

// name is "task 1204389823472943".
func (r *Resource) name() string {
	if r == nil || r.GID == "" {
		return ""
	}
	return r.ResourceType + " " + r.GID
}

// Summary implements decode.Summarizer: "Asana task.changed · 1 event ·
// task 1204389823472943 · assignee changed · by user 1201234567890123".
func (d *Delivery) Summary() string {
	if len(d.Events) == 0 {
		return "Asana heartbeat · no events"
	}
	var kinds, users decode.Distinct
	for _, e := range d.Events {
		kinds.Add(e.Resource.ResourceType + "." + e.Action)
		if e.User != nil {
			users.Add("by " + e.User.name())
		}
	}
	parts := []string{"Asana " + strings.Join(kinds.Values(), ", "), decode.Plural(len(d.Events), "event", "events")}
	if len(d.Events) == 1 {
		e := d.Events[0]
		what := e.Resource.name()
		if e.Resource.ResourceSubtype != "" && e.Resource.ResourceSubtype != "default_task" {
			what += " (" + e.Resource.ResourceSubtype + ")"
		}
		parts = append(parts, what)
		switch {
		case e.Change != nil:
			parts = append(parts, e.Change.Field+" "+e.Change.Action)
		case e.Parent != nil:
			to := "to"
			if e.Action == "removed" {
				to = "from"
			}
			parts = append(parts, to+" "+e.Parent.name())
		}
	}
	return decode.Join(append(parts, users.Values()...)...)
}
