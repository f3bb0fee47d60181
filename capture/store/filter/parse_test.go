package filter

import (
	"errors"
	"strings"
	"testing"
)

func TestParseShapes(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		// AND binds tighter than OR; juxtaposition is AND.
		{"a b OR c", "(and a b) OR c"},
		{"a OR b c", "a OR (and b c)"},
		{"a (b OR c)", "(and a (or b c))"},
		{"a AND b", "(and a b)"},
		{"a OR b OR c", "a OR b OR c"},
		{"-a b", "(and (not a) b)"},
		{"NOT a", "(not a)"},
		{"--a", "(not (not a))"},
		{"-(a OR b)", "(not (or a b))"},
		{"or and not", "(and or and not)"}, // lower case: words
		{`"OR"`, "OR"},
		{`"a b" c`, "(and a b c)"},
		{`"say \"hi\""`, `say "hi"`},
		{`a\ b`, "a b"},
		{`\(x\)`, "(x)"},
		{`"C:\dir"`, `C:\dir`}, // quoted: not a field; \d is not an escape
		{"10:00", "10:00"},     // not a field: digits
		{`"topic:x"`, "topic:x"},
		{"ord*", "prefix(ord)"},
		{`"ord*"`, "ord*"}, // a quoted star is no prefix
		{"a-b", "a-b"},
	} {
		e, err := Parse(tc.in)
		if err != nil {
			t.Errorf("Parse(%q): %v", tc.in, err)
			continue
		}
		if got := shape(e); got != tc.want {
			t.Errorf("Parse(%q) = %s, want %s", tc.in, got, tc.want)
		}
	}
}

// shape writes e with explicit structure; Text and Field appear as written
// by String but without quotes, a prefix Text with its star.
func shape(e Expr) string {
	switch e := e.(type) {
	case *And:
		return "(and " + shapes(e.Terms) + ")"
	case *Or:
		parts := make([]string, len(e.Terms))
		for i, t := range e.Terms {
			parts[i] = shape(t)
		}
		return strings.Join(parts, " OR ")
	case *Not:
		s := shape(e.X)
		if o, ok := e.X.(*Or); ok {
			s = "(or " + shapes(o.Terms) + ")"
		}
		return "(not " + s + ")"
	case *Text:
		if e.Prefix {
			return "prefix(" + e.Text + ")"
		}
		return e.Text
	case *Field:
		return e.String()
	}
	return "?"
}

func shapes(es []Expr) string {
	parts := make([]string, len(es))
	for i, t := range es {
		s := shape(t)
		if o, ok := t.(*Or); ok {
			s = "(or " + shapes(o.Terms) + ")"
		}
		parts[i] = s
	}
	return strings.Join(parts, " ")
}

func TestParseFields(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want Field
	}{
		{"provider:stripe", Field{Name: "provider", Value: "stripe", At: 1, ValueAt: 10}},
		{"Status:>=500", Field{Name: "status", Op: OpGe, Value: "500", At: 1, ValueAt: 10}},
		{"size:>1MB", Field{Name: "size", Op: OpGt, Value: "1MB", At: 1, ValueAt: 7}},
		{"header:X-Foo=bar", Field{Name: "header", Key: "X-Foo", Value: "bar", At: 1, ValueAt: 14}},
		{"header:x-foo", Field{Name: "header", Key: "x-foo", Op: OpHas, At: 1, ValueAt: 8}},
		{`json:a.b="x y"`, Field{Name: "json", Key: "a.b", Value: "x y", Quoted: true, At: 1, ValueAt: 10}},
		{`json:a.b=""`, Field{Name: "json", Key: "a.b", Value: "", Quoted: true, At: 1, ValueAt: 10}},
		{"json:data.object.amount>1000", Field{Name: "json", Key: "data.object.amount", Op: OpGt, Value: "1000", At: 1, ValueAt: 25}},
		{`path:"/a b/(c)"`, Field{Name: "path", Value: "/a b/(c)", Quoted: true, At: 1, ValueAt: 6}},
		{"before:2026-11-30T10:00Z", Field{Name: "before", Value: "2026-11-30T10:00Z", At: 1, ValueAt: 8}},
		{"provider:a:b", Field{Name: "provider", Value: "a:b", At: 1, ValueAt: 10}},
	} {
		e, err := Parse(tc.in)
		if err != nil {
			t.Errorf("Parse(%q): %v", tc.in, err)
			continue
		}
		f, ok := e.(*Field)
		if !ok || *f != tc.want {
			t.Errorf("Parse(%q) = %#v, want %#v", tc.in, e, tc.want)
		}
	}
}

