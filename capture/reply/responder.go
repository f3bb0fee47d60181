package reply

import (
	"github.com/hookscope/hookscope/capture/store"
	"github.com/hookscope/hookscope/decode"
	"github.com/hookscope/hookscope/decode/registry"
)

// decodeLimit caps content decoding when rendering a reply on the capture
// path, as analysis does.
const decodeLimit = 4 << 20

// Responder returns the capture server's replier: each delivery gets the
// default for its provider and topic, rendered over its typed request.
// Only events with a documented default are decoded again.
func Responder(a *registry.Analyzer) func(*store.Delivery) {
	return func(d *store.Delivery) {
		rule := Default(d.Provider, d.Topic)
		r := decode.NewRequestLimit(d.Method, d.URI, d.Headers, d.Body, decodeLimit)
		var event any
		if rule.Name != Plain.Name {
			event = typedEvent(d, r)
		}
		rep := Render(rule, NewData(d.Method, r.Path, r.Query, d.Headers, r.Body, d.Provider, d.Topic, event))
		d.ReplyStatus, d.ReplyRule, d.ReplyHeaders, d.ReplyBody = rep.Status, rep.Rule, rep.Headers, rep.Body
	}
}

// typedEvent decodes d as its detected event; nil when it does not fit,
// and the template then fails visibly with a 500.
func typedEvent(d *store.Delivery, r *decode.Request) any {
	p, ok := registry.Lookup(d.Provider)
	if !ok {
		return nil
	}
	e, ok := decode.FindEvent(p, d.Topic)
	if !ok {
		return nil
	}
	payload, err := p.Payload(r)
	if err != nil {
		return nil
	}
	v := e.New()
	if decode.Unmarshal(payload, v) != nil {
		return nil
	}
	return v
}
