package vend

import "github.com/hookscope/hookscope/decode"

// The types below follow the example payloads in Vend's "Webhooks - Example Payloads". They were
// derived from those payloads and reviewed: amounts are decode.Decimal (never
// float), times decode.Time; fields the examples only show as null are any.

type Product struct {
	Active           bool             `json:"active"`
	AttributedCost   decode.Decimal   `json:"attributed_cost"`
	BaseName         string           `json:"base_name"`
	Brand            Brand            `json:"brand"`
	ButtonOrder      int64            `json:"button_order"`
	Categories       []any            `json:"categories"`
	DeletedAt        decode.Time      `json:"deleted_at"`
	Description      string           `json:"description"`
	Handle           string           `json:"handle"`
	ID               string           `json:"id"`
	Inventory        []InventoryLevel `json:"inventory"`
	Name             string           `json:"name"`
	PriceBookEntries []PriceBookEntry `json:"price_book_entries"`
	ProductType      ProductType      `json:"product_type"`
	RetailerID       string           `json:"retailer_id"`
	Sku              string           `json:"sku"`
	Source           string           `json:"source"`
	SourceID         string           `json:"source_id"`
	SourceVariantID  string           `json:"source_variant_id"`
	Supplier         Supplier         `json:"supplier"`
	SupplyPrice      decode.Decimal   `json:"supply_price"`
	Taxes            []OutletTax      `json:"taxes"`
	VariantOptions   []any            `json:"variant_options"`
	VariantParentID  any              `json:"variant_parent_id"`
	Version          int64            `json:"version"`
}

type Brand struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}

type InventoryLevel struct {
	AttributedCost decode.Decimal `json:"attributed_cost"`
	Count          int64          `json:"count"`
	ID             string         `json:"id"`
	OutletID       string         `json:"outlet_id"`
	ProductID      string         `json:"product_id"`
	ReorderPoint   string         `json:"reorder_point"`
	RestockLevel   string         `json:"restock_level"`
}

type PriceBookEntry struct {
	CustomerGroupID   string         `json:"customer_group_id"`
	CustomerGroupName string         `json:"customer_group_name"`
	ID                string         `json:"id"`
	MaxUnits          any            `json:"max_units"`
	MinUnits          any            `json:"min_units"`
	Price             decode.Decimal `json:"price"`
	ProductID         string         `json:"product_id"`
	Type              string         `json:"type"`
	ValidFrom         decode.Time    `json:"valid_from"`
	ValidTo           decode.Time    `json:"valid_to"`
}

type ProductType struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}

type Supplier struct {
	Description string `json:"description"`
	ID          string `json:"id"`
	Name        string `json:"name"`
	Source      string `json:"source"`
}

type OutletTax struct {
	OutletID string `json:"outlet_id"`
	TaxID    string `json:"tax_id"`
}

type Inventory struct {
	AttributedCost decode.Decimal   `json:"attributed_cost"`
	Count          int64            `json:"count"`
	ID             string           `json:"id"`
	Outlet         Outlet           `json:"outlet"`
	OutletID       string           `json:"outlet_id"`
	Product        InventoryProduct `json:"product"`
	ProductID      string           `json:"product_id"`
	ReorderPoint   string           `json:"reorder_point"`
	RestockLevel   string           `json:"restock_level"`
	Version        int64            `json:"version"`
}

type Outlet struct {
	ID       string `json:"id"`
	Name     string `json:"name"`
	TaxID    string `json:"tax_id"`
	TimeZone string `json:"time_zone"`
}

type InventoryProduct struct {
	Active          bool           `json:"active"`
	AttributedCost  decode.Decimal `json:"attributed_cost"`
	BaseName        string         `json:"base_name"`
	ButtonOrder     int64          `json:"button_order"`
	Categories      []any          `json:"categories"`
	DeletedAt       decode.Time    `json:"deleted_at"`
	Description     string         `json:"description"`
	Handle          string         `json:"handle"`
	ID              string         `json:"id"`
	Name            string         `json:"name"`
	Sku             string         `json:"sku"`
	Source          string         `json:"source"`
	SourceID        string         `json:"source_id"`
	SourceVariantID string         `json:"source_variant_id"`
	SupplyPrice     decode.Decimal `json:"supply_price"`
	Taxes           []OutletTax    `json:"taxes"`
	VariantOptions  []any          `json:"variant_options"`
	VariantParentID any            `json:"variant_parent_id"`
}

type ConsignmentProduct struct {
	ID             string         `json:"id"`
	ConsignmentID  string         `json:"consignment_id"`
	ProductID      string         `json:"product_id"`
	Count          decode.Decimal `json:"count"`
	Received       decode.Decimal `json:"received"`
	Cost           decode.Decimal `json:"cost"`
	SequenceNumber int64          `json:"sequence_number"`
}

