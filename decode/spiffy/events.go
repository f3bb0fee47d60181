package spiffy

import (
	"fmt"
	"strings"

	"github.com/hookscope/hookscope/decode"
	"github.com/hookscope/hookscope/decode/excerpt"
)

// topics maps every documented topic to the resource its body holds.
var topics = []struct {
	resource string
	topics   []string
	new      func() decode.Summarizer
}{
	{"Cart", []string{"carts/create", "carts/update"}, func() decode.Summarizer { return &Cart{} }},
	{"Checkout", []string{"checkouts/create", "checkouts/delete", "checkouts/update"}, func() decode.Summarizer { return &Checkout{} }},
	{"Collection", []string{"collections/create", "collections/delete", "collections/update"}, func() decode.Summarizer { return &Collection{} }},
	{"CollectionPublication", []string{"collection_listings/add", "collection_listings/remove", "collection_listings/update"}, func() decode.Summarizer { return &CollectionListing{} }},
	{"Customer", []string{"customers/create", "customers/delete", "customers/disable", "customers/enable", "customers/update"}, func() decode.Summarizer { return &Customer{} }},
	{"CustomerSavedSearch", []string{"customer_groups/create", "customer_groups/delete", "customer_groups/update"}, func() decode.Summarizer { return &CustomerGroup{} }},
	{"DraftOrder", []string{"draft_orders/create", "draft_orders/delete", "draft_orders/update"}, func() decode.Summarizer { return &DraftOrder{} }},
	{"Fulfillment", []string{"fulfillments/create", "fulfillments/update"}, func() decode.Summarizer { return &Fulfillment{} }},
	{"FulfillmentEvent", []string{"fulfillment_events/create", "fulfillment_events/delete"}, func() decode.Summarizer { return &FulfillmentEvent{} }},
	{"Order", []string{"orders/cancelled", "orders/create", "orders/delete", "orders/fulfilled", "orders/paid", "orders/partially_fulfilled", "orders/updated"}, func() decode.Summarizer { return &Order{} }},
	{"OrderTransaction", []string{"order_transactions/create"}, func() decode.Summarizer { return &OrderTransaction{} }},
	{"Product", []string{"products/create", "products/delete", "products/update"}, func() decode.Summarizer { return &Product{} }},
	{"ProductPublication", []string{"product_listings/add", "product_listings/remove", "product_listings/update"}, func() decode.Summarizer { return &ProductListing{} }},
	{"Refund", []string{"refunds/create"}, func() decode.Summarizer { return &Refund{} }},
	{"Shop", []string{"app/uninstalled", "shop/update"}, func() decode.Summarizer { return &Shop{} }},
	{"Theme", []string{"themes/create", "themes/delete", "themes/publish", "themes/update"}, func() decode.Summarizer { return &Theme{} }},
}

// Events implements decode.Provider. Spiffy expects no reply body.
func (Provider) Events() []decode.Event { return events }

// events is built once: detection looks events up on every capture.
var events = func() []decode.Event {
	var out []decode.Event
	for _, g := range topics {
		for _, t := range g.topics {
			out = append(out, decode.Event{Topic: t, New: g.new})
		}
	}
	return out
}()

// eventByTopic is every documented topic, for finding one in a path.
var eventByTopic = func() map[string]bool {
	m := map[string]bool{}
	for _, e := range events {
		m[e.Topic] = true
	}
	return m
}()

func person(first, last string) string { return strings.TrimSpace(first + " " + last) }

// Summary implements decode.Summarizer.
func (c *Cart) Summary() string {
	var prices []decode.Decimal
	for _, li := range c.LineItems {
		prices = append(prices, li.LinePrice)
	}
	return decode.Join("Cart "+excerpt.Clip(c.Token, 12), decode.Plural(len(c.LineItems), "item", "items"), decode.Sum(prices...))
}

// Summary implements decode.Summarizer.
func (c *Checkout) Summary() string {
	return decode.Join("Checkout "+excerpt.Clip(c.Token, 12), decode.Money(c.TotalPrice, c.Currency),
		decode.Plural(len(c.LineItems), "item", "items"), c.Email)
}

