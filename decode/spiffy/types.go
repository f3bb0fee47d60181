package spiffy

import "github.com/hookscope/hookscope/decode"

// The types below follow the example payloads in the Spiffy Stores webhook documentation (API Webhook, one example per resource). They were
// derived from those payloads and reviewed: amounts are decode.Decimal (never
// float), ids decode.Int (exact, null kept), times decode.Time; other fields
// the examples only show as null are any.

type Cart struct {
	ID        string         `json:"id"`
	Token     string         `json:"token"`
	LineItems []CartLineItem `json:"line_items"`
}

type CartLineItem struct {
	ID                int64          `json:"id"`
	Properties        map[string]any `json:"properties"`
	Quantity          int64          `json:"quantity"`
	VariantID         int64          `json:"variant_id"`
	Key               string         `json:"key"`
	Title             string         `json:"title"`
	Price             decode.Decimal `json:"price"`
	OriginalPrice     decode.Decimal `json:"original_price"`
	DiscountedPrice   decode.Decimal `json:"discounted_price"`
	LinePrice         decode.Decimal `json:"line_price"`
	OriginalLinePrice decode.Decimal `json:"original_line_price"`
	TotalDiscount     decode.Decimal `json:"total_discount"`
	Discounts         []any          `json:"discounts"`
	Sku               string         `json:"sku"`
	Grams             int64          `json:"grams"`
	Vendor            string         `json:"vendor"`
	ProductID         int64          `json:"product_id"`
	GiftCard          bool           `json:"gift_card"`
}

type Checkout struct {
	ID                    int64              `json:"id"`
	Token                 string             `json:"token"`
	CartToken             string             `json:"cart_token"`
	Email                 string             `json:"email"`
	Gateway               any                `json:"gateway"`
	BuyerAcceptsMarketing bool               `json:"buyer_accepts_marketing"`
	CreatedAt             decode.Time        `json:"created_at"`
	UpdatedAt             decode.Time        `json:"updated_at"`
	LandingSite           any                `json:"landing_site"`
	Note                  any                `json:"note"`
	NoteAttributes        []any              `json:"note_attributes"`
	ReferringSite         any                `json:"referring_site"`
	ShippingLines         []ShippingLine     `json:"shipping_lines"`
	SubtotalPrice         decode.Decimal     `json:"subtotal_price"`
	TaxesIncluded         bool               `json:"taxes_included"`
	TotalDiscounts        decode.Decimal     `json:"total_discounts"`
	TotalLineItemsPrice   decode.Decimal     `json:"total_line_items_price"`
	TotalPrice            decode.Decimal     `json:"total_price"`
	TotalTax              decode.Decimal     `json:"total_tax"`
	TotalWeight           decode.Decimal     `json:"total_weight"`
	Currency              string             `json:"currency"`
	CompletedAt           decode.Time        `json:"completed_at"`
	ClosedAt              decode.Time        `json:"closed_at"`
	UserID                decode.Int         `json:"user_id"`
	LocationID            decode.Int         `json:"location_id"`
	SourceIdentifier      any                `json:"source_identifier"`
	SourceURL             any                `json:"source_url"`
	DeviceID              decode.Int         `json:"device_id"`
	LineItems             []CheckoutLineItem `json:"line_items"`
	Name                  string             `json:"name"`
	Source                any                `json:"source"`
	DiscountCodes         []any              `json:"discount_codes"`
	AbandonedCheckoutURL  string             `json:"abandoned_checkout_url"`
	TaxLines              []TaxLine          `json:"tax_lines"`
	SourceName            string             `json:"source_name"`
	BillingAddress        Address            `json:"billing_address"`
	ShippingAddress       Address            `json:"shipping_address"`
	Customer              Customer           `json:"customer"`
}

