package decode

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math/big"
	"strconv"
	"strings"
	"time"

	"github.com/hookscope/hookscope/decode/excerpt"
)

// Decimal is an amount exactly as the platform wrote it, from a JSON number
// or a numeric string. It is never a float, so "403.00" shows as 403.00 and
// 0.1 never becomes 0.1000000000000000055.
type Decimal struct {
	text  string
	valid bool
}

// ParseDecimal checks s is a decimal number.
func ParseDecimal(s string) (Decimal, error) {
	if !isDecimal(s) {
		return Decimal{}, fmt.Errorf("%q is not a decimal number", s)
	}
	return Decimal{text: s, valid: true}, nil
}

// UnmarshalJSON accepts a number, a numeric string, an empty string or null.
func (d *Decimal) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	switch {
	case string(b) == "null":
		*d = Decimal{}
		return nil
	case len(b) > 0 && b[0] == '"':
		var s string
		if err := json.Unmarshal(b, &s); err != nil {
			return err
		}
		if s == "" {
			*d = Decimal{}
			return nil
		}
		v, err := ParseDecimal(s)
		if err != nil {
			return err
		}
		*d = v
		return nil
	}
	v, err := ParseDecimal(string(b))
	if err != nil {
		return fmt.Errorf("want a decimal number, got %s", b)
	}
	*d = v
	return nil
}

// MarshalJSON writes the number as it came.
func (d Decimal) MarshalJSON() ([]byte, error) {
	if !d.valid {
		return []byte("null"), nil
	}
	return []byte(d.text), nil
}

// String is the number as written, "" when absent.
func (d Decimal) String() string { return d.text }

// Valid reports whether a number was present.
func (d Decimal) Valid() bool { return d.valid }

// Rat is the amount as an exact rational number; false when absent.
func (d Decimal) Rat() (*big.Rat, bool) {
	if !d.valid {
		return nil, false
	}
	return new(big.Rat).SetString(d.text)
}

// scale is how many decimal places r needs to be written exactly. Every
// Decimal has a denominator of the form 2^a·5^b, so max(a, b) places do.
func scale(r *big.Rat) int {
	den := new(big.Int).Set(r.Denom())
	two, five := big.NewInt(2), big.NewInt(5)
	count := func(p *big.Int) int {
		n := 0
		for m := new(big.Int); ; n++ {
			q, rem := new(big.Int).QuoRem(den, p, m)
			if rem.Sign() != 0 {
				return n
			}
			den = q
		}
	}
	a, b := count(two), count(five)
	return max(a, b)
}

// Sum adds amounts exactly, at any scale, and renders the total with as
// many places as the most precise amount needs, at least two ("63.47826"
// + "1.5" is "64.97826"); "" when there are none or one is absent.
func Sum(amounts ...Decimal) string {
	if len(amounts) == 0 {
		return ""
	}
	total, places := new(big.Rat), 2
	for _, a := range amounts {
		r, ok := a.Rat()
		if !ok {
			return ""
		}
		total.Add(total, r)
		places = max(places, scale(r))
	}
	return total.FloatString(places)
}

func isDecimal(s string) bool {
	if s == "" {
		return false
	}
	_, err := strconv.ParseFloat(s, 64)
	return err == nil && !strings.ContainsAny(s, "xXpPnNiI_")
}

// Time is a timestamp in any of the layouts the platforms use, with the
// text it came from.
type Time struct {
	time.Time
	Raw string
}

var timeLayouts = []string{
	time.RFC3339Nano,
	"2006-01-02T15:04:05",
	"2006-01-02 15:04:05.999999999",
	"2006-01-02 15:04:05",
	"2006-01-02",
}

// ParseTime parses s in any known layout; a string of digits is Unix seconds.
func ParseTime(s string) (Time, error) {
	for _, layout := range timeLayouts {
		if t, err := time.Parse(layout, s); err == nil {
			return Time{Time: t, Raw: s}, nil
		}
	}
	if n, err := strconv.ParseInt(s, 10, 64); err == nil && n >= 0 {
		return Time{Time: time.Unix(n, 0).UTC(), Raw: s}, nil
	}
	return Time{}, fmt.Errorf("%q is not a time hookscope knows", s)
}

// UnmarshalJSON accepts a string in a known layout, Unix seconds, "" or null.
func (t *Time) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	if string(b) == "null" {
		*t = Time{}
		return nil
	}
	var s string
	if len(b) > 0 && b[0] == '"' {
		if err := json.Unmarshal(b, &s); err != nil {
			return err
		}
		if s == "" {
			*t = Time{}
			return nil
		}
	} else {
		s = string(b)
	}
	v, err := ParseTime(s)
	if err != nil {
		return err
	}
	*t = v
	return nil
}