type Sale struct {
	CreatedAt            decode.Time   `json:"created_at"`
	Customer             SaleCustomer  `json:"customer"`
	CustomerID           string        `json:"customer_id"`
	DeletedAt            decode.Time   `json:"deleted_at"`
	ID                   string        `json:"id"`
	InvoiceNumber        string        `json:"invoice_number"`
	Note                 string        `json:"note"`
	RegisterID           string        `json:"register_id"`
	RegisterSalePayments []SalePayment `json:"register_sale_payments"`
	RegisterSaleProducts []SaleProduct `json:"register_sale_products"`
	SaleDate             decode.Time   `json:"sale_date"`
	ShortCode            string        `json:"short_code"`
	Source               string        `json:"source"`
	SourceID             any           `json:"source_id"`
	Status               string        `json:"status"`
	Taxes                []SaleTax     `json:"taxes"`
	Totals               SaleTotals    `json:"totals"`
	UpdatedAt            decode.Time   `json:"updated_at"`
	User                 User          `json:"user"`
	UserID               string        `json:"user_id"`
	Version              int64         `json:"version"`
}

type SaleCustomer struct {
	Balance          decode.Decimal `json:"balance"`
	CompanyName      any            `json:"company_name"`
	ContactFirstName any            `json:"contact_first_name"`
	ContactLastName  any            `json:"contact_last_name"`
	CreatedAt        decode.Time    `json:"created_at"`
	CustomField1     any            `json:"custom_field_1"`
	CustomField2     any            `json:"custom_field_2"`
	CustomField3     any            `json:"custom_field_3"`
	CustomField4     any            `json:"custom_field_4"`
	CustomerCode     string         `json:"customer_code"`
	CustomerGroupID  string         `json:"customer_group_id"`
	DateOfBirth      decode.Time    `json:"date_of_birth"`
	DeletedAt        decode.Time    `json:"deleted_at"`
	DoNotEmail       bool           `json:"do_not_email"`
	Email            any            `json:"email"`
	EnableLoyalty    bool           `json:"enable_loyalty"`
	Fax              any            `json:"fax"`
	FirstName        any            `json:"first_name"`
	ID               string         `json:"id"`
	LastName         any            `json:"last_name"`
	LoyaltyBalance   decode.Decimal `json:"loyalty_balance"`
	Mobile           any            `json:"mobile"`
	Note             any            `json:"note"`
	Phone            any            `json:"phone"`
	Points           int64          `json:"points"`
	Sex              any            `json:"sex"`
	UpdatedAt        decode.Time    `json:"updated_at"`
	YearToDate       decode.Decimal `json:"year_to_date"`
}

type SalePayment struct {
	Amount                decode.Decimal      `json:"amount"`
	ID                    string              `json:"id"`
	PaymentDate           decode.Time         `json:"payment_date"`
	PaymentType           SalePaymentType     `json:"payment_type"`
	PaymentTypeID         int64               `json:"payment_type_id"`
	RetailerPaymentType   RetailerPaymentType `json:"retailer_payment_type"`
	RetailerPaymentTypeID string              `json:"retailer_payment_type_id"`
}

type SalePaymentType struct {
	HasNativeSupport bool   `json:"has_native_support"`
	ID               string `json:"id"`
	Name             string `json:"name"`
}

type RetailerPaymentType struct {
	Config        any    `json:"config"`
	ID            string `json:"id"`
	Name          string `json:"name"`
	PaymentTypeID string `json:"payment_type_id"`
}

type SaleProduct struct {
	Discount     decode.Decimal `json:"discount"`
	ID           string         `json:"id"`
	LoyaltyValue decode.Decimal `json:"loyalty_value"`
	Price        decode.Decimal `json:"price"`
	PriceSet     bool           `json:"price_set"`
	PriceTotal   decode.Decimal `json:"price_total"`
	ProductID    string         `json:"product_id"`
	Quantity     int64          `json:"quantity"`
	Tax          decode.Decimal `json:"tax"`
	TaxID        string         `json:"tax_id"`
	TaxTotal     decode.Decimal `json:"tax_total"`
}

type SaleTax struct {
	ID   string         `json:"id"`
	Name string         `json:"name"`
	Rate decode.Decimal `json:"rate"`
	Tax  decode.Decimal `json:"tax"`
}

type SaleTotals struct {
	TotalLoyalty decode.Decimal `json:"total_loyalty"`
	TotalPayment decode.Decimal `json:"total_payment"`
	TotalPrice   decode.Decimal `json:"total_price"`
	TotalTax     decode.Decimal `json:"total_tax"`
	TotalToPay   decode.Decimal `json:"total_to_pay"`
}

type User struct {
	CreatedAt     decode.Time `json:"created_at"`
	DisplayName   string      `json:"display_name"`
	Email         string      `json:"email"`
	ID            string      `json:"id"`
	Name          string      `json:"name"`
	TargetDaily   any         `json:"target_daily"`
	TargetMonthly any         `json:"target_monthly"`
	TargetWeekly  any         `json:"target_weekly"`
	UpdatedAt     decode.Time `json:"updated_at"`
}