type CheckoutLineItem struct {
	AppliedDiscounts      []any          `json:"applied_discounts"`
	Key                   string         `json:"key"`
	CompareAtPrice        decode.Decimal `json:"compare_at_price"`
	DestinationLocationID int64          `json:"destination_location_id"`
	FulfillmentService    string         `json:"fulfillment_service"`
	GiftCard              bool           `json:"gift_card"`
	Grams                 int64          `json:"grams"`
	LinePrice             decode.Decimal `json:"line_price"`
	OriginLocationID      int64          `json:"origin_location_id"`
	Price                 decode.Decimal `json:"price"`
	ProductID             int64          `json:"product_id"`
	Properties            any            `json:"properties"`
	Quantity              int64          `json:"quantity"`
	RequiresShipping      bool           `json:"requires_shipping"`
	Sku                   string         `json:"sku"`
	TaxLines              []TaxLine      `json:"tax_lines"`
	Taxable               bool           `json:"taxable"`
	Title                 string         `json:"title"`
	VariantID             decode.Int     `json:"variant_id"`
	VariantTitle          string         `json:"variant_title"`
	Vendor                string         `json:"vendor"`
}

type Address struct {
	FirstName    string `json:"first_name"`
	Address1     string `json:"address1"`
	Phone        string `json:"phone"`
	City         string `json:"city"`
	Zip          string `json:"zip"`
	Province     string `json:"province"`
	Country      string `json:"country"`
	LastName     string `json:"last_name"`
	Address2     any    `json:"address2"`
	Company      string `json:"company"`
	Latitude     any    `json:"latitude,omitempty"`
	Longitude    any    `json:"longitude,omitempty"`
	Name         string `json:"name"`
	CountryCode  string `json:"country_code"`
	ProvinceCode string `json:"province_code"`
	ID           int64  `json:"id,omitempty"`
	CountryName  string `json:"country_name,omitempty"`
	Default      bool   `json:"default,omitempty"`
}

type Customer struct {
	ID                  int64          `json:"id"`
	Email               string         `json:"email"`
	AcceptsMarketing    bool           `json:"accepts_marketing"`
	CreatedAt           decode.Time    `json:"created_at"`
	UpdatedAt           decode.Time    `json:"updated_at"`
	FirstName           string         `json:"first_name"`
	LastName            string         `json:"last_name"`
	OrdersCount         int64          `json:"orders_count"`
	State               string         `json:"state"`
	TotalSpent          decode.Decimal `json:"total_spent"`
	LastOrderID         decode.Int     `json:"last_order_id"`
	Note                string         `json:"note"`
	VerifiedEmail       bool           `json:"verified_email"`
	MultipassIdentifier any            `json:"multipass_identifier"`
	TaxExempt           bool           `json:"tax_exempt"`
	Phone               any            `json:"phone"`
	Tags                string         `json:"tags"`
	LastOrderName       any            `json:"last_order_name"`
	Addresses           []Address      `json:"addresses,omitempty"`
	DefaultAddress      Address        `json:"default_address,omitempty"`
}

type Collection struct {
	ID             int64       `json:"id"`
	Handle         string      `json:"handle"`
	Title          string      `json:"title"`
	UpdatedAt      decode.Time `json:"updated_at"`
	BodyHTML       string      `json:"body_html"`
	PublishedAt    decode.Time `json:"published_at"`
	SortOrder      string      `json:"sort_order"`
	TemplateSuffix any         `json:"template_suffix"`
	PublishedScope string      `json:"published_scope"`
}

type CollectionListing struct {
	CollectionListing CollectionListingBody `json:"collection_listing"`
}

type CollectionListingBody struct {
	CollectionID        int64       `json:"collection_id"`
	UpdatedAt           decode.Time `json:"updated_at"`
	BodyHTML            string      `json:"body_html"`
	DefaultProductImage any         `json:"default_product_image"`
	Handle              string      `json:"handle"`
	Image               any         `json:"image"`
	Title               string      `json:"title"`
	SortOrder           string      `json:"sort_order"`
	PublishedAt         decode.Time `json:"published_at"`
}

type CustomerGroup struct {
	ID        int64       `json:"id"`
	Name      string      `json:"name"`
	CreatedAt decode.Time `json:"created_at"`
	UpdatedAt decode.Time `json:"updated_at"`
	Query     string      `json:"query"`
}

