package filter

import (
	"fmt"
	"github.com/hookscope/hookscope/decode"
	"maps"
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
)

// fieldSpec describes one field: whether it takes a key (`header:NAME`,
// `json:PATH`) or a comparison (`size:>1MB`), and how to write it.
type fieldSpec struct {
	keyed   bool
	keyName string
	compare bool
	usage   string
}

var fields = map[string]fieldSpec{
	"provider": {usage: "e.g. provider:spiffy or provider:am*"},
	"topic":    {usage: "e.g. topic:orders/create or topic:orders/*"},
	"method":   {usage: "e.g. method:POST"},
	"path":     {usage: "e.g. path:/hooks/*"},
	"status":   {compare: true, usage: "e.g. status:404, status:5xx or status:>=400"},
	"sig":      {usage: "e.g. sig:invalid"},
	"header":   {keyed: true, keyName: "header name", usage: "e.g. header:x-foo=bar or header:x-foo"},
	"size":     {compare: true, usage: "e.g. size:>1MB or size:<=512"},
	"after":    {usage: "e.g. after:2h, after:3d or after:2026-11-30T10:00Z"},
	"before":   {usage: "e.g. before:30m or before:2026-11-30"},
	"is":       {usage: "e.g. is:marked"},
	"replayed": {usage: "replayed:yes or replayed:no"},
	"json":     {keyed: true, keyName: "path", usage: "e.g. json:data.object.amount>1000 or json:customer.email=jon@doe.ca"},
}

func fieldNames() []string { return slices.Sorted(maps.Keys(fields)) }

// SigStatuses are the values sig: accepts: the signature check statuses
// decode gives, the one list of them.
var SigStatuses = func() []string {
	out := make([]string, len(decode.SigStatuses))
	for i, s := range decode.SigStatuses {
		out[i] = string(s)
	}
	return out
}()

var isValues = []string{"marked", "outoforder", "retry", "truncated"}

// cond is one compiled leaf: a condition that is 0 or 1, never NULL.
type cond struct {
	sql  string
	args []any
}

func compileField(f *Field, now time.Time) (cond, *Error) {
	spec, ok := fields[f.Name]
	if !ok {
		return cond{}, errorf(f.At, suggest(f.Name, fieldNames()), "unknown field %q", f.Name)
	}
	at := f.ValueAt
	if at == 0 {
		at = f.At
	}
	if f.Key != "" && !spec.keyed {
		return cond{}, errorf(f.At, spec.usage, "%s: takes no key", f.Name)
	}
	if !spec.keyed && !spec.compare && f.Op != OpEq {
		return cond{}, errorf(at, spec.usage, "%s: compares only with :", f.Name)
	}
	if f.Op != OpHas && f.Value == "" && !f.Quoted {
		return cond{}, errorf(at, spec.usage, "%s: needs a value", f.Name)
	}
	switch f.Name {
	case "provider":
		return glob("provider", strings.ToLower(f.Value)), nil
	case "topic":
		return glob("topic", f.Value), nil
	case "method":
		return glob("upper(method)", strings.ToUpper(f.Value)), nil
	case "path":
		return glob(pathSQL, f.Value), nil
	case "status":
		return compileStatus(f, at)
	case "sig":
		v := strings.ToLower(f.Value)
		if !slices.Contains(SigStatuses, v) {
			return cond{}, errorf(at, oneOf(v, SigStatuses), "sig: %s is not a signature status", Quote(f.Value))
		}
		// '' (a delivery stored before checks were recorded) is no status.
		return cond{`(CASE WHEN json_valid(signature) THEN json_extract(signature, '$.status') END IS ?)`, []any{v}}, nil
	case "header":
		return compileHeader(f, at)
	case "size":
		n, err := ParseSize(f.Value)
		if err != nil {
			return cond{}, errorf(at, SizeHelp, "size: %s", err)
		}
		return cond{"size " + opText[f.Op] + " ?", []any{n}}, nil
	case "after", "before":
		t, err := parseWhen(f.Value, now)
		if err != nil {
			return cond{}, errorf(at, spec.usage, "%s: %s", f.Name, err)
		}
		op := ">"
		if f.Name == "before" {
			op = "<"
		}
		return cond{"received_at " + op + " ?", []any{unixNano(t)}}, nil
	case "is":
		switch strings.ToLower(f.Value) {
		case "marked":
			return cond{ColMarked + " <> 0", nil}, nil
		case "retry":
			return inFacts(ColRetryOf + " <> ''"), nil
		case "outoforder":
			return inFacts(ColOlderThan + " <> ''"), nil
		case "truncated":
			return cond{"truncated <> 0", nil}, nil
		}
		return cond{}, errorf(at, oneOf(strings.ToLower(f.Value), isValues), "is: %s is not a state", Quote(f.Value))
	case "replayed":
		in := "IN"
		switch strings.ToLower(f.Value) {
		case "yes", "true":
		case "no", "false":
			in = "NOT IN"
		default:
			return cond{}, errorf(at, "want yes or no", "replayed: %s", Quote(f.Value))
		}
		return cond{"id " + in + " (SELECT delivery_id FROM attempts WHERE kind = 'replay')", nil}, nil
	case "json":
		return compileJSON(f, at)
	}
	return cond{}, errorf(f.At, "", "field %q cannot be compiled", f.Name)
}

