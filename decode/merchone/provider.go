// Package merchone decodes merchOne webhooks: a JSON body with type and
// created as an object {date, timezone_type, timezone}. merchOne documents
// five events (shipment_sent, shipment_tracking_event, order_canceled,
// order_failed, order_commented), each carrying the order, and no signature.
package merchone

import (
	"encoding/json"
	"errors"
	"time"

	"github.com/hookscope/hookscope/decode"
	"github.com/hookscope/hookscope/decode/excerpt"
)

// Provider is merchOne.
type Provider struct{}

// ID implements decode.Provider.
func (Provider) ID() string { return "merchone" }

// Name implements decode.Provider.
func (Provider) Name() string { return "merchOne" }

// Detect claims bodies with type and an object-shaped created. Another
// platform sends shipment_sent with an integer created; that is not ours.
func (p Provider) Detect(r *decode.Request) (decode.Detection, bool) {
	var body struct {
		Type    *string          `json:"type"`
		Created *json.RawMessage `json:"created"`
	}
	if json.Unmarshal(r.Body, &body) != nil || body.Type == nil || body.Created == nil {
		return decode.Detection{}, false
	}
	var created map[string]json.RawMessage
	if json.Unmarshal(*body.Created, &created) != nil {
		return decode.Detection{}, false
	}
	for _, k := range []string{"date", "timezone_type", "timezone"} {
		if _, ok := created[k]; !ok {
			return decode.Detection{}, false
		}
	}
	return decode.Detection{Provider: p.ID(), Topic: *body.Type, Confidence: decode.High,
		Evidence: []string{"body: type+created{date,timezone_type,timezone}"}}, true
}

// Payload is the JSON body.
func (Provider) Payload(r *decode.Request) ([]byte, error) {
	if len(r.Body) == 0 {
		return nil, errors.New("empty body")
	}
	return r.Body, nil
}

// Signature is nil: merchOne documents no signature.
func (Provider) Signature() decode.Scheme { return nil }

// Events implements decode.Provider. merchOne waits up to 60 s for a 2xx.
func (Provider) Events() []decode.Event { return events }

// events is built once: detection looks events up on every capture.
var events = func() []decode.Event {
	ev := func(topic string, f func() decode.Summarizer) decode.Event {
		return decode.Event{Topic: topic, New: f, Timeout: "60s"}
	}
	return []decode.Event{
		ev("shipment_sent", func() decode.Summarizer { return &ShipmentSent{} }),
		ev("shipment_tracking_event", func() decode.Summarizer { return &ShipmentTrackingEvent{} }),
		ev("order_canceled", func() decode.Summarizer { return &OrderCanceled{} }),
		ev("order_failed", func() decode.Summarizer { return &OrderFailed{} }),
		ev("order_commented", func() decode.Summarizer { return &OrderCommented{} }),
	}
}()

// String renders a PHP DateTime as merchOne sends it, in its zone.
func (t Timestamp) String() string {
	if t.Date == "" {
		return ""
	}
	if loc, err := time.LoadLocation(t.Timezone); err == nil {
		if v, err := time.ParseInLocation("2006-01-02 15:04:05.999999", t.Date, loc); err == nil {
			return v.Format("2006-01-02 15:04:05 MST")
		}
	}
	return t.Date + " " + t.Timezone
}

// Summary implements decode.Summarizer.
func (s *ShipmentSent) Summary() string {
	o := s.Data.Order
	test := testOrder(o)
	tracking := s.Data.Shipment.TrackingNumber
	if tracking == "" {
		tracking = "no tracking number"
	}
	return decode.Join("Shipment of order "+o.ID, s.Data.Shipment.ShippingMethod.Name,
		decode.Plural(len(s.Data.Shipment.Items), "item", "items"), tracking,
		decode.Money(o.Totals.TotalAmount, o.Totals.TotalAmountDetails.Currency), test)
}

// testOrder marks a test order in a summary.
func testOrder(o Order) string {
	if o.IsTest {
		return "test order"
	}
	return ""
}

// Summary implements decode.Summarizer.
func (e *ShipmentTrackingEvent) Summary() string {
	t := e.Data.Event
	return decode.Join("Tracking of order "+e.Data.Order.ID, t.Status, t.Location, t.Details, t.Date.String(), testOrder(e.Data.Order))
}

// Summary implements decode.Summarizer.
func (e *OrderCanceled) Summary() string {
	by := ""
	if e.Data.Author != "" {
		by = "by " + e.Data.Author
	}
	return decode.Join("Order "+e.Data.Order.ID+" canceled", by, testOrder(e.Data.Order))
}

// Summary implements decode.Summarizer.
func (e *OrderFailed) Summary() string {
	return decode.Join("Order "+e.Data.Order.ID+" failed", excerpt.Line(e.Data.Reason), testOrder(e.Data.Order))
}

// Summary implements decode.Summarizer.
func (e *OrderCommented) Summary() string {
	return decode.Join("Comment on order "+e.Data.Order.ID, excerpt.Quote(e.Data.Comment), testOrder(e.Data.Order))
}
