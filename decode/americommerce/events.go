package americommerce

import (
	"fmt"
	"strings"

	"github.com/hookscope/hookscope/decode"
)

// replyTimeout is AmeriCommerce's documented wait for a reply body.
const replyTimeout = "3s"

// Events implements decode.Provider.
func (Provider) Events() []decode.Event { return events }

// events is built once: detection looks events up on every capture.
var events = func() []decode.Event {
	order := func() decode.Summarizer { return &OrderEvent{} }
	payment := func() decode.Summarizer { return &PaymentEvent{} }
	paymentReply := func() any { return &PaymentReply{} }
	validation := func() any { return &ValidationReply{} }
	notify := func(topic string, f func() decode.Summarizer) decode.Event {
		return decode.Event{Topic: topic, New: f}
	}
	reply := func(topic string, f func() decode.Summarizer, r func() any) decode.Event {
		return decode.Event{Topic: topic, New: f, NewReply: r, Timeout: replyTimeout}
	}
	return []decode.Event{
		reply("AuthorizingPayment", payment, paymentReply),
		reply("CapturingPayment", payment, paymentReply),
		reply("GetPrice", func() decode.Summarizer { return &GetPriceRequest{} }, func() any { return &GetPriceReply{} }),
		reply("GetProductStatus", func() decode.Summarizer { return &GetProductStatusRequest{} }, func() any { return &GetProductStatusReply{} }),
		reply("GetTax", func() decode.Summarizer { return &GetTaxRequest{} }, func() any { return &GetTaxReply{} }),
		notify("OrderApproved", order),
		notify("OrderCanceled", order),
		notify("OrderDeclined", order),
		notify("OrderPlaced", order),
		notify("OrderShipped", order),
		notify("PaymentProcessed", payment),
		notify("ProductStatusChanged", func() decode.Summarizer { return &ProductStatusChangedRequest{} }),
		reply("ValidateCart", func() decode.Summarizer { return &ValidateCartRequest{} }, validation),
		reply("ValidateCheckout", func() decode.Summarizer { return &ValidateCheckoutRequest{} }, validation),
		reply("GetDiscount", func() decode.Summarizer { return &GetDiscountRequest{} }, func() any { return &GetDiscountReply{} }),
	}
}()

// Summary implements decode.Summarizer.
func (e *OrderEvent) Summary() string {
	o := e.Order
	return decode.Join(fmt.Sprintf("Order %s", o.OrderNumber), decode.Money(o.GrandTotal, o.CurrencyCode),
		decode.Plural(len(o.Items), "item", "items"), o.Email, o.OrderStatus)
}

// Summary implements decode.Summarizer.
func (e *PaymentEvent) Summary() string {
	p := e.OrderPayment
	card := strings.TrimSpace(p.CardType + " ····" + p.LastFour)
	state := "pending"
	switch {
	case p.IsApproved:
		state = "approved"
	case p.IsDeclined:
		state = "declined"
	}
	return decode.Join(fmt.Sprintf("Payment %d", p.ID), decode.Money(p.Amount, p.CurrencyCode), card,
		fmt.Sprintf("order %d", p.OrderID), state)
}

// Summary implements decode.Summarizer.
func (r *GetPriceRequest) Summary() string {
	var items []string
	for _, it := range r.Items {
		items = append(items, fmt.Sprintf("%s ×%d", it.ItemNumber, it.Quantity))
	}
	return decode.Join("Price request", decode.Plural(len(r.Items), "item", "items")+": "+strings.Join(items, ", "),
		fmt.Sprintf("customer type %d", r.CustomerTypeID))
}

// Summary implements decode.Summarizer.
func (r *GetProductStatusRequest) Summary() string {
	var items []string
	for _, it := range r.Items {
		items = append(items, fmt.Sprintf("%s (%d in stock)", it.ItemNumber, it.Inventory))
	}
	return decode.Join("Product status request", decode.Plural(len(r.Items), "item", "items")+": "+strings.Join(items, ", "))
}

// Summary implements decode.Summarizer.
func (r *GetTaxRequest) Summary() string {
	var subtotals []decode.Decimal
	for _, it := range r.Items {
		subtotals = append(subtotals, it.LineItemSubtotal)
	}
	sub := decode.Sum(subtotals...)
	if sub != "" {
		sub = "subtotal " + sub
	}
	return decode.Join("Tax request", decode.Plural(len(r.Items), "item", "items"), sub,
		"shipping "+r.ShippingTotal.String(), "handling "+r.HandlingTotal.String())
}

// Summary implements decode.Summarizer.
func (r *ProductStatusChangedRequest) Summary() string {
	it := r.Item
	return decode.Join(fmt.Sprintf("Product %d status: %s", it.ProductID, it.ProductStatus.Name), it.ItemNumber,
		fmt.Sprintf("%d in stock", it.Inventory))
}

// Summary implements decode.Summarizer.
func (r *ValidateCartRequest) Summary() string {
	return decode.Join(fmt.Sprintf("Validate cart %d", r.Cart.ID), decode.Plural(len(r.Cart.Items), "item", "items"),
		"subtotal "+r.Cart.Subtotal.String())
}

// Summary implements decode.Summarizer.
func (r *ValidateCheckoutRequest) Summary() string {
	var pays []string
	for _, p := range r.PaymentMethods {
		pays = append(pays, p.Amount.String()+" by "+p.Name)
	}
	name := strings.TrimSpace(r.Customer.FirstName + " " + r.Customer.LastName)
	return decode.Join("Validate checkout", name, fmt.Sprintf("cart %d", r.Cart.ID), strings.Join(r.ShippingMethods, ", "),
		strings.Join(pays, ", "))
}

// Summary implements decode.Summarizer.
func (r *GetDiscountRequest) Summary() string {
	code := ""
	if r.AdCode != "" {
		code = "ad code " + r.AdCode
	}
	return decode.Join(fmt.Sprintf("Discount request for cart %d", r.CartID), decode.Plural(len(r.Items), "item", "items"),
		code, "shipping "+r.ShippingTotal.String())
}