// MarshalJSON writes the original text.
func (t Time) MarshalJSON() ([]byte, error) {
	if t.Raw == "" {
		return []byte("null"), nil
	}
	return json.Marshal(t.Raw)
}

// String renders the time for people, in its own zone.
func (t Time) String() string {
	if t.Raw == "" {
		return ""
	}
	if t.Hour() == 0 && t.Minute() == 0 && t.Second() == 0 && len(t.Raw) == 10 {
		return t.Format("2006-01-02")
	}
	return t.Format("2006-01-02 15:04:05 -07:00")
}

// Money joins an amount and a currency for a summary, "" when no amount.
func Money(amount Decimal, currency string) string {
	if !amount.Valid() {
		return ""
	}
	if currency == "" {
		return amount.String()
	}
	return amount.String() + " " + currency
}

// Join joins the non-empty parts with " · ", the summary separator.
func Join(parts ...string) string {
	out := parts[:0:0]
	for _, p := range parts {
		// "Order " + an empty name is an empty part too: skipped whole,
		// it leaves no double space ("Order  · 0 items").
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return strings.Join(out, " · ")
}

// Plural renders "1 item", "3 items".
func Plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}

// Int is an exact integer as the platform wrote it (an id), or absent. An
// id read into any becomes a float64 and 327474488104976385 shows as
// 3.274744881049764e+17; one read into int64 turns null into 0, and a reply
// echoing it says 0 where the platform sent nothing. Int keeps both.
type Int struct {
	n     int64
	valid bool
}

// NewInt is the integer n, present.
func NewInt(n int64) Int { return Int{n: n, valid: true} }

// UnmarshalJSON accepts an integer, a string of one (some platforms quote
// ids), "" or null.
func (i *Int) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	s := string(b)
	if len(b) > 0 && b[0] == '"' {
		if err := json.Unmarshal(b, &s); err != nil {
			return err
		}
		if s == "" {
			*i = Int{}
			return nil
		}
	}
	if len(b) == 0 || s == "null" && b[0] != '"' {
		*i = Int{}
		return nil
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		return fmt.Errorf("want a whole number, got %s", excerpt.Clip(string(b), 40))
	}
	*i = NewInt(n)
	return nil
}

// MarshalJSON writes the number, or null when absent.
func (i Int) MarshalJSON() ([]byte, error) {
	if !i.valid {
		return []byte("null"), nil
	}
	return []byte(strconv.FormatInt(i.n, 10)), nil
}

// String is the number in decimal, "" when absent.
func (i Int) String() string {
	if !i.valid {
		return ""
	}
	return strconv.FormatInt(i.n, 10)
}

// Int64 is the number; false when absent.
func (i Int) Int64() (int64, bool) { return i.n, i.valid }

// Valid reports whether a number was present.
func (i Int) Valid() bool { return i.valid }

// minorExponent is how many decimals a currency's minor unit has, where it
// is not 2 (ISO 4217; Stripe's zero-decimal and three-decimal lists).
var minorExponent = map[string]int{
	"BIF": 0, "CLP": 0, "DJF": 0, "GNF": 0, "ISK": 0, "JPY": 0, "KMF": 0, "KRW": 0, "MGA": 0, "PYG": 0,
	"RWF": 0, "UGX": 0, "VND": 0, "VUV": 0, "XAF": 0, "XOF": 0, "XPF": 0,
	"BHD": 3, "IQD": 3, "JOD": 3, "KWD": 3, "LYD": 3, "OMR": 3, "TND": 3,
}

// MinorUnits shows an amount given in a currency's minor units (cents) as
// the exact decimal it means with the currency: 4999 EUR is "49.99 EUR",
// 500 JPY is "500 JPY". No floating point is involved.
func MinorUnits(amount Int, currency string) string {
	n, ok := amount.Int64()
	if !ok {
		return ""
	}
	cur := strings.ToUpper(currency)
	exp, known := minorExponent[cur]
	if !known {
		exp = 2
	}
	neg := n < 0
	if neg {
		n = -n
	}
	digits := strconv.FormatInt(n, 10)
	if exp > 0 {
		for len(digits) <= exp {
			digits = "0" + digits
		}
		digits = digits[:len(digits)-exp] + "." + digits[len(digits)-exp:]
	}
	if neg {
		digits = "-" + digits
	}
	if cur == "" {
		return digits
	}
	return digits + " " + cur
}

// Short cuts a long id for a summary line: "pi_3QxYz…" keeps its prefix
// and a few characters; the full id is in the sections.
func Short(id string) string {
	if len(id) <= 12 {
		return id
	}
	return excerpt.Clip(id, 6)
}