type DraftOrder struct {
	ID              int64                `json:"id"`
	Note            any                  `json:"note"`
	Email           string               `json:"email"`
	TaxesIncluded   bool                 `json:"taxes_included"`
	Currency        string               `json:"currency"`
	SubtotalPrice   decode.Decimal       `json:"subtotal_price"`
	TotalTax        decode.Decimal       `json:"total_tax"`
	TotalPrice      decode.Decimal       `json:"total_price"`
	InvoiceSentAt   decode.Time          `json:"invoice_sent_at"`
	CreatedAt       decode.Time          `json:"created_at"`
	UpdatedAt       decode.Time          `json:"updated_at"`
	TaxExempt       bool                 `json:"tax_exempt"`
	CompletedAt     decode.Time          `json:"completed_at"`
	Name            string               `json:"name"`
	Status          string               `json:"status"`
	LineItems       []DraftOrderLineItem `json:"line_items"`
	ShippingAddress Address              `json:"shipping_address"`
	BillingAddress  Address              `json:"billing_address"`
	InvoiceURL      string               `json:"invoice_url"`
	AppliedDiscount AppliedDiscount      `json:"applied_discount"`
	OrderID         decode.Int           `json:"order_id"`
	ShippingLine    ShippingLine         `json:"shipping_line"`
	TaxLines        []TaxLine            `json:"tax_lines"`
	Tags            string               `json:"tags"`
	NoteAttributes  []any                `json:"note_attributes"`
	Customer        Customer             `json:"customer"`
}

type DraftOrderLineItem struct {
	VariantID          int64           `json:"variant_id"`
	ProductID          int64           `json:"product_id"`
	Title              string          `json:"title"`
	VariantTitle       string          `json:"variant_title"`
	Sku                string          `json:"sku"`
	Vendor             string          `json:"vendor"`
	Price              decode.Decimal  `json:"price"`
	Grams              int64           `json:"grams"`
	Quantity           int64           `json:"quantity"`
	RequiresShipping   bool            `json:"requires_shipping"`
	Taxable            bool            `json:"taxable"`
	GiftCard           bool            `json:"gift_card"`
	FulfillmentService string          `json:"fulfillment_service"`
	TaxLines           []TaxLine       `json:"tax_lines"`
	AppliedDiscount    AppliedDiscount `json:"applied_discount"`
	Name               string          `json:"name"`
	Properties         []any           `json:"properties"`
	Custom             bool            `json:"custom"`
}

type AppliedDiscount struct {
	Description string         `json:"description"`
	Value       decode.Decimal `json:"value"`
	Title       string         `json:"title"`
	Amount      decode.Decimal `json:"amount"`
	ValueType   string         `json:"value_type"`
}

type ShippingLine struct {
	Title                         string         `json:"title"`
	Price                         decode.Decimal `json:"price"`
	Custom                        bool           `json:"custom,omitempty"`
	Handle                        any            `json:"handle,omitempty"`
	ID                            int64          `json:"id,omitempty"`
	Code                          any            `json:"code,omitempty"`
	Source                        string         `json:"source,omitempty"`
	Phone                         any            `json:"phone,omitempty"`
	RequestedFulfillmentServiceID any            `json:"requested_fulfillment_service_id,omitempty"`
	DeliveryCategory              any            `json:"delivery_category,omitempty"`
	CarrierIdentifier             any            `json:"carrier_identifier,omitempty"`
	TaxLines                      []TaxLine      `json:"tax_lines,omitempty"`
}

type TaxLine struct {
	Price decode.Decimal `json:"price"`
	Rate  decode.Decimal `json:"rate"`
	Title string         `json:"title"`
}

type Fulfillment struct {
	ID              int64           `json:"id"`
	OrderID         int64           `json:"order_id"`
	Status          string          `json:"status"`
	CreatedAt       decode.Time     `json:"created_at"`
	Service         any             `json:"service"`
	UpdatedAt       decode.Time     `json:"updated_at"`
	TrackingCompany string          `json:"tracking_company"`
	ShipmentStatus  any             `json:"shipment_status"`
	Email           string          `json:"email"`
	Destination     Address         `json:"destination"`
	TrackingNumber  string          `json:"tracking_number"`
	TrackingNumbers []string        `json:"tracking_numbers"`
	TrackingURL     string          `json:"tracking_url"`
	TrackingUrls    []string        `json:"tracking_urls"`
	Receipt         map[string]any  `json:"receipt"`
	LineItems       []OrderLineItem `json:"line_items"`
}

