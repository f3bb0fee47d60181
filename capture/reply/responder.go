package reply

import (
	"strings"
	"time"

	"github.com/hookscope/hookscope/capture/store"
	"github.com/hookscope/hookscope/decode"
	"github.com/hookscope/hookscope/decode/registry"
)

// Chooser picks the rule for a delivery; *Live is one.
type Chooser interface {
	Choose(provider, topic, method, path string) (Rule, time.Duration)
}

// RequestResponder returns the capture server's replier
// (capture.WithRequestReplier): each delivery gets the rule rules choose (a
// user rule, else the documented default), rendered over the request the
// analyzer already decoded, and its typed event. Replies without template
// actions skip decoding.
func RequestResponder(rules Chooser) func(*store.Delivery, *decode.Request) {
	return func(d *store.Delivery, r *decode.Request) {
		rule, delay := rules.Choose(d.Provider, d.Topic, d.Method, r.Path)
		if h, ok := r.Handshake(); ok && isDefault(rule) {
			// The platform's handshake (decode/<provider>): a user rule
			// for the delivery wins, the defaults do not.
			d.ReplyStatus, d.ReplyRule, d.ReplyHeaders, d.ReplyBody = h.Status, "handshake "+h.Name, h.Header, h.Body
			d.ReplyDelay = 0
			return
		}
		topic := d.Topic
		if topic == "" && d.Provider != "" && rule.Name == Plain.Name {
			// No user rule and no topic: when the candidates expect a
			// reply, the one the body fits answers.
			if amb, t, ok := ambiguousDefault(d.Provider, r); ok {
				rule, topic = amb, t
			}
		}
		var data Data
		if strings.Contains(rule.Body, "{{") {
			// Only a template reads the request: a fixed body (most
			// replies) costs no decoding on the capture path.
			data = NewData(d.Method, r.Path, r.Query, d.Headers, r.Body, d.Provider, topic, typedEvent(d.Provider, topic, r))
		}
		rep := Render(rule, data)
		d.ReplyStatus, d.ReplyRule, d.ReplyHeaders, d.ReplyBody = rep.Status, rep.Rule, rep.Headers, rep.Body
		d.ReplyDelay = delay
	}
}

// isDefault reports whether rule is a documented default, not one the user
// set.
func isDefault(rule Rule) bool {
	return rule.Name == Plain.Name || strings.HasPrefix(rule.Name, "default ")
}

// Defaults chooses the documented defaults only (no user rules).
type Defaults struct{}

// Choose implements Chooser.
func (Defaults) Choose(provider, topic, _, _ string) (Rule, time.Duration) {
	return Default(provider, topic), 0
}

// typedEvent decodes r as provider's event topic; nil when it does not fit,
// and a template using .Event then fails visibly with a 500.
func typedEvent(provider, topic string, r *decode.Request) any {
	if _, v, ok := registry.Typed(provider, topic, r); ok {
		return v
	}
	return nil
}
