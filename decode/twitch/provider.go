// Package twitch decodes Twitch EventSub webhook messages: the
// subscription type in Twitch-Eventsub-Subscription-Type is the topic
// (channel.follow), or the message type for challenges and revocations;
// Twitch-Eventsub-Message-Signature is sha256=<hex HMAC-SHA256 of id +
// timestamp + body>, 10 minutes.
package twitch

import (
	"github.com/hookscope/hookscope/decode"
	"github.com/hookscope/hookscope/decode/scheme"
)

// Provider is Twitch EventSub. Twitch wants an answer "within a few
// seconds" (UNCONFIRMED as a number).
var Provider decode.Provider = &decode.Platform{Key: "twitch", Title: "Twitch", Spec: &scheme.Twitch,
	EventList: []decode.Event{{Topic: decode.Any, New: func() decode.Summarizer { return &Message{} }, Timeout: "3s"}},
	Detector:  detect, Handshaker: Handshake}

func detect(r *decode.Request) (decode.Detection, bool) {
	if r.Header.Get("Twitch-Eventsub-Message-Id") == "" {
		return decode.Detection{}, false
	}
	topic := r.Header.Get("Twitch-Eventsub-Subscription-Type")
	if t := r.Header.Get("Twitch-Eventsub-Message-Type"); t != "" && t != "notification" || topic == "" {
		topic = t
	}
	if topic == "" {
		topic = decode.JSONString(r.Body, "subscription.type")
	}
	return decode.Claim("twitch", topic, decode.High, "header Twitch-Eventsub-Message-Id")
}

// Message is an EventSub webhook body: the subscription and the event (or
// the challenge to echo).
type Message struct {
	decode.Partial
	decode.Topic
	Challenge    string `json:"challenge,omitempty"`
	Subscription struct {
		decode.Partial
		ID        string            `json:"id"`
		Status    string            `json:"status"`
		Type      string            `json:"type"`
		Version   string            `json:"version"`
		Cost      decode.Int        `json:"cost,omitempty"`
		Condition map[string]string `json:"condition,omitempty"`
		CreatedAt string            `json:"created_at,omitempty"`
	} `json:"subscription"`
	Event *struct {
		decode.Partial
		ID                   string `json:"id,omitempty"`
		UserLogin            string `json:"user_login,omitempty"`
		UserName             string `json:"user_name,omitempty"`
		BroadcasterUserLogin string `json:"broadcaster_user_login,omitempty"`
		BroadcasterUserName  string `json:"broadcaster_user_name,omitempty"`
		Type                 string `json:"type,omitempty"`
		StartedAt            string `json:"started_at,omitempty"`
		FollowedAt           string `json:"followed_at,omitempty"`
		Tier                 string `json:"tier,omitempty"`
		IsGift               bool   `json:"is_gift,omitempty"`
	} `json:"event,omitempty"`
}

// Summary implements decode.Summarizer: "Twitch channel.follow · Cool_User
// → Cooler_User".
func (m *Message) Summary() string {
	s := "Twitch " + m.Name()
	if m.Challenge != "" {
		return decode.Join(s, m.Subscription.Type, "challenge to echo")
	}
	e := m.Event
	if e == nil {
		return decode.Join(s, m.Subscription.Type, m.Subscription.Status)
	}
	who := e.BroadcasterUserName
	if e.UserName != "" {
		who = e.UserName + " → " + e.BroadcasterUserName
	}
	tier := ""
	if e.Tier != "" {
		tier = "tier " + e.Tier
		if e.IsGift {
			tier += " (gift)"
		}
	}
	return decode.Join(s, who, e.Type, tier)
}