type OrderLineItem struct {
	ID                         int64          `json:"id"`
	VariantID                  decode.Int     `json:"variant_id"`
	Title                      string         `json:"title"`
	Quantity                   int64          `json:"quantity"`
	Price                      decode.Decimal `json:"price"`
	Grams                      int64          `json:"grams"`
	Sku                        string         `json:"sku"`
	VariantTitle               any            `json:"variant_title"`
	Vendor                     any            `json:"vendor"`
	FulfillmentService         string         `json:"fulfillment_service"`
	ProductID                  int64          `json:"product_id"`
	RequiresShipping           bool           `json:"requires_shipping"`
	Taxable                    bool           `json:"taxable"`
	GiftCard                   bool           `json:"gift_card"`
	Name                       string         `json:"name"`
	VariantInventoryManagement any            `json:"variant_inventory_management"`
	Properties                 []any          `json:"properties"`
	ProductExists              bool           `json:"product_exists"`
	FulfillableQuantity        int64          `json:"fulfillable_quantity"`
	TotalDiscount              decode.Decimal `json:"total_discount"`
	FulfillmentStatus          any            `json:"fulfillment_status"`
	TaxLines                   []TaxLine      `json:"tax_lines"`
}

type FulfillmentEvent struct {
	ID                  int64       `json:"id"`
	FulfillmentID       int64       `json:"fulfillment_id"`
	Status              string      `json:"status"`
	Message             string      `json:"message"`
	HappenedAt          decode.Time `json:"happened_at"`
	City                string      `json:"city"`
	Province            string      `json:"province"`
	Country             string      `json:"country"`
	Zip                 any         `json:"zip"`
	Address1            any         `json:"address1"`
	Latitude            any         `json:"latitude"`
	Longitude           any         `json:"longitude"`
	ShopID              int64       `json:"shop_id"`
	CreatedAt           decode.Time `json:"created_at"`
	UpdatedAt           decode.Time `json:"updated_at"`
	EstimatedDeliveryAt decode.Time `json:"estimated_delivery_at"`
	OrderID             int64       `json:"order_id"`
}

