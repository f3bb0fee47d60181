package export

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"math"
	"net/url"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/hookscope/hookscope/capture/store"
)

// schema is the JSON Schema subset testdata/har-1.2.schema.json uses.
type schema struct {
	Ref        string             `json:"$ref"`
	Type       string             `json:"type"`
	Required   []string           `json:"required"`
	Properties map[string]*schema `json:"properties"`
	Items      *schema            `json:"items"`
	Enum       []string           `json:"enum"`
	Minimum    *float64           `json:"minimum"`
	Format     string             `json:"format"`
	Defs       map[string]*schema `json:"definitions"`
}

func loadSchema(t *testing.T) *schema {
	t.Helper()
	b, err := os.ReadFile("testdata/har-1.2.schema.json")
	if err != nil {
		t.Fatal(err)
	}
	var s schema
	if err := json.Unmarshal(b, &s); err != nil {
		t.Fatal(err)
	}
	return &s
}

// validate returns every way v breaks s, each with its JSON path.
func validate(root, s *schema, v any, path string) []string {
	if s.Ref != "" {
		return validate(root, root.Defs[strings.TrimPrefix(s.Ref, "#/definitions/")], v, path)
	}
	var errs []string
	bad := func(format string, args ...any) { errs = append(errs, path+": "+fmt.Sprintf(format, args...)) }
	switch s.Type {
	case "object":
		m, ok := v.(map[string]any)
		if !ok {
			bad("want an object, got %T", v)
			return errs
		}
		for _, r := range s.Required {
			if _, ok := m[r]; !ok {
				bad("missing required %q", r)
			}
		}
		for k, sub := range s.Properties {
			if val, ok := m[k]; ok {
				errs = append(errs, validate(root, sub, val, path+"."+k)...)
			}
		}
	case "array":
		a, ok := v.([]any)
		if !ok {
			bad("want an array, got %T", v)
			return errs
		}
		for i, item := range a {
			if s.Items != nil {
				errs = append(errs, validate(root, s.Items, item, fmt.Sprintf("%s[%d]", path, i))...)
			}
		}
	case "string":
		str, ok := v.(string)
		if !ok {
			bad("want a string, got %T", v)
			return errs
		}
		if len(s.Enum) > 0 && !slices.Contains(s.Enum, str) {
			bad("%q is not one of %v", str, s.Enum)
		}
		switch s.Format {
		case "date-time":
			if _, err := time.Parse(time.RFC3339Nano, str); err != nil {
				bad("not an ISO 8601 date-time: %q", str)
			}
		case "uri":
			if u, err := url.Parse(str); err != nil || u.Scheme == "" || u.Host == "" {
				bad("not an absolute URL: %q", str)
			}
		}
	case "number", "integer":
		n, ok := v.(float64)
		if !ok {
			bad("want a number, got %T", v)
			return errs
		}
		if s.Type == "integer" && n != math.Trunc(n) {
			bad("want an integer, got %v", n)
		}
		if s.Minimum != nil && n < *s.Minimum {
			bad("%v is below the minimum %v", n, *s.Minimum)
		}
	}
	return errs
}

func checkHAR(t *testing.T, s *schema, doc []byte) map[string]any {
	t.Helper()
	var v map[string]any
	if err := json.Unmarshal(doc, &v); err != nil {
		t.Fatalf("not JSON: %v\n%.300s", err, doc)
	}
	if errs := validate(s, s, v, "$"); len(errs) > 0 {
		t.Fatalf("HAR breaks the 1.2 schema:\n%s", strings.Join(errs[:min(len(errs), 10)], "\n"))
	}
	return v
}