func TestParseErrorsPointAtTheProblem(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want string
	}{
		{"stauts:500", `unknown field "stauts" at 1; did you mean status?`},
		{"provider:x topc:y", `unknown field "topc" at 12; did you mean topic?`},
		{"zebra:1", `unknown field "zebra" at 1`},
		{"(a b", "unclosed ( at 1; close it with )"},
		{"a (b (c)", "unclosed ( at 3; close it with )"},
		{"a b)", "unmatched ) at 4; no ( before it to close"},
		{"()", "empty parentheses at 1; put a term inside, or remove them"},
		{`a "b c`, `unclosed quote at 3; close it with another ", or write \" for a quote character`},
		{"a OR", "OR with nothing after it at 3; put a term on each side of OR"},
		{"OR a", "OR with nothing before it at 1; put a term on each side of OR"},
		{"(a OR) b", "OR with nothing after it at 4; put a term on each side of OR"},
		{"a AND", "AND with nothing after it at 3; put a term on each side of AND"},
		{"a - b", `a lone - at 3; write "-" before a term, without a space, or quote it to search for it`},
		{"NOT", "NOT with no term after it at 1"},
		{"size:>1XB", `size: unknown unit "XB" in "1XB" at 7; a number of bytes, or with B, KB, MB, GB, TB (powers of 1000) or KiB, MiB, GiB, TiB (of 1024)`},
		{"size:big", `size: bad size "big" at 6; a number of bytes, or with B, KB, MB, GB, TB (powers of 1000) or KiB, MiB, GiB, TiB (of 1024)`},
		{"after:2x", `after: "2x" is neither a time ago (2h, 3d) nor a date (2026-11-30, 2026-11-30T10:00Z) at 7; e.g. after:2h, after:3d or after:2026-11-30T10:00Z`},
		{"before:2026-13-01", `before: "2026-13-01" is neither a time ago (2h, 3d) nor a date (2026-11-30, 2026-11-30T10:00Z) at 8; e.g. before:30m or before:2026-11-30`},
		{"status:6xx", `status: bad class "6xx" at 8; want 1xx, 2xx, 3xx, 4xx or 5xx`},
		{"status:>5xx", `status: a class takes no comparison at 9; compare with a code: status:>=500`},
		{"status:42", `status: bad status "42" at 8; want a code from 100 to 599 or a class like 5xx`},
		{"sig:invalud", `sig: "invalud" is not a signature status at 5; did you mean invalid? (want valid, invalid, stale, missing, unsigned or no_secret)`},
		{"sig:bogus", `sig: "bogus" is not a signature status at 5; want valid, invalid, stale, missing, unsigned or no_secret`},
		{"is:markd", `is: "markd" is not a state at 4; did you mean marked? (want marked, outoforder, retry or truncated)`},
		{"replayed:maybe", `replayed: "maybe" at 10; want yes or no`},
		{"provider:", "provider: needs a value at 10; e.g. provider:spiffy or provider:am*"},
		{"header:", "header: needs a header name at 8; e.g. header:x-foo=bar or header:x-foo"},
		{"header:x-foo>3", "header: compares only with = at 14; e.g. header:x-foo=bar"},
		{"header:a@b=c", `header: "a@b" is not a header name at 8`},
		{"json:a..b=1", `json: empty key in "a..b" at 6; e.g. json:data.items[0].price`},
		{"json:a[x]=1", `json: bad array index "[x]" in "a[x]", want [0], [1], … at 6; e.g. json:data.items[0].price`},
		{"json:a=", "json: needs a value at 8; e.g. json:data.object.amount>1000 or json:customer.email=jon@doe.ca"},
		{`""`, "empty phrase at 1"},
		{"@@@", `nothing to search for in "@@@" at 1; free text matches words and numbers`},
		{"é stauts:1", `unknown field "stauts" at 3; did you mean status?`}, // columns count runes
	} {
		_, err := Parse(tc.in)
		var fe *Error
		if !errors.As(err, &fe) {
			t.Errorf("Parse(%q) = %v, want an *Error", tc.in, err)
			continue
		}
		if err.Error() != tc.want {
			t.Errorf("Parse(%q):\n got %s\nwant %s", tc.in, err, tc.want)
		}
	}
}

func TestParseLimits(t *testing.T) {
	deep := strings.Repeat("(", maxDepth+1) + "a" + strings.Repeat(")", maxDepth+1)
	if _, err := Parse(deep); err == nil || !strings.Contains(err.Error(), "nested more than") {
		t.Errorf("deep nesting: %v", err)
	}
	many := strings.Repeat("a ", maxTerms+1)
	if _, err := Parse(many); err == nil || !strings.Contains(err.Error(), "more than") {
		t.Errorf("many terms: %v", err)
	}
}

// String writes an expression Parse reads back to the same expression.
func TestStringRoundTrips(t *testing.T) {
	for _, in := range []string{
		`a b OR c`, `-(a OR b) c`, `"a b" "OR" "-x" "topic:y" ord*`, `provider:"x y" header:x-foo=bar header:x`,
		`json:a.b>=5 json:a="5" json:c="" size:<=1KiB status:5xx`, `path:"/a (b)" "say \"hi\""`, `NOT (a OR b c)`,
	} {
		e, err := Parse(in)
		if err != nil {
			t.Fatalf("Parse(%q): %v", in, err)
		}
		again, err := Parse(e.String())
		if err != nil {
			t.Fatalf("Parse(%q) of String of %q: %v", e.String(), in, err)
		}
		if shape(again) != shape(e) || again.String() != e.String() {
			t.Errorf("%q: String %q reads back as %s, want %s", in, e.String(), shape(again), shape(e))
		}
	}
}

func TestTerms(t *testing.T) {
	e, err := Parse(`order 1402 -refund (jon OR "doe ca") provider:x -(-kept) ord* order`)
	if err != nil {
		t.Fatal(err)
	}
	got := strings.Join(Terms(e), "|")
	if want := "order|1402|jon|doe ca|kept|ord"; got != want {
		t.Errorf("Terms = %s, want %s", got, want)
	}
	if Terms(nil) != nil {
		t.Error("Terms(nil) is not empty")
	}
}

func TestSuggest(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"stauts", "did you mean status?"}, {"provder", "did you mean provider?"}, {"sgi", "did you mean sig?"},
		{"heder", "did you mean header?"}, {"xyz", ""}, {"a", ""},
	} {
		if got := suggest(tc.in, fieldNames()); got != tc.want {
			t.Errorf("suggest(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}
