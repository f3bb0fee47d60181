// Package razorpay decodes Razorpay webhooks: an event envelope (entity
// "event", account_id, event, contains, payload) whose event is the topic
// (payment.captured) and whose payload holds a snapshot of each entity it
// names; X-Razorpay-Signature is the hex HMAC-SHA256 of the raw body with
// the webhook secret (not the API key secret), X-Razorpay-Event-Id the
// event's id, the same across retries.
package razorpay

import (
	"github.com/hookscope/hookscope/decode"
	"github.com/hookscope/hookscope/decode/excerpt"
	"github.com/hookscope/hookscope/decode/scheme"
)

// Provider is Razorpay.
var Provider decode.Provider = &decode.Platform{Key: "razorpay", Title: "Razorpay", Spec: &scheme.Razorpay,
	EventList: []decode.Event{{Topic: decode.Any, New: func() decode.Summarizer { return &Event{} }}},
	Detector:  detect}

func detect(r *decode.Request) (decode.Detection, bool) {
	for _, h := range []string{"X-Razorpay-Signature", "X-Razorpay-Event-Id"} {
		if r.Header.Get(h) != "" {
			return decode.Claim("razorpay", decode.JSONString(r.Body, "event"), decode.High, "header "+h)
		}
	}
	return decode.Detection{}, false
}

// Event is Razorpay's webhook body.
type Event struct {
	decode.Partial
	Entity    string     `json:"entity"`
	AccountID string     `json:"account_id"`
	Event     string     `json:"event"`
	Contains  []string   `json:"contains"`
	CreatedAt decode.Int `json:"created_at"`
	Payload   struct {
		decode.Partial
		Payment *struct {
			decode.Partial
			Entity Payment `json:"entity"`
		} `json:"payment,omitempty"`
		Order *struct {
			decode.Partial
			Entity Order `json:"entity"`
		} `json:"order,omitempty"`
		Refund *struct {
			decode.Partial
			Entity Refund `json:"entity"`
		} `json:"refund,omitempty"`
	} `json:"payload"`
}

// Payment is a Razorpay payment; amounts are in the currency's smallest
// unit (paise).
type Payment struct {
	decode.Partial
	ID               string            `json:"id"`
	Amount           decode.Int        `json:"amount"`
	Currency         string            `json:"currency"`
	Status           string            `json:"status"`
	OrderID          string            `json:"order_id,omitempty"`
	Method           string            `json:"method,omitempty"`
	Captured         bool              `json:"captured,omitempty"`
	Email            string            `json:"email,omitempty"`
	Contact          string            `json:"contact,omitempty"`
	Description      string            `json:"description,omitempty"`
	Notes            map[string]string `json:"notes,omitempty"`
	ErrorCode        string            `json:"error_code,omitempty"`
	ErrorDescription string            `json:"error_description,omitempty"`
	ErrorReason      string            `json:"error_reason,omitempty"`
}

// Order is a Razorpay order.
type Order struct {
	decode.Partial
	ID         string     `json:"id"`
	Amount     decode.Int `json:"amount"`
	AmountPaid decode.Int `json:"amount_paid,omitempty"`
	AmountDue  decode.Int `json:"amount_due,omitempty"`
	Currency   string     `json:"currency"`
	Receipt    string     `json:"receipt,omitempty"`
	Status     string     `json:"status"`
	Attempts   decode.Int `json:"attempts,omitempty"`
}

// Refund is a Razorpay refund.
type Refund struct {
	decode.Partial
	ID        string     `json:"id"`
	Amount    decode.Int `json:"amount"`
	Currency  string     `json:"currency"`
	PaymentID string     `json:"payment_id"`
	Status    string     `json:"status"`
}

// Summary implements decode.Summarizer: "Razorpay payment.captured ·
// pay_29QQoUBi66xm2f · 500.00 INR · card · captured ·
// gaurav.kumar@example.com"; an order's or refund's event names that.
func (e *Event) Summary() string {
	s := "Razorpay " + e.Event
	p := e.Payload
	switch {
	case p.Refund != nil:
		r := p.Refund.Entity
		return decode.Join(s, r.ID, decode.MinorUnits(r.Amount, r.Currency), "for "+r.PaymentID, r.Status)
	case p.Order != nil && (p.Payment == nil || e.Event == "order.paid"):
		o := p.Order.Entity
		receipt := ""
		if o.Receipt != "" {
			receipt = "receipt " + o.Receipt
		}
		by := ""
		if p.Payment != nil {
			by = decode.Join(p.Payment.Entity.ID, p.Payment.Entity.Method)
		}
		return decode.Join(s, o.ID, decode.MinorUnits(o.Amount, o.Currency), o.Status, receipt, by)
	case p.Payment != nil:
		y := p.Payment.Entity
		why := y.ErrorDescription
		if why == "" {
			why = y.ErrorReason
		}
		return decode.Join(s, y.ID, decode.MinorUnits(y.Amount, y.Currency), y.Method, y.Status, y.Email, excerpt.Line(why))
	}
	return s
}
