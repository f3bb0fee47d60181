package decode

import (
	"encoding/json"
	"strings"
	"testing"
)

func dec(t *testing.T, s string) Decimal {
	t.Helper()
	d, err := ParseDecimal(s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func TestSumIsExactAtAnyScale(t *testing.T) {
	for _, c := range []struct {
		in   []string
		want string
	}{
		{[]string{"29.99", "53.98"}, "83.97"},
		{[]string{"403.00"}, "403.00"},
		{[]string{"63.47826"}, "63.47826"}, // a Vend tax-inclusive price
		{[]string{"63.47826", "1.5", "-0.00001"}, "64.97825"},
		{[]string{"0.1", "0.2"}, "0.30"},
		{[]string{"1e-7", "2"}, "2.0000001"},
		{[]string{"12345678901234567890.01", "0.99"}, "12345678901234567891.00"},
	} {
		var ds []Decimal
		for _, s := range c.in {
			ds = append(ds, dec(t, s))
		}
		if got := Sum(ds...); got != c.want {
			t.Errorf("Sum(%v) = %q, want %q", c.in, got, c.want)
		}
	}
	if got := Sum(dec(t, "1.00"), Decimal{}); got != "" {
		t.Errorf("a sum with an absent amount is %q, want \"\"", got)
	}
}

func TestIntKeepsIDsExactAndNullAbsent(t *testing.T) {
	var v struct {
		ID     Int `json:"id"`
		Parent Int `json:"parent_id"`
		Quoted Int `json:"quoted"`
	}
	if err := json.Unmarshal([]byte(`{"id": 327474488104976385, "parent_id": null, "quoted": "42"}`), &v); err != nil {
		t.Fatal(err)
	}
	if v.ID.String() != "327474488104976385" || v.Parent.Valid() || v.Quoted.String() != "42" {
		t.Fatalf("%+v", v)
	}
	out, _ := json.Marshal(v)
	if string(out) != `{"id":327474488104976385,"parent_id":null,"quoted":42}` {
		t.Fatalf("round trip %s", out)
	}
	if err := json.Unmarshal([]byte(`{"id": 1.5}`), &v); err == nil {
		t.Fatal("1.5 read as an id")
	}
}

func TestMinorUnitsAreExactAndRespectTheCurrency(t *testing.T) {
	for _, c := range []struct {
		n    int64
		cur  string
		want string
	}{{4999, "eur", "49.99 EUR"}, {5, "usd", "0.05 USD"}, {500, "jpy", "500 JPY"}, {1234, "KWD", "1.234 KWD"},
		{-250, "gbp", "-2.50 GBP"}, {900719925474099301, "usd", "9007199254740993.01 USD"}} {
		if got := MinorUnits(NewInt(c.n), c.cur); got != c.want {
			t.Errorf("%d %s: %q, want %q", c.n, c.cur, got, c.want)
		}
	}
	if MinorUnits(Int{}, "usd") != "" {
		t.Error("an absent amount shows")
	}
}

// An empty field left a double space in a summary: "Order  · 0 items".
func TestJoinSkipsBlankParts(t *testing.T) {
	if got := Join("Order "+"", "", " ", Plural(0, "item", "items")); got != "Order · 0 items" {
		t.Errorf("Join = %q", got)
	}
}

// A long id from a delivery is cut between characters: the summary it
// stands in is stored, listed and exported as UTF-8.
func TestShortCutsBetweenCharacters(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"pi_3QxYzAbCdEfGh", "pi_3Qx…"},
		{"in_1QxYz", "in_1QxYz"},
		{"aéééééééééé", "aééééé…"}, // byte 6 is inside the third é
	} {
		if got := Short(c.in); got != c.want {
			t.Errorf("Short(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

// The value a drift or decode error quotes is cut between characters too:
// its first 40 columns.
func TestErrorQuotesAValueBetweenCharacters(t *testing.T) {
	var v struct{ N Int }
	err := json.Unmarshal([]byte(`{"N": "`+strings.Repeat("é", 50)+`"}`), &v)
	if err == nil {
		t.Fatal("a string of letters decoded as a whole number")
	}
	if want := `want a whole number, got "` + strings.Repeat("é", 39) + "…"; err.Error() != want {
		t.Fatalf("error %q, want %q", err, want)
	}
}
