package reply

import "net/http"

// The documented defaults: for every event whose platform reads the reply
// body, a reply that is valid by that platform's documentation and echoes
// the request's ids where the documentation pairs them. These are reviewed
// data, not guesses made at run time; tests render each against its fixture
// and check it against the event's reply type.
//
// Amounts that the platform asks hookscope to compute use fixed, visible
// stand-ins: tax is 10% of each amount, prices 10.00, discounts 0.

var jsonHeaders = map[string]string{"Content-Type": "application/json"}

func rule(name, body string) Rule {
	return Rule{Name: "default " + name, Status: http.StatusOK, Headers: jsonHeaders, Body: body}
}

var defaults = map[[2]string]Rule{
	{"americommerce", "AuthorizingPayment"}: rule("americommerce AuthorizingPayment", `{
  "approved": true,
  "declined": false,
  "authorization_code": "HS{{.Event.OrderPayment.ID}}",
  "transaction_id": "hookscope-{{uuid}}",
  "avs_code": "Y",
  "reject_reason": "",
  "notes": "authorized by hookscope's default reply",
  "outstanding_balance": 0
}`),
	{"americommerce", "CapturingPayment"}: rule("americommerce CapturingPayment", `{
  "approved": true,
  "declined": false,
  "authorization_code": "HS{{.Event.OrderPayment.ID}}",
  "transaction_id": "hookscope-{{uuid}}",
  "avs_code": "Y",
  "reject_reason": "",
  "notes": "captured by hookscope's default reply",
  "outstanding_balance": 0
}`),
	{"americommerce", "GetPrice"}: rule("americommerce GetPrice", `{
  "prices": [{{range $i, $it := .Event.Items}}{{if $i}},{{end}}
    {"item_number": {{json $it.ItemNumber}}, "price": 10.00, "cost": 5.00, "retail": 10.00, "pre_sale_cost": 5.00, "pre_sale_price": 10.00}{{end}}
  ]
}`),
	{"americommerce", "GetProductStatus"}: rule("americommerce GetProductStatus", `{
  "items": [{{range $i, $it := .Event.Items}}{{if $i}},{{end}}
    {"product_id": {{$it.ProductID}}, "variant_inventory_id": {{$it.VariantInventoryID}}, "inventory": {{$it.Inventory}},
     "status_display_text": "In stock", "product_status_id": {{$it.ProductStatusID}},
     "is_unavailable": false, "is_hidden": false, "is_back_ordered": false}{{end}}
  ]
}`),
	{"americommerce", "GetTax"}: rule("americommerce GetTax", `{
  "items": [{{range $i, $it := .Event.Items}}{{if $i}},{{end}}
    {"cart_item_id": {{$it.CartItemID}}, "tax_amount": {{cents (mul $it.LineItemSubtotal "0.10")}}}{{end}}
  ],
  "shipping_tax_amount": {{cents (mul .Event.ShippingTotal "0.10")}},
  "handling_tax_amount": {{cents (mul .Event.HandlingTotal "0.10")}}
}`),
	{"americommerce", "ValidateCart"}: rule("americommerce ValidateCart", `{
  "validation_messages": []
}`),
	{"americommerce", "ValidateCheckout"}: rule("americommerce ValidateCheckout", `{
  "validation_messages": []
}`),
	{"americommerce", "GetDiscount"}: rule("americommerce GetDiscount", `{
  "cart_items": [
    {"cart_id": {{.Event.CartID}}, "description": "no discount (hookscope default)", "discount_amount": 0}
  ],
  "add_items": [],
  "description": [],
  "discount": 0,
  "shipping_discount": 0
}`),
	{"amplify", "get_product"}: rule("amplify get_product", `{
  "_key": "{{.Event.Data.Object.ProductRefID}}",
  "categories": "",
  "currency": "USD",
  "handle": "hookscope-sample-{{.Event.Data.Object.ProductRefID}}",
  "image_source_url": "",
  "image_thubnail": "",
  "is_downloadable": false,
  "is_virtual": false,
  "keyword_locked": false,
  "out_stock": false,
  "price": 10.00,
  "price_compare": 0,
  "product_tags": [],
  "published_at": "2017-02-12T00:24:35Z",
  "ref_id": {{json .Event.Data.Object.ProductRefID}},
  "sku": "HS-{{.Event.Data.Object.ProductRefID}}",
  "source": "hookscope",
  "tags": "",
  "title": "Sample product {{.Event.Data.Object.ProductRefID}}",
  "type": "",
  "user_id": {{json .Event.UserID}},
  "variants": [
    {
      "attributes": [],
      "created": "2017-02-12T00:24:35Z",
      "image_source_url": "",
      "in_stock": true,
      "inventory_management": "",
      "inventory_quantity": "100",
      "price": 10.00,
      "price_compare": 0,
      "product_ref_id": {{json .Event.Data.Object.ProductRefID}},
      "ref_id": "{{.Event.Data.Object.ProductRefID}}-1",
      "sku": "HS-{{.Event.Data.Object.ProductRefID}}-1",
      "taxable": true,
      "title": "Default",
      "updated": "2017-02-12T00:24:35Z",
      "visible": true,
      "weight": 0
    }
  ],
  "vendor": "hookscope"
}`),
	{"amplify", "create_customer"}: rule("amplify create_customer", `{
  "ref_id": "hs-customer-{{.Event.Data.Object.ProfileID}}"
}`),
	{"amplify", "create_order"}: rule("amplify create_order", `{
  "customer_ref_id": {{json .Event.Data.Object.ProfileRefID}},
  "financial_status": "completed",
  "iqx_order": "hs-order-{{.Event.ID}}",
  "line_items": [
    {"attributes": [{"fulfillable_quantity": {{int .Event.Data.Object.Quantity}}, "price": {{cents (sum .Event.Data.Object.Total)}},
      "product_ref_id": {{int .Event.Data.Object.ProductRefID}}, "ref_id": 1, "sku": "HS-{{.Event.Data.Object.ProductRefID}}"}]}
  ],
  "processed_at": {{json now}},
  "ref_id": 1,
  "subtotal_price": {{cents (sum .Event.Data.Object.Total)}},
  "total_price": {{cents (sum .Event.Data.Object.Total .Event.Data.Object.ShippingRate)}},
  "total_shipping": {{cents (sum .Event.Data.Object.ShippingRate)}},
  "total_tax": 0,
  "user_id": {{json .Event.UserID}}
}`),
	{"amplify", "get_shipping_class"}: rule("amplify get_shipping_class", `{
  "Standard Shipping": 10.00,
  "Express Shipping": 29.99
}`),
}

// Default is the documented default reply for provider and topic; events
// whose platform reads no reply body get Plain.
func Default(provider, topic string) Rule {
	if r, ok := defaults[[2]string{provider, topic}]; ok {
		return r
	}
	return Plain
}

// Documented lists the events that have a documented default.
func Documented() [][2]string {
	out := make([][2]string, 0, len(defaults))
	for k := range defaults {
		out = append(out, k)
	}
	return out
}
