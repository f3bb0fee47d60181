package vend

import (
	"fmt"
	"strings"

	"github.com/hookscope/hookscope/decode"
	"github.com/hookscope/hookscope/decode/excerpt"
)

// Events implements decode.Provider. Vend expects no reply body, only a
// 2xx within 5 seconds.
func (Provider) Events() []decode.Event { return events }

// events is built once: detection looks events up on every capture.
var events = func() []decode.Event {
	ev := func(topic string, f func() decode.Summarizer) decode.Event {
		return decode.Event{Topic: topic, New: f, Timeout: "5s"}
	}
	return []decode.Event{
		ev("product.update", func() decode.Summarizer { return &Product{} }),
		ev("inventory.update", func() decode.Summarizer { return &Inventory{} }),
		ev("consignment.send", func() decode.Summarizer { return &ConsignmentProduct{} }),
		ev("consignment.receive", func() decode.Summarizer { return &ConsignmentProduct{} }),
		ev("sale.update", func() decode.Summarizer { return &Sale{} }),
		ev("customer.update", func() decode.Summarizer { return &Customer{} }),
		ev("register_closure.create", func() decode.Summarizer { return &RegisterClosure{} }),
	}
}()

// Summary implements decode.Summarizer.
func (p *Product) Summary() string {
	var stock int64
	for _, inv := range p.Inventory {
		stock += inv.Count
	}
	return decode.Join("Product "+excerpt.Quote(p.Name), "SKU "+p.Sku, fmt.Sprintf("%d in stock across %s", stock,
		decode.Plural(len(p.Inventory), "outlet", "outlets")), p.Brand.Name)
}

// Summary implements decode.Summarizer.
func (i *Inventory) Summary() string {
	return decode.Join("Inventory of "+i.Product.Name, fmt.Sprintf("%d at %s", i.Count, i.Outlet.Name), "SKU "+i.Product.Sku)
}

// Summary implements decode.Summarizer.
func (c *ConsignmentProduct) Summary() string {
	received := "not received"
	if c.Received.Valid() {
		received = c.Received.String() + " received"
	}
	return decode.Join("Consignment "+excerpt.Clip(c.ConsignmentID, 8), "count "+c.Count.String(), received, "product "+excerpt.Clip(c.ProductID, 8))
}

// Summary implements decode.Summarizer.
func (s *Sale) Summary() string {
	return decode.Join("Sale #"+s.InvoiceNumber, "total "+s.Totals.TotalPrice.String()+" + tax "+s.Totals.TotalTax.String(),
		decode.Plural(len(s.RegisterSaleProducts), "product", "products"), s.Status)
}

// Summary implements decode.Summarizer.
func (c *Customer) Summary() string {
	name := strings.TrimSpace(c.FirstName + " " + c.LastName)
	return decode.Join("Customer "+name, c.CustomerCode, "balance "+c.Balance.String())
}

// Summary implements decode.Summarizer.
func (r *RegisterClosure) Summary() string {
	span := r.RegisterOpenTime.Format("2006-01-02 15:04") + " → " + r.RegisterCloseTime.Format("15:04")
	return decode.Join("Register closure "+r.Register.Name, "sales "+r.Totals.Sales.String(), span)
}
