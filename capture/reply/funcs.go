package reply

import (
	"crypto/rand"
	"encoding/json"
	"fmt"
	"math/big"
	"strconv"
	"text/template"
	"time"

	"github.com/hookscope/hookscope/decode"
)

// funcs are the helpers body templates may use. Arithmetic is exact
// (big.Rat): amounts come as decode.Decimal, strings or numbers, and a tax
// of 10% of 29.99 must be 3.00, not 2.9990000000000001.
var funcs = template.FuncMap{
	"sum":   sum,
	"mul":   mul,
	"cents": cents,
	"json":  toJSON,
	"int":   toInt,
	"now":   func() string { return time.Now().UTC().Format(time.RFC3339) },
	"uuid":  uuid,
	// raw writes text as it is, unescaped: a body echoed back, or a
	// reply that is not JSON. Only what the template author means.
	"raw": func(v any) jsonText { return jsonText(fmt.Sprint(v)) },
}

// rat reads an amount.
func rat(v any) (*big.Rat, error) {
	var s string
	switch x := v.(type) {
	case *big.Rat:
		return x, nil
	case decode.Decimal:
		s = x.String()
		if s == "" {
			s = "0"
		}
	case string:
		s = x
	case int:
		s = strconv.Itoa(x)
	case int64:
		s = strconv.FormatInt(x, 10)
	case float64:
		s = strconv.FormatFloat(x, 'f', -1, 64)
	case json.Number:
		s = x.String()
	default:
		return nil, fmt.Errorf("%v (%T) is not an amount", v, v)
	}
	r, ok := new(big.Rat).SetString(s)
	if !ok {
		return nil, fmt.Errorf("%q is not an amount", s)
	}
	return r, nil
}

func sum(vs ...any) (*big.Rat, error) {
	total := new(big.Rat)
	for _, v := range vs {
		r, err := rat(v)
		if err != nil {
			return nil, fmt.Errorf("sum: %w", err)
		}
		total.Add(total, r)
	}
	return total, nil
}

func mul(a, b any) (*big.Rat, error) {
	x, err := rat(a)
	if err != nil {
		return nil, fmt.Errorf("mul: %w", err)
	}
	y, err := rat(b)
	if err != nil {
		return nil, fmt.Errorf("mul: %w", err)
	}
	return new(big.Rat).Mul(x, y), nil
}

// cents rounds an amount to two places, half away from zero, as a JSON
// number.
func cents(v any) (jsonText, error) {
	r, err := rat(v)
	if err != nil {
		return "", fmt.Errorf("cents: %w", err)
	}
	return jsonText(r.FloatString(2)), nil
}

func toJSON(v any) (jsonText, error) {
	b, err := json.Marshal(v)
	return jsonText(b), err
}

// toInt renders v as a JSON integer when it is one (a numeric string
// included), else 0: Amplify sends ids as strings but reads numbers back.
func toInt(v any) jsonText {
	switch x := v.(type) {
	case int64:
		return jsonText(strconv.FormatInt(x, 10))
	case int:
		return jsonText(strconv.Itoa(x))
	case string:
		if n, err := strconv.ParseInt(x, 10, 64); err == nil {
			return jsonText(strconv.FormatInt(n, 10))
		}
	}
	return "0"
}

func uuid() string {
	var b [16]byte
	rand.Read(b[:])
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:16])
}
