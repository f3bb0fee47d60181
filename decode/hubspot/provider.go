// Package hubspot decodes HubSpot webhooks: a JSON array of events, each
// with a subscriptionType (contact.creation) that makes the topic;
// X-HubSpot-Signature-v3 is the base64 HMAC-SHA256 of method + the URL
// HubSpot called + body + X-HubSpot-Request-Timestamp (ms), 5 minutes.
package hubspot

import (
	"encoding/json"
	"strings"

	"github.com/hookscope/hookscope/decode"
	"github.com/hookscope/hookscope/decode/scheme"
)

// Provider is HubSpot. HubSpot waits 5 s (UNCONFIRMED).
var Provider decode.Provider = &decode.Platform{Key: "hubspot", Title: "HubSpot", Spec: &scheme.HubSpot,
	EventList: []decode.Event{{Topic: decode.Any, New: func() decode.Summarizer { return &Batch{} }, Timeout: "5s"}},
	Detector:  detect}

func detect(r *decode.Request) (decode.Detection, bool) {
	for _, h := range []string{"X-HubSpot-Signature-v3", "X-HubSpot-Signature"} {
		if r.Header.Get(h) != "" {
			return decode.Claim("hubspot", Topic(r.Body), decode.High, "header "+h)
		}
	}
	return decode.Detection{}, false
}

// Topic is the events' subscriptionType; a batch of several types is
// those types joined by ",", in the order they first appear.
func Topic(body []byte) string {
	var events []struct {
		SubscriptionType string `json:"subscriptionType"`
	}
	if json.Unmarshal(body, &events) != nil {
		return ""
	}
	var types decode.Distinct
	for _, e := range events {
		types.Add(e.SubscriptionType)
	}
	return strings.Join(types.Values(), ",")
}

// Batch is one delivery: a JSON array of up to 100 events.
type Batch struct {
	Events []Event
}

// UnmarshalJSON reads the array.
func (b *Batch) UnmarshalJSON(data []byte) error { return json.Unmarshal(data, &b.Events) }

// Event is one HubSpot webhook event.
type Event struct {
	decode.Partial
	EventID          decode.Int `json:"eventId" hs:"col"`
	SubscriptionType string     `json:"subscriptionType" hs:"col"`
	ObjectID         decode.Int `json:"objectId" hs:"col"`
	PropertyName     string     `json:"propertyName,omitempty" hs:"col"`
	PropertyValue    string     `json:"propertyValue,omitempty" hs:"col"`
	ChangeSource     string     `json:"changeSource,omitempty" hs:"col"`
	SubscriptionID   decode.Int `json:"subscriptionId,omitempty"`
	PortalID         decode.Int `json:"portalId,omitempty"`
	AppID            decode.Int `json:"appId,omitempty"`
	OccurredAt       decode.Int `json:"occurredAt,omitempty"`
	AttemptNumber    decode.Int `json:"attemptNumber,omitempty"`
	ChangeFlag       string     `json:"changeFlag,omitempty"`
}

// Summary implements decode.Summarizer: "HubSpot contact.propertyChange ·
// 2 events · objects 123, 456 · lifecyclestage".
func (b *Batch) Summary() string {
	var types, objectIDs, changes decode.Distinct
	for _, e := range b.Events {
		types.Add(e.SubscriptionType)
		objectIDs.Add(e.ObjectID.String())
		if e.PropertyName != "" {
			changes.Add(e.PropertyName + "=" + e.PropertyValue)
		}
	}
	objects := objectIDs.Values()
	obj := ""
	if len(objects) > 0 {
		obj = "object"
		if len(objects) > 1 {
			obj = "objects"
		}
		obj += " " + strings.Join(objects, ", ")
	}
	return decode.Join("HubSpot "+strings.Join(types.Values(), ","), decode.Plural(len(b.Events), "event", "events"), obj, strings.Join(changes.Values(), ", "))
}