type Order struct {
	ID                    int64           `json:"id"`
	Email                 string          `json:"email"`
	ClosedAt              decode.Time     `json:"closed_at"`
	CreatedAt             decode.Time     `json:"created_at"`
	UpdatedAt             decode.Time     `json:"updated_at"`
	Number                int64           `json:"number"`
	Note                  any             `json:"note"`
	Token                 string          `json:"token"`
	Gateway               any             `json:"gateway"`
	Test                  bool            `json:"test"`
	TotalPrice            decode.Decimal  `json:"total_price"`
	SubtotalPrice         decode.Decimal  `json:"subtotal_price"`
	TotalWeight           decode.Decimal  `json:"total_weight"`
	TotalTax              decode.Decimal  `json:"total_tax"`
	TaxesIncluded         bool            `json:"taxes_included"`
	Currency              string          `json:"currency"`
	FinancialStatus       string          `json:"financial_status"`
	Confirmed             bool            `json:"confirmed"`
	TotalDiscounts        decode.Decimal  `json:"total_discounts"`
	TotalLineItemsPrice   decode.Decimal  `json:"total_line_items_price"`
	CartToken             any             `json:"cart_token"`
	BuyerAcceptsMarketing bool            `json:"buyer_accepts_marketing"`
	Name                  string          `json:"name"`
	ReferringSite         any             `json:"referring_site"`
	LandingSite           any             `json:"landing_site"`
	CancelledAt           decode.Time     `json:"cancelled_at"`
	CancelReason          string          `json:"cancel_reason"`
	TotalPriceUsd         decode.Decimal  `json:"total_price_usd"`
	CheckoutToken         any             `json:"checkout_token"`
	Reference             any             `json:"reference"`
	UserID                decode.Int      `json:"user_id"`
	LocationID            decode.Int      `json:"location_id"`
	SourceIdentifier      any             `json:"source_identifier"`
	SourceURL             any             `json:"source_url"`
	ProcessedAt           decode.Time     `json:"processed_at"`
	DeviceID              decode.Int      `json:"device_id"`
	BrowserIP             any             `json:"browser_ip"`
	LandingSiteRef        any             `json:"landing_site_ref"`
	OrderNumber           int64           `json:"order_number"`
	DiscountCodes         []any           `json:"discount_codes"`
	NoteAttributes        []any           `json:"note_attributes"`
	PaymentGatewayNames   []string        `json:"payment_gateway_names"`
	ProcessingMethod      string          `json:"processing_method"`
	CheckoutID            decode.Int      `json:"checkout_id"`
	SourceName            string          `json:"source_name"`
	FulfillmentStatus     string          `json:"fulfillment_status"`
	TaxLines              []TaxLine       `json:"tax_lines"`
	Tags                  string          `json:"tags"`
	ContactEmail          string          `json:"contact_email"`
	OrderStatusURL        any             `json:"order_status_url"`
	LineItems             []OrderLineItem `json:"line_items"`
	ShippingLines         []ShippingLine  `json:"shipping_lines"`
	BillingAddress        Address         `json:"billing_address"`
	ShippingAddress       Address         `json:"shipping_address"`
	Fulfillments          []any           `json:"fulfillments"`
	Refunds               []any           `json:"refunds"`
	Customer              Customer        `json:"customer"`
}

type OrderTransaction struct {
	ID             int64          `json:"id"`
	OrderID        int64          `json:"order_id"`
	Amount         decode.Decimal `json:"amount"`
	Kind           string         `json:"kind"`
	Gateway        string         `json:"gateway"`
	Status         string         `json:"status"`
	Message        string         `json:"message"`
	CreatedAt      decode.Time    `json:"created_at"`
	Test           bool           `json:"test"`
	Authorization  string         `json:"authorization"`
	Currency       any            `json:"currency"`
	LocationID     decode.Int     `json:"location_id"`
	UserID         decode.Int     `json:"user_id"`
	ParentID       decode.Int     `json:"parent_id"`
	DeviceID       decode.Int     `json:"device_id"`
	Receipt        map[string]any `json:"receipt"`
	ErrorCode      any            `json:"error_code"`
	SourceName     string         `json:"source_name"`
	PaymentDetails PaymentDetails `json:"payment_details,omitempty"`
}

type PaymentDetails struct {
	CreditCardBin     string `json:"credit_card_bin"`
	AvsResultCode     any    `json:"avs_result_code"`
	CvvResultCode     any    `json:"cvv_result_code"`
	CreditCardNumber  string `json:"credit_card_number"`
	CreditCardCompany string `json:"credit_card_company"`
}

type Product struct {
	ID             int64            `json:"id"`
	Title          string           `json:"title"`
	BodyHTML       any              `json:"body_html"`
	Vendor         string           `json:"vendor"`
	ProductType    string           `json:"product_type"`
	CreatedAt      decode.Time      `json:"created_at"`
	Handle         string           `json:"handle"`
	UpdatedAt      decode.Time      `json:"updated_at"`
	PublishedAt    decode.Time      `json:"published_at"`
	TemplateSuffix any              `json:"template_suffix"`
	PublishedScope string           `json:"published_scope"`
	Tags           string           `json:"tags"`
	Variants       []ProductVariant `json:"variants"`
	Options        []ProductOption  `json:"options"`
	Images         []ProductImage   `json:"images"`
	Image          any              `json:"image"`
}

