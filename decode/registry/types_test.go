package registry

import (
	"fmt"
	"strings"
	"testing"

	"github.com/hookscope/hookscope/decode"
	"github.com/hookscope/hookscope/fixtures"
)

// inspect decodes fixture name with its body's replacements (old, new
// pairs) applied; each must apply.
func inspect(t *testing.T, name string, replace ...string) *decode.View {
	t.Helper()
	f, err := fixtures.Get(name)
	if err != nil {
		t.Fatal(err)
	}
	body := string(f.Body)
	for i := 0; i+1 < len(replace); i += 2 {
		if !strings.Contains(body, replace[i]) {
			t.Fatalf("%s has no %s", name, replace[i])
		}
		body = strings.Replace(body, replace[i], replace[i+1], 1)
	}
	a, _ := New(nil, nil)
	r := decode.NewRequest(f.Method, f.Path, f.Headers, []byte(body))
	return a.View(r, a.Detect(r))
}

// shown is every field of a view as "Label=value", and its drift.
func shown(v *decode.View) string {
	var b strings.Builder
	for _, s := range v.Sections {
		for _, f := range s.Fields {
			fmt.Fprintf(&b, "%s › %s=%s\n", s.Title, f.Label, f.Value)
		}
		if s.Table != nil {
			fmt.Fprintf(&b, "%s table %v %v\n", s.Title, s.Table.Columns, s.Table.Rows)
		}
	}
	for _, d := range v.Drift {
		fmt.Fprintf(&b, "drift %s\n", d)
	}
	return b.String()
}

// Each value below is one the documentation allows (or shows) and that the
// old field types broke.
func TestFieldTypesTakeTheValuesTheDocumentsAllow(t *testing.T) {
	for _, c := range []struct {
		fixture string
		replace []string
		want    []string
	}{
		{"spiffy/orders-create", []string{`"checkout_id": null`, `"checkout_id": 327474488104976385`, `"user_id": null`, `"user_id": 327474488104976399`},
			[]string{"Checkout ID=327474488104976385", "User ID=327474488104976399"}},
		{"spiffy/order_transactions-create", []string{`"parent_id": null`, `"parent_id": 327475578523353102`, `"credit_card_bin": null`, `"credit_card_bin": "424242"`},
			[]string{"Parent ID=327475578523353102", "Credit card bin=424242"}},
		{"spiffy/shop-update", []string{`"tax_shipping": null`, `"tax_shipping": true`, `"has_discounts": null`, `"has_discounts": false`},
			[]string{"Tax shipping=true", "Has discounts=false"}},
		{"spiffy/themes-create", []string{`"id": null`, `"id": 327474488104976385`}, []string{"ID=327474488104976385"}},
		// merchOne's example shows null; a store with retail prices sends an
		// object like price_details.
		{"merchone/shipment_sent", []string{`"retail_price_details": null`, `"retail_price_details": {"currency": "USD", "formatted": "$ 9.99", "in_subunit": 999}`},
			nil},
		// GetDiscount's origin_address is "an address model", not a warehouse.
		{"americommerce/GetDiscount", nil, nil},
	} {
		v := inspect(t, c.fixture, c.replace...)
		got := shown(v)
		// None of these values is drift: each fits its documented type.
		if v.Error != "" || strings.Contains(got, "drift ") || strings.Contains(got, "e+17") {
			t.Errorf("%s: error %q\n%s", c.fixture, v.Error, got)
			continue
		}
		for _, w := range c.want {
			if !strings.Contains(got, w) {
				t.Errorf("%s: no %q in\n%s", c.fixture, w, got)
			}
		}
	}
}

// shipping_region_id and tax_region_id are documented Integer: a fraction
// is drift, not an id.
func TestRegionIDsAreIntegers(t *testing.T) {
	v := inspect(t, "americommerce/GetDiscount", `"shipping_region_id": 4`, `"shipping_region_id": 4.5`)
	if got := shown(v); !strings.Contains(got, "drift value does not fit $.shipping_region_id") || !strings.Contains(got, "Tax region ID=9") {
		t.Fatalf("%s", got)
	}
}
