package americommerce

import "github.com/hookscope/hookscope/decode"

// Reply bodies, field by field from the AmeriCommerce webhook docs ("The
// response to this webhook is expected to contain").

// PaymentReply answers AuthorizingPayment and CapturingPayment.
type PaymentReply struct {
	Approved           bool           `json:"approved"`
	Declined           bool           `json:"declined"`
	AuthorizationCode  string         `json:"authorization_code,omitempty"`
	TransactionID      string         `json:"transaction_id,omitempty"`
	AVSCode            string         `json:"avs_code,omitempty"`
	RejectReason       string         `json:"reject_reason,omitempty"`
	Notes              string         `json:"notes,omitempty"`
	OutstandingBalance decode.Decimal `json:"outstanding_balance,omitempty"`
}

// GetPriceReply answers GetPrice.
type GetPriceReply struct {
	Prices []struct {
		ItemNumber   string         `json:"item_number"`
		Price        decode.Decimal `json:"price"`
		Cost         decode.Decimal `json:"cost,omitempty"`
		Retail       decode.Decimal `json:"retail,omitempty"`
		PreSaleCost  decode.Decimal `json:"pre_sale_cost,omitempty"`
		PreSalePrice decode.Decimal `json:"pre_sale_price,omitempty"`
	} `json:"prices"`
}

// GetProductStatusReply answers GetProductStatus.
type GetProductStatusReply struct {
	Items []struct {
		ProductID          int64      `json:"product_id"`
		VariantInventoryID decode.Int `json:"variant_inventory_id,omitempty"`
		Inventory          int64      `json:"inventory,omitempty"`
		StatusDisplayText  string     `json:"status_display_text,omitempty"`
		ProductStatusID    int64      `json:"product_status_id,omitempty"`
		IsUnavailable      bool       `json:"is_unavailable,omitempty"`
		IsHidden           bool       `json:"is_hidden,omitempty"`
		IsBackOrdered      bool       `json:"is_back_ordered,omitempty"`
	} `json:"items"`
}

// GetTaxReply answers GetTax.
type GetTaxReply struct {
	Items []struct {
		CartItemID int64          `json:"cart_item_id"`
		TaxAmount  decode.Decimal `json:"tax_amount"`
	} `json:"items"`
	ShippingTaxAmount decode.Decimal `json:"shipping_tax_amount,omitempty"`
	HandlingTaxAmount decode.Decimal `json:"handling_tax_amount,omitempty"`
}

// ValidationReply answers ValidateCart and ValidateCheckout.
type ValidationReply struct {
	ValidationMessages []string `json:"validation_messages"`
}

// GetDiscountReply answers GetDiscount.
type GetDiscountReply struct {
	CartItems []struct {
		CartID         int64          `json:"cart_id"`
		Description    string         `json:"description,omitempty"`
		DiscountAmount decode.Decimal `json:"discount_amount"`
	} `json:"cart_items,omitempty"`
	AddItems []struct {
		Price                      decode.Decimal `json:"price,omitempty"`
		ProductID                  int64          `json:"product_id"`
		Quantity                   int64          `json:"quantity"`
		VariantInventoryItemNumber string         `json:"variant_inventory_item_number,omitempty"`
		Variants                   []struct {
			Group string `json:"group"`
			Value string `json:"value"`
		} `json:"variants,omitempty"`
	} `json:"add_items,omitempty"`
	Description      []string       `json:"description,omitempty"`
	Discount         decode.Decimal `json:"discount,omitempty"`
	ShippingDiscount decode.Decimal `json:"shipping_discount,omitempty"`
}
