package americommerce

import "github.com/hookscope/hookscope/decode"

// The types below follow the example payloads in the fixtures: AmeriCommerce documents only field lists, so the bodies are ours, with every listed field. They were
// derived from those payloads and reviewed: amounts are decode.Decimal (never
// float), ids that may be null
// decode.Int, times decode.Time; fields the examples only show as null are any.

type OrderEvent struct {
	Order Order `json:"order"`
}

type Order struct {
	ID                int64          `json:"id"`
	CustomerID        int64          `json:"customer_id"`
	OrderNumber       string         `json:"order_number"`
	OrderDate         decode.Time    `json:"order_date"`
	OrderStatusID     int64          `json:"order_status_id"`
	OrderStatus       string         `json:"order_status"`
	StoreID           int64          `json:"store_id"`
	Subtotal          decode.Decimal `json:"subtotal"`
	DiscountTotal     decode.Decimal `json:"discount_total"`
	TaxTotal          decode.Decimal `json:"tax_total"`
	ShippingTotal     decode.Decimal `json:"shipping_total"`
	HandlingTotal     decode.Decimal `json:"handling_total"`
	GrandTotal        decode.Decimal `json:"grand_total"`
	BalanceDue        decode.Decimal `json:"balance_due"`
	CurrencyCode      string         `json:"currency_code"`
	Email             string         `json:"email"`
	BillingAddressID  int64          `json:"billing_address_id"`
	ShippingAddressID decode.Decimal `json:"shipping_address_id"`
	Items             []OrderItem    `json:"items"`
	UpdatedAt         decode.Time    `json:"updated_at"`
}

type OrderItem struct {
	ID         int64          `json:"id"`
	OrderID    int64          `json:"order_id"`
	ProductID  int64          `json:"product_id"`
	ItemNumber string         `json:"item_number"`
	ItemName   string         `json:"item_name"`
	Quantity   int64          `json:"quantity"`
	Price      decode.Decimal `json:"price"`
	LineTotal  decode.Decimal `json:"line_total"`
}

type PaymentEvent struct {
	OrderPayment OrderPayment `json:"order_payment"`
}

type OrderPayment struct {
	ID                int64          `json:"id"`
	OrderID           int64          `json:"order_id"`
	PaymentMethodID   int64          `json:"payment_method_id"`
	PaymentType       string         `json:"payment_type"`
	Amount            decode.Decimal `json:"amount"`
	CurrencyCode      string         `json:"currency_code"`
	IsApproved        bool           `json:"is_approved"`
	IsDeclined        bool           `json:"is_declined"`
	CardType          string         `json:"card_type"`
	LastFour          string         `json:"last_four"`
	TransactionID     string         `json:"transaction_id"`
	AuthorizationCode string         `json:"authorization_code"`
	PaymentDate       decode.Time    `json:"payment_date"`
}

type GetPriceRequest struct {
	Items          []PriceItem `json:"items"`
	CustomerTypeID int64       `json:"customer_type_id"`
}

type PriceItem struct {
	ItemNumber         string     `json:"item_number"`
	Quantity           int64      `json:"quantity"`
	VariantIds         []int64    `json:"variant_ids"`
	VariantInventoryID decode.Int `json:"variant_inventory_id"`
}

type GetProductStatusRequest struct {
	Items []ProductStatusItem `json:"items"`
}

type ProductStatusItem struct {
	ProductID              int64            `json:"product_id"`
	VariantInventoryID     decode.Int       `json:"variant_inventory_id"`
	ProductStatusID        int64            `json:"product_status_id"`
	Product                Product          `json:"product"`
	VariantInventory       VariantInventory `json:"variant_inventory"`
	ProductStatus          ProductStatus    `json:"product_status"`
	Inventory              int64            `json:"inventory"`
	ItemNumber             string           `json:"item_number"`
	ManufacturerItemNumber string           `json:"manufacturer_item_number"`
}

type Product struct {
	ID         int64          `json:"id"`
	ItemNumber string         `json:"item_number"`
	ItemName   string         `json:"item_name"`
	Price      decode.Decimal `json:"price"`
	Cost       decode.Decimal `json:"cost"`
	Retail     decode.Decimal `json:"retail"`
	IsEnabled  bool           `json:"is_enabled"`
}

type VariantInventory struct {
	ID              int64          `json:"id"`
	ProductID       int64          `json:"product_id"`
	ItemNumber      string         `json:"item_number"`
	Inventory       int64          `json:"inventory"`
	PriceAdjustment decode.Decimal `json:"price_adjustment"`
}

type ProductStatus struct {
	ID            int64  `json:"id"`
	Name          string `json:"name"`
	DisplayText   string `json:"display_text"`
	IsUnavailable bool   `json:"is_unavailable"`
	IsHidden      bool   `json:"is_hidden"`
	IsBackOrdered bool   `json:"is_back_ordered"`
}

type GetTaxRequest struct {
	Items         []TaxItem      `json:"items"`
	ShippingTotal decode.Decimal `json:"shipping_total"`
	HandlingTotal decode.Decimal `json:"handling_total"`
}

type TaxItem struct {
	CartItemID             int64          `json:"cart_item_id"`
	ItemNumber             string         `json:"item_number"`
	ItemName               string         `json:"item_name"`
	ManufacturerItemNumber string         `json:"manufacturer_item_number"`
	Price                  decode.Decimal `json:"price"`
	DiscountedPrice        decode.Decimal `json:"discounted_price"`
	Quantity               int64          `json:"quantity"`
	IsTaxExempt            bool           `json:"is_tax_exempt"`
	TaxCode                string         `json:"tax_code"`
	LineItemSubtotal       decode.Decimal `json:"line_item_subtotal"`
	OriginAddress          Warehouse      `json:"origin_address"`
	DestinationAddress     Address        `json:"destination_address"`
}

