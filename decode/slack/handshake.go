package slack

import "github.com/hookscope/hookscope/decode"

// handshake answers Slack's url_verification, sent when an Events API
// Request URL is saved: "respond in plaintext with the challenge attribute
// value" (api.slack.com/events/url_verification; JSON {"challenge": …} is
// also accepted). The request is signed like any other, but echoing the
// challenge proves only that the URL answers, so it is echoed whatever the
// verdict; the verdict is recorded with the delivery as usual.
func handshake(r *decode.Request, _ decode.HandshakeInput) (decode.Handshake, bool) {
	if r.MediaType() == "application/x-www-form-urlencoded" || decode.JSONString(r.Body, "type") != "url_verification" {
		return decode.Handshake{}, false
	}
	return decode.TextReply("slack url_verification", 200, decode.JSONString(r.Body, "challenge")), true
}