type Customer struct {
	ID               string         `json:"id"`
	RetailerID       string         `json:"retailer_id"`
	CustomerCode     string         `json:"customer_code"`
	CustomerGroupID  string         `json:"customer_group_id"`
	FirstName        string         `json:"first_name"`
	LastName         string         `json:"last_name"`
	CompanyName      string         `json:"company_name"`
	DoNotEmail       bool           `json:"do_not_email"`
	Email            string         `json:"email"`
	Phone            string         `json:"phone"`
	Mobile           string         `json:"mobile"`
	Fax              string         `json:"fax"`
	Balance          decode.Decimal `json:"balance"`
	LoyaltyBalance   decode.Decimal `json:"loyalty_balance"`
	OnAccountLimit   decode.Decimal `json:"on_account_limit"`
	EnableLoyalty    bool           `json:"enable_loyalty"`
	Points           int64          `json:"points"`
	Note             string         `json:"note"`
	YearToDate       decode.Decimal `json:"year_to_date"`
	Sex              string         `json:"sex"`
	DateOfBirth      decode.Time    `json:"date_of_birth"`
	CustomField1     string         `json:"custom_field_1"`
	CustomField2     string         `json:"custom_field_2"`
	CustomField3     string         `json:"custom_field_3"`
	CustomField4     string         `json:"custom_field_4"`
	UpdatedAt        decode.Time    `json:"updated_at"`
	CreatedAt        decode.Time    `json:"created_at"`
	DeletedAt        decode.Time    `json:"deleted_at"`
	Contact          Contact        `json:"contact"`
	ContactFirstName string         `json:"contact_first_name"`
	ContactLastName  string         `json:"contact_last_name"`
}

type Contact struct {
	FirstName         string `json:"first_name"`
	LastName          string `json:"last_name"`
	CompanyName       string `json:"company_name"`
	Phone             string `json:"phone"`
	Mobile            string `json:"mobile"`
	Fax               string `json:"fax"`
	Email             string `json:"email"`
	Twitter           string `json:"twitter"`
	Website           string `json:"website"`
	PhysicalAddress1  string `json:"physical_address1"`
	PhysicalAddress2  string `json:"physical_address2"`
	PhysicalSuburb    string `json:"physical_suburb"`
	PhysicalCity      string `json:"physical_city"`
	PhysicalPostcode  string `json:"physical_postcode"`
	PhysicalState     string `json:"physical_state"`
	PhysicalCountryID string `json:"physical_country_id"`
	PostalAddress1    string `json:"postal_address1"`
	PostalAddress2    string `json:"postal_address2"`
	PostalSuburb      string `json:"postal_suburb"`
	PostalCity        string `json:"postal_city"`
	PostalPostcode    string `json:"postal_postcode"`
	PostalState       string `json:"postal_state"`
	PostalCountryID   string `json:"postal_country_id"`
}

type RegisterClosure struct {
	ID                string                    `json:"id"`
	OpenCountSequence string                    `json:"open_count_sequence"`
	RegisterOpenTime  decode.Time               `json:"register_open_time"`
	RegisterCloseTime decode.Time               `json:"register_close_time"`
	Totals            ClosureTotals             `json:"totals"`
	Taxes             map[string]ClosureTax     `json:"taxes"`
	PaymentsSummary   map[string]PaymentSummary `json:"payments_summary"`
	PaymentCounts     []PaymentCount            `json:"payment_counts"`
	Register          Register                  `json:"register"`
}

type ClosureTotals struct {
	Sales             decode.Decimal `json:"sales"`
	Onaccount         decode.Decimal `json:"onaccount"`
	Laybys            decode.Decimal `json:"laybys"`
	Tax               decode.Decimal `json:"tax"`
	Discounts         decode.Decimal `json:"discounts"`
	Payments          decode.Decimal `json:"payments"`
	RegularPayments   decode.Decimal `json:"regular_payments"`
	OnaccountPayments decode.Decimal `json:"onaccount_payments"`
	LaybyPayments     decode.Decimal `json:"layby_payments"`
	Loyalty           decode.Decimal `json:"loyalty"`
	CostOfGoodsSold   decode.Decimal `json:"cost_of_goods_sold"`
}

type ClosureTax struct {
	Name    string         `json:"name"`
	Total   decode.Decimal `json:"total"`
	Rate    decode.Decimal `json:"rate"`
	Taxable decode.Decimal `json:"taxable"`
}

type PaymentSummary struct {
	PaymentTypeName string         `json:"payment_type_name"`
	Total           decode.Decimal `json:"total"`
	Discrepancy     decode.Decimal `json:"discrepancy"`
}

type PaymentCount struct {
	StartTotal       decode.Decimal     `json:"start_total"`
	PaymentsTotal    decode.Decimal     `json:"payments_total"`
	WithdrawalsTotal decode.Decimal     `json:"withdrawals_total"`
	CloseTotal       decode.Decimal     `json:"close_total"`
	PaymentType      ClosurePaymentType `json:"payment_type"`
}

type ClosurePaymentType struct {
	ID            string `json:"id"`
	Name          string `json:"name"`
	PaymentTypeID string `json:"payment_type_id"`
	Config        string `json:"config"`
}

type Register struct {
	ID         string `json:"id"`
	Name       string `json:"name"`
	OutletID   string `json:"outlet_id"`
	OutletName string `json:"outlet_name"`
}