// pathSQL is the request path: the URI up to its query string, as
// store.Delivery.Path has it.
const pathSQL = `substr(uri, 1, instr(uri || '?', '?') - 1)`

// glob compares column with a value in which `*` stands for any run of
// characters. GLOB is case-sensitive and, with a fixed prefix, walks an
// index as a range; without a `*` it is plain equality.
func glob(column, value string) cond {
	if !strings.Contains(value, "*") {
		return cond{column + " = ?", []any{value}}
	}
	return cond{column + " GLOB ?", []any{globPattern(value)}}
}

// globPattern escapes GLOB's other metacharacters so only `*` is special.
func globPattern(v string) string {
	var b strings.Builder
	for _, r := range v {
		switch r {
		case '?', '[':
			b.WriteString("[" + string(r) + "]")
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

var statusClass = regexp.MustCompile(`^[0-9][xX][xX]$`)

func compileStatus(f *Field, at int) (cond, *Error) {
	v := f.Value
	if statusClass.MatchString(v) {
		if f.Op != OpEq {
			return cond{}, errorf(at, "compare with a code: status:>=500", "status: a class takes no comparison")
		}
		if v[0] < '1' || v[0] > '5' {
			return cond{}, errorf(at, "want 1xx, 2xx, 3xx, 4xx or 5xx", "status: bad class %s", Quote(v))
		}
		lo := int(v[0]-'0') * 100
		return cond{"reply_status BETWEEN ? AND ?", []any{lo, lo + 99}}, nil
	}
	code, err := strconv.Atoi(v)
	if err != nil || code < 100 || code > 599 || len(v) != 3 {
		return cond{}, errorf(at, "want a code from 100 to 599 or a class like 5xx", "status: bad status %s", Quote(v))
	}
	return cond{"reply_status " + opText[f.Op] + " ?", []any{code}}, nil
}

// inFacts selects the deliveries whose row in FactsTable satisfies
// factCond. A delivery the store has not indexed yet has no row there; the
// store catches its index up before running a query that needs it
// (NeedsIndex).
func inFacts(factCond string) cond {
	return cond{"seq IN (SELECT seq FROM " + FactsTable + " WHERE " + factCond + ")", nil}
}

// headerToken is what RFC 9110 allows in a header name.
var headerToken = regexp.MustCompile("^[!#$%&'*+.^_`|~0-9a-z-]+$")

func compileHeader(f *Field, at int) (cond, *Error) {
	name := strings.ToLower(f.Key)
	if !headerToken.MatchString(name) {
		return cond{}, errorf(f.At+len("header:"), "", "header: %s is not a header name", Quote(f.Key))
	}
	path := `$."` + name + `"`
	// The column is always JSON written by HeadersJSON; the guard keeps a
	// damaged row from failing the whole query.
	switch f.Op {
	case OpHas:
		c := inFacts("(CASE WHEN json_valid(" + ColHeadersJSON + ") THEN json_type(" + ColHeadersJSON + ", ?) IS NOT NULL ELSE 0 END)")
		c.args = []any{path}
		return c, nil
	case OpEq:
		v := glob("value", f.Value)
		c := inFacts("(CASE WHEN json_valid(" + ColHeadersJSON + ") THEN EXISTS (SELECT 1 FROM json_each(" + ColHeadersJSON + ", ?) WHERE " + v.sql + ") ELSE 0 END)")
		c.args = append([]any{path}, v.args...)
		return c, nil
	}
	return cond{}, errorf(at, "e.g. header:x-foo=bar", "header: compares only with =")
}

var sizeRe = regexp.MustCompile(`^([0-9]+(?:\.[0-9]+)?)([a-zA-Z]*)$`)

// SizeHelp says what ParseSize reads.
const SizeHelp = "a number of bytes, or with B, KB, MB, GB, TB (powers of 1000) or KiB, MiB, GiB, TiB (of 1024)"

var sizeUnits = map[string]float64{
	"": 1, "b": 1,
	"k": 1e3, "kb": 1e3, "m": 1e6, "mb": 1e6, "g": 1e9, "gb": 1e9, "t": 1e12, "tb": 1e12,
	"kib": 1 << 10, "mib": 1 << 20, "gib": 1 << 30, "tib": 1 << 40,
}

// ParseSize reads a size in bytes (see SizeHelp; units in any case, a
// decimal fraction allowed: 1.5GiB). It is the one reader of sizes, for
// size: here and for the CLI's --keep-bytes, so both take the same units.
// Sizes above 2^53 bytes, where float64 stops counting bytes exactly, are
// an error; so is a sign.
func ParseSize(v string) (int64, error) {
	m := sizeRe.FindStringSubmatch(v)
	if m == nil {
		return 0, fmt.Errorf("bad size %s", Quote(v))
	}
	unit, ok := sizeUnits[strings.ToLower(m[2])]
	if !ok {
		return 0, fmt.Errorf("unknown unit %s in %s", Quote(m[2]), Quote(v))
	}
	n, err := strconv.ParseFloat(m[1], 64)
	if err != nil || n*unit > 1<<53 {
		return 0, fmt.Errorf("size %s is too large", Quote(v))
	}
	return int64(math.Round(n * unit)), nil
}

var durationRe = regexp.MustCompile(`^(?:[0-9]+(?:\.[0-9]+)?(?:ms|s|m|h|d|w))+$`)
var durationPart = regexp.MustCompile(`([0-9]+(?:\.[0-9]+)?)(ms|s|m|h|d|w)`)

var durationUnits = map[string]time.Duration{
	"ms": time.Millisecond, "s": time.Second, "m": time.Minute, "h": time.Hour,
	"d": 24 * time.Hour, "w": 7 * 24 * time.Hour,
}

// Times without a zone are in now's zone: people think in local time.
var zonedLayouts = []string{time.RFC3339Nano, "2006-01-02T15:04Z07:00"}
var localLayouts = []string{"2006-01-02T15:04:05.999999999", "2006-01-02T15:04", "2006-01-02 15:04:05", "2006-01-02 15:04", "2006-01-02"}

// parseWhen reads a time ago (`2h`, `3d`, `1h30m`) or a date and time.
func parseWhen(v string, now time.Time) (time.Time, error) {
	if durationRe.MatchString(v) {
		var total float64
		for _, m := range durationPart.FindAllStringSubmatch(v, -1) {
			n, _ := strconv.ParseFloat(m[1], 64)
			total += n * float64(durationUnits[m[2]])
		}
		// A store cannot hold anything older than a few centuries.
		if total > float64(200*365*24*time.Hour) {
			return time.Time{}, fmt.Errorf("%s is too long ago", Quote(v))
		}
		return now.Add(-time.Duration(total)), nil
	}
	for _, layout := range zonedLayouts {
		if t, err := time.Parse(layout, v); err == nil {
			return t, nil
		}
	}
	for _, layout := range localLayouts {
		if t, err := time.ParseInLocation(layout, v, now.Location()); err == nil {
			return t, nil
		}
	}
	return time.Time{}, fmt.Errorf("%s is neither a time ago (2h, 3d) nor a date (2026-11-30, 2026-11-30T10:00Z)", Quote(v))
}

// unixNano is t as received_at stores it, clamped to what int64
// nanoseconds can hold (UnixNano is undefined outside 1678–2262).
func unixNano(t time.Time) int64 {
	switch {
	case t.Before(time.Unix(0, math.MinInt64)):
		return math.MinInt64
	case t.After(time.Unix(0, math.MaxInt64)):
		return math.MaxInt64
	}
	return t.UnixNano()
}