// TestHARIsValidFor0And1And10000Entries validates the exported document
// against the HAR 1.2 schema for no delivery, the hostile ones (binary
// bodies base64 with encoding), and 10,000.
func TestHARIsValidFor0And1And10000Entries(t *testing.T) {
	s := loadSchema(t)
	ds := hostileDeliveries(t)
	for _, n := range []int{0, 1, len(ds), 10_000} {
		var buf bytes.Buffer
		x, _ := NewWriter(&buf, HAR, Options{Version: "test"})
		for i := 0; i < n; i++ {
			d := *ds[i%len(ds)]
			d.ReplyDuration = 2500 * time.Microsecond
			if err := x.Write(&d, []store.Attempt{{DeliveryID: d.ID, Kind: "replay", At: time.Unix(1, 0)}}); err != nil {
				t.Fatal(err)
			}
		}
		if err := x.Close(); err != nil {
			t.Fatal(err)
		}
		v := checkHAR(t, s, buf.Bytes())
		entries := v["log"].(map[string]any)["entries"].([]any)
		if len(entries) != n {
			t.Fatalf("%d entries for %d deliveries", len(entries), n)
		}
		if n == 0 {
			continue
		}
		e := entries[0].(map[string]any)
		if e["time"].(float64) != 2.5 || e["timings"].(map[string]any)["wait"].(float64) != 2.5 {
			t.Errorf("timings %v, time %v: want the 2.5 ms reply", e["timings"], e["time"])
		}
		if e["response"].(map[string]any)["content"].(map[string]any)["text"] != `{"ok":true}` {
			t.Errorf("response is not hookscope's reply: %v", e["response"])
		}
	}
	// The invalid-UTF-8 fixture's body is base64 with encoding.
	var buf bytes.Buffer
	x, _ := NewWriter(&buf, HAR, Options{})
	for _, d := range ds {
		x.Write(d, nil)
	}
	x.Close()
	items, err := Read(HAR, buf.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for i, it := range items {
		if !bytes.Equal(it.Delivery.Body, ds[i].Body) || it.Delivery.URI != ds[i].URI || it.Delivery.ID != ds[i].ID {
			t.Errorf("%d: HAR read back %q %q, want %q %q", i, it.Delivery.URI, it.Delivery.Body, ds[i].URI, ds[i].Body)
		}
		found = found || bytes.Contains(ds[i].Body, []byte{0xe9})
	}
	if !found || !bytes.Contains(buf.Bytes(), []byte(`"encoding":"base64"`)) ||
		!bytes.Contains(buf.Bytes(), []byte(base64.StdEncoding.EncodeToString(ds[1].Body))) {
		t.Errorf("the binary body is not base64 with encoding")
	}
}

// TestHARFromDevtoolsImports reads a HAR as Chrome writes it (HTTP/2
// pseudo-headers, lower-case names, a form given as params).
func TestHARFromDevtoolsImports(t *testing.T) {
	doc := `{"log":{"version":"1.2","creator":{"name":"WebInspector","version":"537.36"},"pages":[],"entries":[
	{"startedDateTime":"2024-05-01T10:00:00.5Z","time":42,"request":{"method":"POST","url":"https://shop.example/webhooks/spiffy?x=1",
	"httpVersion":"http/2.0","headers":[{"name":":authority","value":"shop.example"},{"name":"x-spiffy-topic","value":"orders/create"},
	{"name":"content-type","value":"application/x-www-form-urlencoded"}],"queryString":[],"cookies":[],"headersSize":-1,"bodySize":7,
	"postData":{"mimeType":"application/x-www-form-urlencoded","params":[{"name":"a b","value":"c&d"}]}},
	"response":{"status":201,"statusText":"","httpVersion":"http/2.0","headers":[],"cookies":[],"content":{"size":2,"mimeType":"text/plain","text":"ok"},
	"redirectURL":"","headersSize":-1,"bodySize":2},"cache":{},"timings":{"blocked":-1,"send":0,"wait":40,"receive":2}}]}}`
	items, err := Read(HAR, []byte(doc))
	if err != nil {
		t.Fatal(err)
	}
	d := items[0].Delivery
	if d.Host != "shop.example" || d.URI != "/webhooks/spiffy?x=1" || d.Proto != "HTTP/2.0" || d.Headers.Get("X-Spiffy-Topic") != "orders/create" ||
		string(d.Body) != "a+b=c%26d" || d.ReplyStatus != 201 || string(d.ReplyBody) != "ok" || d.ReplyDuration != 40*time.Millisecond ||
		!d.ReceivedAt.Equal(time.Date(2024, 5, 1, 10, 0, 0, 5e8, time.UTC)) {
		t.Errorf("read %+v", d)
	}
}