// Summary implements decode.Summarizer.
func (c *Collection) Summary() string {
	return decode.Join("Collection "+excerpt.Quote(c.Title), c.Handle, c.PublishedScope)
}

// Summary implements decode.Summarizer.
func (c *CollectionListing) Summary() string {
	l := c.CollectionListing
	return decode.Join("Collection listing "+excerpt.Quote(l.Title), l.Handle, fmt.Sprintf("collection %d", l.CollectionID))
}

// Summary implements decode.Summarizer.
func (c *Customer) Summary() string {
	return decode.Join("Customer "+person(c.FirstName, c.LastName), c.Email,
		decode.Plural(int(c.OrdersCount), "order", "orders"), c.State)
}

// Summary implements decode.Summarizer.
func (g *CustomerGroup) Summary() string {
	return decode.Join("Customer group "+excerpt.Quote(g.Name), g.Query)
}

// Summary implements decode.Summarizer.
func (d *DraftOrder) Summary() string {
	return decode.Join("Draft order "+d.Name, decode.Money(d.TotalPrice, d.Currency),
		decode.Plural(len(d.LineItems), "item", "items"), d.Email, d.Status)
}

// Summary implements decode.Summarizer.
func (f *Fulfillment) Summary() string {
	tracking := strings.TrimSpace(f.TrackingCompany + " " + f.TrackingNumber)
	return decode.Join(fmt.Sprintf("Fulfillment %d of order %d", f.ID, f.OrderID), f.Status, tracking,
		decode.Plural(len(f.LineItems), "item", "items"))
}

// Summary implements decode.Summarizer.
func (e *FulfillmentEvent) Summary() string {
	place := strings.Join(nonEmpty(e.City, e.Province, e.Country), ", ")
	return decode.Join("Fulfillment event "+e.Status, place, fmt.Sprintf("fulfillment %d", e.FulfillmentID))
}

// Summary implements decode.Summarizer.
func (o *Order) Summary() string {
	return decode.Join("Order "+o.Name, decode.Money(o.TotalPrice, o.Currency),
		decode.Plural(len(o.LineItems), "item", "items"), o.Email)
}

// Summary implements decode.Summarizer.
func (t *OrderTransaction) Summary() string {
	return decode.Join("Transaction "+t.Kind+" "+t.Amount.String(), t.Status, t.Gateway, fmt.Sprintf("order %d", t.OrderID))
}

// Summary implements decode.Summarizer.
func (p *Product) Summary() string {
	return decode.Join("Product "+excerpt.Quote(p.Title), decode.Plural(len(p.Variants), "variant", "variants"), p.Vendor)
}

// Summary implements decode.Summarizer.
func (p *ProductListing) Summary() string {
	l := p.ProductListing
	avail := "unavailable"
	if l.Available {
		avail = "available"
	}
	return decode.Join("Product listing "+excerpt.Quote(l.Title), decode.Plural(len(l.Variants), "variant", "variants"), avail)
}

// Summary implements decode.Summarizer.
func (r *Refund) Summary() string {
	var amounts []decode.Decimal
	for _, t := range r.Transactions {
		amounts = append(amounts, t.Amount)
	}
	refunded := decode.Sum(amounts...)
	if refunded != "" {
		refunded += " refunded"
	}
	return decode.Join(fmt.Sprintf("Refund of order %d", r.OrderID), decode.Plural(len(r.RefundLineItems), "item", "items"),
		refunded, r.Note)
}

// Summary implements decode.Summarizer.
func (s *Shop) Summary() string {
	return decode.Join("Shop "+excerpt.Quote(s.Name), s.Email, s.Currency)
}

// Summary implements decode.Summarizer.
func (t *Theme) Summary() string {
	return decode.Join("Theme "+excerpt.Quote(t.Name), t.Role)
}

func nonEmpty(parts ...string) []string {
	var out []string
	for _, p := range parts {
		if p != "" {
			out = append(out, p)
		}
	}
	return out
}