type Warehouse struct {
	ID           int64  `json:"id"`
	Name         string `json:"name"`
	AddressLine1 string `json:"address_line1"`
	City         string `json:"city"`
	State        string `json:"state"`
	PostalCode   string `json:"postal_code"`
	Country      string `json:"country"`
}

type Address struct {
	ID            int64  `json:"id"`
	CustomerID    int64  `json:"customer_id"`
	AddressLine1  string `json:"address_line1"`
	AddressLine2  string `json:"address_line2"`
	City          string `json:"city"`
	State         string `json:"state"`
	PostalCode    string `json:"postal_code"`
	Country       string `json:"country"`
	Company       string `json:"company"`
	FirstName     string `json:"first_name"`
	LastName      string `json:"last_name"`
	Phone         string `json:"phone"`
	IsResidential bool   `json:"is_residential"`
}

type ProductStatusChangedRequest struct {
	Item ProductStatusItem `json:"item"`
}

type ValidateCartRequest struct {
	Cart Cart `json:"cart"`
}

type Cart struct {
	ID         int64          `json:"id"`
	CustomerID int64          `json:"customer_id"`
	SessionID  string         `json:"session_id"`
	ItemCount  int64          `json:"item_count"`
	Subtotal   decode.Decimal `json:"subtotal"`
	Items      []CartItem     `json:"items"`
}

type CartItem struct {
	ID         int64          `json:"id"`
	CartID     int64          `json:"cart_id"`
	ProductID  int64          `json:"product_id"`
	ItemNumber string         `json:"item_number"`
	ItemName   string         `json:"item_name"`
	Quantity   int64          `json:"quantity"`
	Price      decode.Decimal `json:"price"`
}

type ValidateCheckoutRequest struct {
	Customer          Customer        `json:"customer"`
	BillingAddress    Address         `json:"billing_address"`
	ShippingAddress   Address         `json:"shipping_address"`
	Cart              Cart            `json:"cart"`
	OrderCustomFields []CustomField   `json:"order_custom_fields"`
	IsGift            bool            `json:"is_gift"`
	GiftMessage       string          `json:"gift_message"`
	OrderComments     string          `json:"order_comments"`
	ShippingMethods   []string        `json:"shipping_methods"`
	PaymentMethods    []PaymentMethod `json:"payment_methods"`
}

type Customer struct {
	ID             int64  `json:"id"`
	FirstName      string `json:"first_name"`
	LastName       string `json:"last_name"`
	Email          string `json:"email"`
	CustomerTypeID int64  `json:"customer_type_id"`
	Phone          string `json:"phone"`
	IsTaxExempt    bool   `json:"is_tax_exempt"`
}

type CustomField struct {
	Name  string `json:"name"`
	Value string `json:"value"`
}

type PaymentMethod struct {
	Name   string         `json:"name"`
	Amount decode.Decimal `json:"amount"`
}

type GetDiscountRequest struct {
	AdCode               string             `json:"ad_code"`
	BillingAddress       Address            `json:"billing_address"`
	CampaignCode         string             `json:"campaign_code"`
	CartID               int64              `json:"cart_id"`
	CustomerType         string             `json:"customer_type"`
	CustomerTypeID       int64              `json:"customer_type_id"`
	DestinationAddress   Address            `json:"destination_address"`
	IsRegionSet          bool               `json:"is_region_set"`
	Items                []DiscountItem     `json:"items"`
	ShippingMethodList   ShippingMethodList `json:"shipping_method_list"`
	ShippingRegionID     int64              `json:"shipping_region_id"`
	ShippingTotal        decode.Decimal     `json:"shipping_total"`
	StoreID              int64              `json:"store_id"`
	SubscriptionSubtotal decode.Decimal     `json:"subscription_subtotal"`
	TaxRegionID          int64              `json:"tax_region_id"`
	TotalWeight          decode.Decimal     `json:"total_weight"`
}

type DiscountItem struct {
	CartItemID                 int64          `json:"cart_item_id"`
	CategoryID                 []int64        `json:"category_id"`
	CustomFields               CustomField    `json:"custom_fields"`
	DestinationAddress         Address        `json:"destination_address"`
	IsSubscriptionItem         bool           `json:"is_subscription_item"`
	ItemNumber                 string         `json:"item_number"`
	ManufacturerID             int64          `json:"manufacturer_id"`
	OriginAddress              Address        `json:"origin_address"`
	ParentProductID            int64          `json:"parent_product_id"`
	Price                      decode.Decimal `json:"price"`
	ProductID                  int64          `json:"product_id"`
	ProductListID              []int64        `json:"product_list_id"`
	Quantity                   int64          `json:"quantity"`
	ShippingClassificationCode string         `json:"shipping_classification_code"`
	Variants                   []Variant      `json:"variants"`
}

type Variant struct {
	Group string `json:"group"`
	Value string `json:"value"`
}

type ShippingMethodList struct {
	ClassificationCode string `json:"classification_code"`
	DeliveryDate       string `json:"delivery_date"` // "String. Estimated delivery date": free text as often as a date
	ShipMethod         string `json:"ship_method"`
	ShippingMethodName string `json:"shipping_method_name"`
}
