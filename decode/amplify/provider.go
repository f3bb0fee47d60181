// Package amplify decodes Amplify webhooks: a JSON envelope (api_version,
// created, data.object, id, livemode, object, type, user_id) whose type is
// the topic and whose data.object is the request. Every documented event
// expects a reply body; Amplify documents no signature.
package amplify

import (
	"encoding/json"
	"errors"

	"github.com/hookscope/hookscope/decode"
)

// Provider is Amplify.
type Provider struct{}

// ID implements decode.Provider.
func (Provider) ID() string { return "amplify" }

// Name implements decode.Provider.
func (Provider) Name() string { return "Amplify" }

// Detect claims bodies with Amplify's envelope; its type is the topic.
func (p Provider) Detect(r *decode.Request) (decode.Detection, bool) {
	var env struct {
		APIVersion *string `json:"api_version"`
		Type       *string `json:"type"`
		Data       *struct {
			Object json.RawMessage `json:"object"`
		} `json:"data"`
		Object *string `json:"object"`
	}
	if json.Unmarshal(r.Body, &env) != nil || env.APIVersion == nil || env.Type == nil || env.Data == nil || env.Data.Object == nil {
		return decode.Detection{}, false
	}
	// The envelope is Stripe's shape too (and Stripe's is the original):
	// only a type that is one of Amplify's own events is Amplify's
	// evidence. Anything else is a guess that loses to any header.
	if _, ok := decode.FindEvent(p, *env.Type); ok && (env.Object == nil || *env.Object != "event") {
		return decode.Detection{Provider: p.ID(), Topic: *env.Type, Confidence: decode.High,
			Evidence: []string{"body: api_version+type+data.object, type " + *env.Type + " is an Amplify event"}}, true
	}
	return decode.Detection{Provider: p.ID(), Topic: *env.Type, Confidence: decode.Low,
		Evidence: []string{"body: api_version+type+data.object (Stripe's shape too), type " + *env.Type + " is no Amplify event"}}, true
}

// Payload is the whole envelope; the event types wrap it.
func (Provider) Payload(r *decode.Request) ([]byte, error) {
	if len(r.Body) == 0 {
		return nil, errors.New("empty body")
	}
	return r.Body, nil
}

// Signature is nil: Amplify documents no signature.
func (Provider) Signature() decode.Scheme { return nil }

// Envelope is the documented request structure around every event.
type Envelope[T any] struct {
	APIVersion string      `json:"api_version"`
	Created    decode.Time `json:"created"`
	Data       struct {
		Object T `json:"object"`
	} `json:"data"`
	ID       string `json:"id"`
	Livemode bool   `json:"livemode"`
	Object   string `json:"object"`
	Type     string `json:"type"`
	UserID   string `json:"user_id"`
}

// Summary is the request's summary, marked when not live.
func (e *Envelope[T]) Summary() string {
	s := any(&e.Data.Object).(decode.Summarizer).Summary()
	if !e.Livemode {
		s = decode.Join(s, "test mode")
	}
	return s
}

// Events implements decode.Provider.
func (Provider) Events() []decode.Event { return events }

// events is built once: detection looks events up on every capture.
var events = func() []decode.Event {
	return []decode.Event{
		{Topic: "get_product", New: func() decode.Summarizer { return &Envelope[GetProductRequest]{} }, NewReply: func() any { return &GetProductReply{} }},
		{Topic: "create_customer", New: func() decode.Summarizer { return &Envelope[CreateCustomerRequest]{} }, NewReply: func() any { return &CreateCustomerReply{} }},
		{Topic: "create_order", New: func() decode.Summarizer { return &Envelope[CreateOrderRequest]{} }, NewReply: func() any { return &CreateOrderReply{} }},
		{Topic: "get_shipping_class", New: func() decode.Summarizer { return &Envelope[GetShippingClassRequest]{} }, NewReply: func() any { return &GetShippingClassReply{} }},
	}
}()

// Summary implements decode.Summarizer.
func (r *GetProductRequest) Summary() string {
	return decode.Join("Product request "+r.ProductRefID, "integration "+r.IntegrationID)
}

// Summary implements decode.Summarizer.
func (r *CreateCustomerRequest) Summary() string {
	return decode.Join("Create customer "+r.FirstName+" "+r.LastName, r.Email, r.ShippingCity+", "+r.ShippingCountry)
}

// Summary implements decode.Summarizer.
func (r *CreateOrderRequest) Summary() string {
	return decode.Join("Create order for "+r.FirstName+" "+r.LastName, "product "+r.ProductRefID, "qty "+r.Quantity,
		"total "+r.Total.String(), "shipping "+r.ShippingRate.String(), r.Email)
}

// Summary implements decode.Summarizer.
func (r *GetShippingClassRequest) Summary() string {
	return decode.Join("Shipping rates to "+r.ShippingState+", "+r.ShippingCountry, "price "+r.Price.String(), "weight "+r.Weight.String())
}