type ProductVariant struct {
	ID                   int64          `json:"id"`
	ProductID            int64          `json:"product_id"`
	Title                string         `json:"title"`
	Price                decode.Decimal `json:"price"`
	Sku                  string         `json:"sku"`
	Position             int64          `json:"position"`
	Grams                int64          `json:"grams"`
	InventoryPolicy      string         `json:"inventory_policy"`
	CompareAtPrice       decode.Decimal `json:"compare_at_price"`
	FulfillmentService   string         `json:"fulfillment_service"`
	InventoryManagement  string         `json:"inventory_management"`
	Option1              string         `json:"option1"`
	Option2              any            `json:"option2"`
	Option3              any            `json:"option3"`
	CreatedAt            decode.Time    `json:"created_at"`
	UpdatedAt            decode.Time    `json:"updated_at"`
	Taxable              bool           `json:"taxable"`
	Barcode              any            `json:"barcode"`
	ImageID              decode.Int     `json:"image_id"`
	InventoryQuantity    int64          `json:"inventory_quantity"`
	Weight               decode.Decimal `json:"weight"`
	WeightUnit           string         `json:"weight_unit"`
	OldInventoryQuantity int64          `json:"old_inventory_quantity"`
	RequiresShipping     bool           `json:"requires_shipping"`
}

type ProductOption struct {
	ID        int64    `json:"id"`
	ProductID int64    `json:"product_id"`
	Name      string   `json:"name"`
	Position  int64    `json:"position"`
	Values    []string `json:"values"`
}

type ProductImage struct {
	ID         int64        `json:"id"`
	ProductID  int64        `json:"product_id"`
	Position   int64        `json:"position"`
	CreatedAt  decode.Time  `json:"created_at"`
	UpdatedAt  decode.Time  `json:"updated_at"`
	Src        string       `json:"src"`
	VariantIds []decode.Int `json:"variant_ids"`
}

type ProductListing struct {
	ProductListing ProductListingBody `json:"product_listing"`
}

type ProductListingBody struct {
	ProductID   int64            `json:"product_id"`
	CreatedAt   decode.Time      `json:"created_at"`
	UpdatedAt   decode.Time      `json:"updated_at"`
	BodyHTML    any              `json:"body_html"`
	Handle      string           `json:"handle"`
	ProductType string           `json:"product_type"`
	Title       string           `json:"title"`
	Vendor      string           `json:"vendor"`
	Available   bool             `json:"available"`
	Tags        string           `json:"tags"`
	PublishedAt decode.Time      `json:"published_at"`
	Images      []ProductImage   `json:"images"`
	Options     []ListingOption  `json:"options"`
	Variants    []ListingVariant `json:"variants"`
}

type ListingOption struct {
	ID        int64  `json:"id"`
	Name      string `json:"name"`
	ProductID int64  `json:"product_id"`
	Position  int64  `json:"position"`
}

type ListingVariant struct {
	ID                  int64          `json:"id"`
	Title               string         `json:"title"`
	OptionValues        []OptionValue  `json:"option_values"`
	Price               decode.Decimal `json:"price"`
	FormattedPrice      string         `json:"formatted_price"`
	CompareAtPrice      decode.Decimal `json:"compare_at_price"`
	Grams               int64          `json:"grams"`
	RequiresShipping    bool           `json:"requires_shipping"`
	Sku                 string         `json:"sku"`
	Barcode             any            `json:"barcode"`
	Taxable             bool           `json:"taxable"`
	Position            int64          `json:"position"`
	Available           bool           `json:"available"`
	InventoryPolicy     string         `json:"inventory_policy"`
	InventoryQuantity   int64          `json:"inventory_quantity"`
	InventoryManagement string         `json:"inventory_management"`
	FulfillmentService  string         `json:"fulfillment_service"`
	Weight              decode.Decimal `json:"weight"`
	WeightUnit          string         `json:"weight_unit"`
	ImageID             decode.Int     `json:"image_id"`
	CreatedAt           decode.Time    `json:"created_at"`
	UpdatedAt           decode.Time    `json:"updated_at"`
}

type OptionValue struct {
	OptionID int64  `json:"option_id"`
	Name     string `json:"name"`
	Value    string `json:"value"`
}

