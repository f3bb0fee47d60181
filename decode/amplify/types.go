package amplify

import "github.com/hookscope/hookscope/decode"

// The types below follow the example payloads in the Amplify webhook documentation (the request objects inside data.object). They were
// derived from those payloads and reviewed: amounts are decode.Decimal (never
// float), times decode.Time; fields the examples only show as null are any.

type GetProductRequest struct {
	ProductRefID  string `json:"product_ref_id"`
	IntegrationID string `json:"integration_id"`
}

type CreateCustomerRequest struct {
	FirstName        string `json:"first_name"`
	LastName         string `json:"last_name"`
	Email            string `json:"email"`
	Phone            string `json:"phone"`
	ProfileID        string `json:"profile_id"`
	ShippingAddress1 string `json:"shipping_address_1"`
	ShippingAddress2 string `json:"shipping_address_2"`
	ShippingCity     string `json:"shipping_city"`
	ShippingState    string `json:"shipping_state"`
	ShippingZip      string `json:"shipping_zip"`
	ShippingCountry  string `json:"shipping_country"`
	IntegrationID    string `json:"integration_id"`
}

type CreateOrderRequest struct {
	Type             string         `json:"type"`
	VariationID      string         `json:"variation_id"`
	FirstName        string         `json:"first_name"`
	LastName         string         `json:"last_name"`
	Email            string         `json:"email"`
	Phone            string         `json:"phone"`
	ShippingRate     decode.Decimal `json:"shipping_rate"`
	ShippingRateCode decode.Decimal `json:"shipping_rate_code"`
	TaxRate          decode.Decimal `json:"tax_rate"`
	Total            decode.Decimal `json:"total"`
	Quantity         string         `json:"quantity"`
	ProductRefID     string         `json:"product_ref_id"`
	ProfileRefID     string         `json:"profile_ref_id"`
	ShippingAddress1 string         `json:"shipping_address_1"`
	ShippingAddress2 string         `json:"shipping_address_2"`
	ShippingCity     string         `json:"shipping_city"`
	ShippingState    string         `json:"shipping_state"`
	ShippingZip      string         `json:"shipping_zip"`
	ShippingCountry  string         `json:"shipping_country"`
	IntegrationID    string         `json:"integration_id"`
}

type GetShippingClassRequest struct {
	ShippingCountry string         `json:"shipping_country"`
	ShippingState   string         `json:"shipping_state"`
	IntegrationID   string         `json:"integration_id"`
	Price           decode.Decimal `json:"price"`
	Weight          decode.Decimal `json:"weight"`
}
