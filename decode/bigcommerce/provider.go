// Package bigcommerce decodes BigCommerce webhooks: a small JSON envelope
// whose scope is the topic (store/order/created), with store_id, producer
// ("stores/{store_hash}") and data {type, id}; the receiver fetches the
// resource itself. BigCommerce does not sign: the custom headers a hook is
// registered with (a shared secret of your own) come back on each delivery.
package bigcommerce

import (
	"bytes"
	"encoding/json"
	"errors"
	"strings"

	"github.com/hookscope/hookscope/decode"
)

// Provider is BigCommerce. It waits 10 s (UNCONFIRMED).
var Provider decode.Provider = &decode.Platform{Key: "bigcommerce", Title: "BigCommerce",
	EventList: []decode.Event{{Topic: decode.Any, New: func() decode.Summarizer { return &Event{} }, Timeout: "10s"}},
	Detector:  detect}

// detect is by body: scope, store_id and producer. A store/… scope from a
// stores/… producer is BigCommerce's own spelling (high); the keys alone
// are a shape (low).
func detect(r *decode.Request) (decode.Detection, bool) {
	if !bytes.Contains(r.Body, []byte(`"producer"`)) || !decode.HasJSON(r.Body, "scope", "store_id", "producer") {
		return decode.Detection{}, false
	}
	scope := decode.JSONString(r.Body, "scope")
	if strings.HasPrefix(scope, "store/") && strings.HasPrefix(decode.JSONString(r.Body, "producer"), "stores/") {
		return decode.Claim("bigcommerce", scope, decode.High, "body scope store/… from producer stores/…")
	}
	return decode.Claim("bigcommerce", scope, decode.Low, "body keys scope, store_id and producer")
}

// Event is BigCommerce's webhook envelope.
type Event struct {
	decode.Partial
	Scope     string     `json:"scope"`
	StoreID   string     `json:"store_id"`
	Producer  string     `json:"producer"`
	Hash      string     `json:"hash,omitempty"`
	CreatedAt decode.Int `json:"created_at"`
	Data      struct {
		decode.Partial
		Type   string `json:"type"`
		ID     ID     `json:"id,omitempty"`
		CartID string `json:"cartId,omitempty"`
		Status *struct {
			decode.Partial
			PreviousStatusID decode.Int `json:"previous_status_id"`
			NewStatusID      decode.Int `json:"new_status_id"`
		} `json:"status,omitempty"`
	} `json:"data"`
}

// Summary implements decode.Summarizer: "BigCommerce store/order/created ·
// order 250 · store 1025646".
func (e *Event) Summary() string {
	status := ""
	if st := e.Data.Status; st != nil {
		status = "status " + st.PreviousStatusID.String() + " → " + st.NewStatusID.String()
	}
	return decode.Join("BigCommerce "+e.Scope, strings.TrimSpace(e.Data.Type+" "+e.Data.ID.String()), status, "store "+e.StoreID)
}

// ID is a resource id: a number for orders and products, a UUID string for
// carts. Kept as written.
type ID string

// UnmarshalJSON accepts a number or a string.
func (id *ID) UnmarshalJSON(b []byte) error {
	var s string
	if json.Unmarshal(b, &s) == nil {
		*id = ID(s)
		return nil
	}
	var n json.Number
	if json.Unmarshal(b, &n) != nil {
		return errors.New("want a number or a string")
	}
	*id = ID(n)
	return nil
}

func (id ID) String() string { return string(id) }