type Refund struct {
	ID               int64              `json:"id"`
	OrderID          int64              `json:"order_id"`
	CreatedAt        decode.Time        `json:"created_at"`
	Note             string             `json:"note"`
	Restock          bool               `json:"restock"`
	UserID           int64              `json:"user_id"`
	ProcessedAt      decode.Time        `json:"processed_at"`
	RefundLineItems  []RefundLineItem   `json:"refund_line_items"`
	Transactions     []OrderTransaction `json:"transactions"`
	OrderAdjustments []any              `json:"order_adjustments"`
}

type RefundLineItem struct {
	ID         int64          `json:"id"`
	Quantity   int64          `json:"quantity"`
	LineItemID int64          `json:"line_item_id"`
	Subtotal   decode.Decimal `json:"subtotal"`
	TotalTax   decode.Decimal `json:"total_tax"`
	LineItem   OrderLineItem  `json:"line_item"`
}

type Shop struct {
	ID                              int64       `json:"id"`
	Name                            string      `json:"name"`
	Email                           string      `json:"email"`
	Domain                          any         `json:"domain"`
	CreatedAt                       decode.Time `json:"created_at"`
	Province                        string      `json:"province"`
	Country                         string      `json:"country"`
	Address1                        string      `json:"address1"`
	Zip                             string      `json:"zip"`
	City                            string      `json:"city"`
	Source                          any         `json:"source"`
	Phone                           string      `json:"phone"`
	UpdatedAt                       decode.Time `json:"updated_at"`
	CustomerEmail                   any         `json:"customer_email"`
	Latitude                        any         `json:"latitude"`
	Longitude                       any         `json:"longitude"`
	PrimaryLocationID               decode.Int  `json:"primary_location_id"`
	PrimaryLocale                   string      `json:"primary_locale"`
	Address2                        any         `json:"address2"`
	CountryCode                     string      `json:"country_code"`
	CountryName                     string      `json:"country_name"`
	Currency                        string      `json:"currency"`
	Timezone                        string      `json:"timezone"`
	IanaTimezone                    any         `json:"iana_timezone"`
	ShopOwner                       string      `json:"shop_owner"`
	MoneyFormat                     string      `json:"money_format"`
	MoneyWithCurrencyFormat         string      `json:"money_with_currency_format"`
	WeightUnit                      string      `json:"weight_unit"`
	ProvinceCode                    string      `json:"province_code"`
	TaxesIncluded                   *bool       `json:"taxes_included"`
	TaxShipping                     *bool       `json:"tax_shipping"`
	CountyTaxes                     any         `json:"county_taxes"`
	PlanDisplayName                 any         `json:"plan_display_name"`
	PlanName                        any         `json:"plan_name"`
	HasDiscounts                    *bool       `json:"has_discounts"`
	HasGiftCards                    bool        `json:"has_gift_cards"`
	MyshopifyDomain                 any         `json:"myshopify_domain"`
	GoogleAppsDomain                any         `json:"google_apps_domain"`
	GoogleAppsLoginEnabled          any         `json:"google_apps_login_enabled"`
	MoneyInEmailsFormat             string      `json:"money_in_emails_format"`
	MoneyWithCurrencyInEmailsFormat string      `json:"money_with_currency_in_emails_format"`
	EligibleForPayments             bool        `json:"eligible_for_payments"`
	RequiresExtraPaymentsAgreement  bool        `json:"requires_extra_payments_agreement"`
	PasswordEnabled                 any         `json:"password_enabled"`
	HasStorefront                   bool        `json:"has_storefront"`
	EligibleForCardReaderGiveaway   bool        `json:"eligible_for_card_reader_giveaway"`
	Finances                        bool        `json:"finances"`
	SetupRequired                   bool        `json:"setup_required"`
	ForceSsl                        bool        `json:"force_ssl"`
}

type Theme struct {
	ID           decode.Int  `json:"id"`
	Name         string      `json:"name"`
	CreatedAt    decode.Time `json:"created_at"`
	UpdatedAt    decode.Time `json:"updated_at"`
	Role         string      `json:"role"`
	ThemeStoreID int64       `json:"theme_store_id"`
	Previewable  bool        `json:"previewable"`
	Processing   bool        `json:"processing"`
}
