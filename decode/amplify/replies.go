package amplify

import "github.com/hookscope/hookscope/decode"

// Reply bodies from the Amplify webhook docs ("an example response").

// GetProductReply answers get_product.
type GetProductReply struct {
	Key            string         `json:"_key"`
	Categories     string         `json:"categories"`
	Currency       string         `json:"currency"`
	Handle         string         `json:"handle"`
	ImageSourceURL string         `json:"image_source_url"`
	ImageThumbnail string         `json:"image_thubnail"` // sic, as documented
	IsDownloadable bool           `json:"is_downloadable"`
	IsVirtual      bool           `json:"is_virtual"`
	KeywordLocked  bool           `json:"keyword_locked"`
	OutStock       bool           `json:"out_stock"`
	Price          decode.Decimal `json:"price"`
	PriceCompare   decode.Decimal `json:"price_compare"`
	ProductTags    []string       `json:"product_tags"`
	PublishedAt    decode.Time    `json:"published_at"`
	RefID          string         `json:"ref_id"`
	SKU            string         `json:"sku"`
	Source         string         `json:"source"`
	Tags           string         `json:"tags"`
	Title          string         `json:"title"`
	Type           string         `json:"type"`
	UserID         string         `json:"user_id"`
	Variants       []struct {
		Attributes []struct {
			Name   string `json:"name"`
			Option string `json:"option"`
			Slug   string `json:"slug"`
		} `json:"attributes"`
		Created             decode.Time    `json:"created"`
		ImageSourceURL      string         `json:"image_source_url"`
		InStock             bool           `json:"in_stock"`
		InventoryManagement string         `json:"inventory_management"`
		InventoryQuantity   string         `json:"inventory_quantity"`
		Price               decode.Decimal `json:"price"`
		PriceCompare        decode.Decimal `json:"price_compare"`
		ProductRefID        string         `json:"product_ref_id"`
		RefID               string         `json:"ref_id"`
		SKU                 string         `json:"sku"`
		Taxable             bool           `json:"taxable"`
		Title               string         `json:"title"`
		Updated             decode.Time    `json:"updated"`
		Visible             bool           `json:"visible"`
		Weight              decode.Decimal `json:"weight"`
	} `json:"variants"`
	Vendor string `json:"vendor"`
}

// CreateCustomerReply answers create_customer.
type CreateCustomerReply struct {
	RefID string `json:"ref_id"`
}

// CreateOrderReply answers create_order.
type CreateOrderReply struct {
	CustomerRefID   string `json:"customer_ref_id"`
	FinancialStatus string `json:"financial_status"`
	IQXOrder        string `json:"iqx_order"`
	LineItems       []struct {
		Attributes []struct {
			FulfillableQuantity int64          `json:"fulfillable_quantity"`
			Price               decode.Decimal `json:"price"`
			ProductRefID        int64          `json:"product_ref_id"`
			RefID               int64          `json:"ref_id"`
			SKU                 string         `json:"sku"`
		} `json:"attributes"`
	} `json:"line_items"`
	ProcessedAt   decode.Time    `json:"processed_at"`
	RefID         int64          `json:"ref_id"`
	SubtotalPrice decode.Decimal `json:"subtotal_price"`
	TotalPrice    decode.Decimal `json:"total_price"`
	TotalShipping decode.Decimal `json:"total_shipping"`
	TotalTax      decode.Decimal `json:"total_tax"`
	UserID        string         `json:"user_id"`
}

// GetShippingClassReply answers get_shipping_class: rate name to cost.
type GetShippingClassReply map[string]decode.Decimal
