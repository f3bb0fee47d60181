// Package americommerce decodes AmeriCommerce webhooks. The platform names
// the event only through the URL the merchant registered for it, so the
// topic is an event name in the last path segment (…/OrderPlacedProcessor),
// else the body's shape; bodies are JSON, unsigned.
// Eight events wait up to 3 seconds for a reply body.
package americommerce

import (
	"encoding/json"
	"errors"
	"sort"
	"strings"

	"github.com/hookscope/hookscope/decode"
)

// Provider is AmeriCommerce.
type Provider struct{}

// ID implements decode.Provider.
func (Provider) ID() string { return "americommerce" }

// Name implements decode.Provider.
func (Provider) Name() string { return "AmeriCommerce" }

// Detect takes the event from the path's last segment: its exact name
// (high confidence), else an event name within it, the longest when
// several are (medium: "/OrderPlacedProcessor", the document's own example,
// but another sender's URL could contain such a word too). Without one in
// the path, the body's root keys (low: other senders may use such keys)
// tell it, and Detect says so when several events share the shape.
func (p Provider) Detect(r *decode.Request) (decode.Detection, bool) {
	seg := r.LastSegment()
	if e, ok := decode.FindEvent(p, seg); ok {
		return decode.Detection{Provider: p.ID(), Topic: e.Topic, Confidence: decode.High,
			Evidence: []string{"path segment " + seg}}, true
	}
	if topics := eventsIn(seg); len(topics) > 0 {
		d := decode.Detection{Provider: p.ID(), Confidence: decode.Medium,
			Evidence: []string{"path segment " + seg + " contains the event name " + strings.Join(topics, " and ")}}
		if len(topics) == 1 {
			d.Topic = topics[0]
		} else {
			d.Candidates = topics
		}
		return d, true
	}
	var obj map[string]json.RawMessage
	if json.Unmarshal(r.Body, &obj) != nil || len(obj) == 0 {
		return decode.Detection{}, false
	}
	topics, why := byShape(obj)
	if len(topics) == 0 {
		return decode.Detection{}, false
	}
	d := decode.Detection{Provider: p.ID(), Confidence: decode.Low, Evidence: []string{why}}
	if len(topics) == 1 {
		d.Topic = topics[0]
	} else {
		d.Candidates = topics
		d.Evidence = append(d.Evidence, "ambiguous: "+strings.Join(topics, ", ")+" share this shape; name the event in the URL (…/OrderPlacedProcessor)")
	}
	return d, true
}

// eventsIn returns the longest event names within seg, case-insensitively:
// one, or several of the same length when the segment names more.
func eventsIn(seg string) []string {
	lower := strings.ToLower(seg)
	var best []string
	for _, e := range events {
		if !strings.Contains(lower, strings.ToLower(e.Topic)) {
			continue
		}
		switch {
		case len(best) == 0 || len(e.Topic) > len(best[0]):
			best = []string{e.Topic}
		case len(e.Topic) == len(best[0]):
			best = append(best, e.Topic)
		}
	}
	return best
}

func byShape(obj map[string]json.RawMessage) ([]string, string) {
	keys := make([]string, 0, len(obj))
	for k := range obj {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	has := func(k string) bool { _, ok := obj[k]; return ok }
	itemHas := func(list, field string) bool {
		var items []map[string]json.RawMessage
		if json.Unmarshal(obj[list], &items) != nil || len(items) == 0 {
			return false
		}
		_, ok := items[0][field]
		return ok
	}
	why := "body keys: " + strings.Join(keys, "+")
	switch {
	case len(obj) == 1 && has("order"):
		return []string{"OrderApproved", "OrderCanceled", "OrderDeclined", "OrderPlaced", "OrderShipped"}, why
	case len(obj) == 1 && has("order_payment"):
		return []string{"AuthorizingPayment", "CapturingPayment", "PaymentProcessed"}, why
	case len(obj) == 1 && has("item"):
		return []string{"ProductStatusChanged"}, why
	case len(obj) == 1 && has("cart"):
		return []string{"ValidateCart"}, why
	case has("cart") && has("customer") && has("payment_methods"):
		return []string{"ValidateCheckout"}, why
	case has("cart_id") && has("items") && has("shipping_method_list"):
		return []string{"GetDiscount"}, why
	case has("items") && has("shipping_total") && has("handling_total") && itemHas("items", "cart_item_id"):
		return []string{"GetTax"}, why
	case has("items") && has("customer_type_id"):
		return []string{"GetPrice"}, why
	case len(obj) == 1 && has("items") && itemHas("items", "product_status_id"):
		return []string{"GetProductStatus"}, why
	}
	return nil, ""
}

// Payload is the JSON body.
func (Provider) Payload(r *decode.Request) ([]byte, error) {
	if len(r.Body) == 0 {
		return nil, errors.New("empty body")
	}
	return r.Body, nil
}

// Signature is nil: AmeriCommerce documents no signature.
func (Provider) Signature() decode.Scheme { return nil }
