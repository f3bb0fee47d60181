package merchone

import "github.com/hookscope/hookscope/decode"

// The types below follow the example payloads in the merchOne webhook documentation (shipment_sent). They were
// derived from those payloads and reviewed: amounts are decode.Decimal (never
// float), times decode.Time; fields the examples only show as null are any.

type ShipmentSent struct {
	Type    string           `json:"type"`
	Created Timestamp        `json:"created"`
	Data    ShipmentSentData `json:"data"`
}

type Timestamp struct {
	Date         string `json:"date"`
	TimezoneType int64  `json:"timezone_type"`
	Timezone     string `json:"timezone"`
}

type ShipmentSentData struct {
	Shipment Shipment `json:"shipment"`
	Order    Order    `json:"order"`
}

type Shipment struct {
	ShippingMethod ShippingMethod `json:"shipping_method"`
	TrackingNumber string         `json:"tracking_number"`
	TrackingURL    string         `json:"tracking_url"`
	ShippedAt      Timestamp      `json:"shipped_at"`
	Items          []ShipmentItem `json:"items"`
}

type ShippingMethod struct {
	Code string `json:"code"`
	Name string `json:"name"`
}

type ShipmentItem struct {
	ItemID   int64 `json:"item_id"`
	Quantity int64 `json:"quantity"`
}

type Order struct {
	ID             string         `json:"id"`
	ExternalID     any            `json:"external_id"`
	IsTest         bool           `json:"is_test"`
	ShippingMethod ShippingMethod `json:"shipping_method"`
	Status         string         `json:"status"`
	StatusLabel    string         `json:"status_label"`
	CreatedAt      Timestamp      `json:"created_at"`
	UpdatedAt      Timestamp      `json:"updated_at"`
	Shipments      []Shipment     `json:"shipments"`
	Items          []OrderItem    `json:"items"`
	Totals         Totals         `json:"totals"`
	RetailCosts    []any          `json:"retail_costs"`
}

type OrderItem struct {
	ID                 int64          `json:"id"`
	ExternalID         any            `json:"external_id"`
	VariantID          int64          `json:"variant_id"`
	Name               string         `json:"name"`
	Quantity           int64          `json:"quantity"`
	Price              decode.Decimal `json:"price"`
	PriceDetails       Price          `json:"price_details"`
	File               string         `json:"file"`
	Options            []Option       `json:"options"`
	RetailPrice        decode.Decimal `json:"retail_price"`
	RetailPriceDetails *Price         `json:"retail_price_details"`
}

type Price struct {
	Currency  string `json:"currency"`
	Formatted string `json:"formatted"`
	InSubunit int64  `json:"in_subunit"`
}

type Option struct {
	ID    int64       `json:"id"`
	Name  string      `json:"name"`
	Value OptionValue `json:"value"`
}

type OptionValue struct {
	ID   int64  `json:"id"`
	Name string `json:"name"`
}

type Totals struct {
	SubtotalAmount              decode.Decimal `json:"subtotal_amount"`
	SubtotalAmountDetails       Price          `json:"subtotal_amount_details"`
	ShippingAmount              decode.Decimal `json:"shipping_amount"`
	ShippingAmountDetails       Price          `json:"shipping_amount_details"`
	TotalAmount                 decode.Decimal `json:"total_amount"`
	TotalAmountDetails          Price          `json:"total_amount_details"`
	CustomsShippingCosts        decode.Decimal `json:"customs_shipping_costs"`
	CustomsShippingCostsDetails Price          `json:"customs_shipping_costs_details"`
}

// The four events below are listed in merchOne's current webhook page
// (docs.merchone.com/webhooks): "each webhook event includes the full order
// object plus event-specific data". Their example payloads were not
// available to us, so each is modelled on shipment_sent's envelope (type,
// created, data.order) with the one extra field the page names; a delivery
// that differs shows as drift rather than failing.

// ShipmentTrackingEvent is shipment_tracking_event: a tracking status
// update.
type ShipmentTrackingEvent struct {
	Type    string            `json:"type"`
	Created Timestamp         `json:"created"`
	Data    TrackingEventData `json:"data"`
}

type TrackingEventData struct {
	// Event is the tracking status, location, details and date.
	Event TrackingEvent `json:"event"`
	Order Order         `json:"order"`
}

type TrackingEvent struct {
	Status   string    `json:"status"`
	Location string    `json:"location"`
	Details  string    `json:"details"`
	Date     Timestamp `json:"date"`
}

// OrderCanceled is order_canceled.
type OrderCanceled struct {
	Type    string            `json:"type"`
	Created Timestamp         `json:"created"`
	Data    OrderCanceledData `json:"data"`
}

type OrderCanceledData struct {
	// Author is who canceled the order: API, System or a user's name.
	Author string `json:"author"`
	Order  Order  `json:"order"`
}

// OrderFailed is order_failed.
type OrderFailed struct {
	Type    string          `json:"type"`
	Created Timestamp       `json:"created"`
	Data    OrderFailedData `json:"data"`
}

type OrderFailedData struct {
	// Reason is the error message saying why the order failed.
	Reason string `json:"reason"`
	Order  Order  `json:"order"`
}

// OrderCommented is order_commented.
type OrderCommented struct {
	Type    string             `json:"type"`
	Created Timestamp          `json:"created"`
	Data    OrderCommentedData `json:"data"`
}

type OrderCommentedData struct {
	// Comment is the text added to the order.
	Comment string `json:"comment"`
	Order   Order  `json:"order"`
}
