package reply

import (
	"encoding/json"
	"fmt"
	"time"

	"github.com/hookscope/hookscope/decode"
	"github.com/hookscope/hookscope/decode/americommerce"
)

// Validate checks a reply body against the event's reply type (unknown
// fields, wrong types, missing fields) and against the request it answers
// (ids the documentation pairs). It only warns: a user may want to send an
// invalid reply on purpose.
func Validate(e decode.Event, body []byte, request any) []string {
	if e.NewReply == nil {
		return nil
	}
	drift, errs := decode.Conform(body, e.NewReply())
	warnings := append([]string(nil), errs...)
	for _, d := range drift {
		warnings = append(warnings, d.String())
	}
	if len(errs) > 0 {
		return warnings
	}
	return append(warnings, pairing(body, request)...)
}

// pairing checks the ids a reply must echo from its request.
func pairing(body []byte, request any) []string {
	var warnings []string
	switch req := request.(type) {
	case *americommerce.GetTaxRequest:
		sent := map[int64]bool{}
		for _, it := range req.Items {
			sent[it.CartItemID] = true
		}
		var rep americommerce.GetTaxReply
		if json.Unmarshal(body, &rep) != nil {
			return nil
		}
		for i, it := range rep.Items {
			if !sent[it.CartItemID] {
				warnings = append(warnings, fmt.Sprintf("$.items[%d].cart_item_id %d is not a cart_item_id of the request", i, it.CartItemID))
			}
		}
	case *americommerce.GetPriceRequest:
		sent := map[string]bool{}
		for _, it := range req.Items {
			sent[it.ItemNumber] = true
		}
		var rep americommerce.GetPriceReply
		if json.Unmarshal(body, &rep) != nil {
			return nil
		}
		for i, p := range rep.Prices {
			if !sent[p.ItemNumber] {
				warnings = append(warnings, fmt.Sprintf("$.prices[%d].item_number %q is not an item_number of the request", i, p.ItemNumber))
			}
		}
	case *americommerce.GetDiscountRequest:
		var rep americommerce.GetDiscountReply
		if json.Unmarshal(body, &rep) != nil {
			return nil
		}
		for i, c := range rep.CartItems {
			if c.CartID != req.CartID {
				warnings = append(warnings, fmt.Sprintf("$.cart_items[%d].cart_id %d is not the request's cart_id %d", i, c.CartID, req.CartID))
			}
		}
	}
	return warnings
}

// CheckDelay flags a delay at or beyond the time the platform waits for a
// reply: the sender would give up first.
func CheckDelay(e decode.Event, delay time.Duration) string {
	timeout, err := time.ParseDuration(e.Timeout)
	if e.Timeout == "" || err != nil || delay < timeout {
		return ""
	}
	return fmt.Sprintf("delay %s is at or beyond the platform's %s timeout: it will give up before this reply", delay, timeout)
}
