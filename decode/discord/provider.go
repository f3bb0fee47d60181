// Package discord decodes Discord interactions delivered to an
// interactions endpoint URL: the body's type by name is the topic
// (APPLICATION_COMMAND); X-Signature-Ed25519 is the hex Ed25519 signature of
// X-Signature-Timestamp + body, verified with the application's public key.
package discord

import (
	"encoding/json"

	"github.com/hookscope/hookscope/decode"
	"github.com/hookscope/hookscope/decode/scheme"
)

// Provider is Discord. Discord wants the first answer within 3 s.
var Provider decode.Provider = &decode.Platform{Key: "discord", Title: "Discord", Spec: &scheme.Discord,
	EventList: []decode.Event{{Topic: decode.Any, New: func() decode.Summarizer { return &Interaction{} }, Timeout: "3s"}},
	Detector:  detect, Handshaker: Handshake}

// typeNames are the interaction types (Discord's InteractionType).
var typeNames = map[string]string{"1": "PING", "2": "APPLICATION_COMMAND", "3": "MESSAGE_COMPONENT",
	"4": "APPLICATION_COMMAND_AUTOCOMPLETE", "5": "MODAL_SUBMIT"}

// TypeName is the name of interaction type t ("2" → APPLICATION_COMMAND);
// an unknown type keeps its number.
func TypeName(t string) string {
	if n, ok := typeNames[t]; ok {
		return n
	}
	return t
}

func detect(r *decode.Request) (decode.Detection, bool) {
	if r.Header.Get("X-Signature-Ed25519") == "" {
		return decode.Detection{}, false
	}
	return decode.Claim("discord", TypeName(decode.JSONString(r.Body, "type")), decode.High, "header X-Signature-Ed25519")
}

// Interaction is the fields of a Discord interaction a summary names.
type Interaction struct {
	decode.Partial
	ID            string     `json:"id"`
	ApplicationID string     `json:"application_id"`
	Type          decode.Int `json:"type"`
	GuildID       string     `json:"guild_id,omitempty"`
	ChannelID     string     `json:"channel_id,omitempty"`
	Token         string     `json:"token,omitempty"`
	Version       decode.Int `json:"version,omitempty"`
	Locale        string     `json:"locale,omitempty"`
	Data          *struct {
		decode.Partial
		ID            string     `json:"id,omitempty"`
		Name          string     `json:"name,omitempty"`
		CustomID      string     `json:"custom_id,omitempty"`
		ComponentType decode.Int `json:"component_type,omitempty"`
		Options       []struct {
			decode.Partial
			Name  string          `json:"name" hs:"col"`
			Type  decode.Int      `json:"type" hs:"col"`
			Value json.RawMessage `json:"value,omitempty" hs:"col"`
		} `json:"options,omitempty"`
	} `json:"data,omitempty"`
	Member *struct {
		decode.Partial
		User *User `json:"user,omitempty"`
	} `json:"member,omitempty"`
	User *User `json:"user,omitempty"`
}

// User is a Discord user.
type User struct {
	decode.Partial
	ID         string `json:"id"`
	Username   string `json:"username"`
	GlobalName string `json:"global_name,omitempty"`
}

// Summary implements decode.Summarizer: "Discord APPLICATION_COMMAND ·
// /roll · by mason".
func (i *Interaction) Summary() string {
	s := "Discord " + TypeName(i.Type.String())
	what := ""
	if d := i.Data; d != nil {
		switch {
		case d.Name != "":
			what = "/" + d.Name
		case d.CustomID != "":
			what = d.CustomID
		}
	}
	u := i.User
	if i.Member != nil && i.Member.User != nil {
		u = i.Member.User
	}
	by := ""
	if u != nil {
		by = "by " + u.Username
	}
	guild := ""
	if i.GuildID != "" {
		guild = "guild " + i.GuildID
	}
	return decode.Join(s, what, by, guild)
}
