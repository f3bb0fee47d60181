// Package slack decodes Slack requests: Events API JSON (url_verification,
// event_callback with the inner event's type as the topic), interactivity
// posts (a form whose payload field is JSON with a type) and slash
// commands (a form with command); all signed v0=hex HMAC-SHA256 of
// "v0:ts:body" in X-Slack-Signature, 5 minutes.
package slack

import (
	"encoding/json"
	"errors"

	"github.com/hookscope/hookscope/decode"
	"github.com/hookscope/hookscope/decode/excerpt"
	"github.com/hookscope/hookscope/decode/scheme"
)

// Provider is Slack. Slack waits 3 s for the answer.
var Provider decode.Provider = &decode.Platform{Key: "slack", Title: "Slack", Spec: &scheme.Slack,
	EventList: []decode.Event{{Topic: decode.Any, New: func() decode.Summarizer { return &Event{} }, Timeout: "3s"}},
	Detector:  detect, Extract: payload, Handshaker: handshake}

func detect(r *decode.Request) (decode.Detection, bool) {
	if r.Header.Get("X-Slack-Signature") == "" {
		return decode.Detection{}, false
	}
	return decode.Claim("slack", topic(r), decode.High, "header X-Slack-Signature")
}

func topic(r *decode.Request) string {
	if r.MediaType() == "application/x-www-form-urlencoded" {
		f := r.Form()
		if p := f.Get("payload"); p != "" {
			return decode.JSONString([]byte(p), "type")
		}
		return f.Get("command")
	}
	if t := decode.JSONString(r.Body, "type"); t != "event_callback" {
		return t
	}
	return decode.JSONString(r.Body, "event.type")
}

// payload is the JSON: the body, an interactivity form's payload field, or
// a slash command's form fields as an object.
func payload(r *decode.Request) ([]byte, error) {
	if r.MediaType() != "application/x-www-form-urlencoded" {
		if len(r.Body) == 0 {
			return nil, errors.New("empty body")
		}
		return r.Body, nil
	}
	f := r.Form()
	if p := f.Get("payload"); p != "" {
		return []byte(p), nil
	}
	obj := map[string]string{}
	for k := range f {
		obj[k] = f.Get(k)
	}
	return json.Marshal(obj)
}

// Event is the fields of Slack's requests a summary names, for all three
// kinds.
type Event struct {
	decode.Partial
	decode.Topic
	Type      string `json:"type,omitempty"`
	TeamID    string `json:"team_id,omitempty"`
	Challenge string `json:"challenge,omitempty"`
	Event     *struct {
		decode.Partial
		Type    string `json:"type"`
		User    string `json:"user,omitempty"`
		Text    string `json:"text,omitempty"`
		Channel string `json:"channel,omitempty"`
	} `json:"event,omitempty"`
	// Slash commands.
	Command     string `json:"command,omitempty"`
	Text        string `json:"text,omitempty"`
	UserName    string `json:"user_name,omitempty"`
	ChannelName string `json:"channel_name,omitempty"`
	// Interactivity.
	User *struct {
		decode.Partial
		Username string `json:"username,omitempty"`
		Name     string `json:"name,omitempty"`
	} `json:"user,omitempty"`
	Actions []struct {
		decode.Partial
		ActionID string `json:"action_id" hs:"col"`
		Value    string `json:"value,omitempty" hs:"col"`
	} `json:"actions,omitempty"`
}

// Summary implements decode.Summarizer.
func (e *Event) Summary() string {
	s := "Slack " + e.Name()
	switch {
	case e.Command != "":
		return decode.Join(s, excerpt.Quote(e.Text), "by "+e.UserName, "#"+e.ChannelName)
	case e.Event != nil:
		return decode.Join(s, excerpt.Quote(e.Event.Text), by(e.Event.User), e.Event.Channel)
	case e.User != nil:
		who := e.User.Username
		if who == "" {
			who = e.User.Name
		}
		actions := ""
		if len(e.Actions) > 0 {
			actions = e.Actions[0].ActionID
		}
		return decode.Join(s, actions, by(who))
	case e.Challenge != "":
		return decode.Join(s, "challenge to echo")
	}
	return decode.Join(s, e.TeamID)
}

func by(u string) string {
	if u == "" {
		return ""
	}
	return "by " + u
}
