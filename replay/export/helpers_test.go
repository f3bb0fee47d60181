package export

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"testing"
	"time"

	"github.com/hookscope/hookscope/capture/store"
	"github.com/hookscope/hookscope/capture/store/storetest"
	"github.com/hookscope/hookscope/fixtures"
)

// Hostile values a shell must never act on.
const (
	touchPwned = "$(touch pwned)"
	rmHome     = "'; rm -rf ~; '"
	backtick   = "`touch pwned`"
)

// hostileDeliveries are the hostile fixtures as captured, with headers and
// a path built to escape quoting, plus a few bodies that need care (one
// starting with @, an empty one, a NUL).
func hostileDeliveries(t *testing.T) []*store.Delivery {
	t.Helper()
	fs, err := fixtures.Hostile()
	if err != nil {
		t.Fatal(err)
	}
	var out []*store.Delivery
	add := func(method, uri string, h http.Header, body []byte) {
		n := len(out)
		out = append(out, &store.Delivery{
			ID: fmt.Sprintf("01HOSTILE%017d", n), ReceivedAt: time.Date(2024, 5, 1, 12, 0, n, 123456789, time.UTC),
			Method: method, URI: uri, Proto: "HTTP/1.1", Host: "shop.example:4747", RemoteAddr: "127.0.0.1:5555",
			Headers: h, Body: body, Size: int64(len(body)), DeclaredLength: int64(len(body)),
			ReplyStatus: 200, ReplyRule: "plain 200", ReplyHeaders: http.Header{"Content-Type": {"application/json"}},
			ReplyBody: []byte(`{"ok":true}`),
		})
	}
	for _, f := range fs {
		h := f.Headers.Clone()
		h["X-Evil"] = []string{touchPwned, rmHome, backtick, `"; touch pwned; "`, `\'$HOME\\`}
		h["X-Tab"] = []string{"a\tb"}
		h["X-Empty"] = []string{""}
		h["X-Httpie"] = []string{"=@:;x", "@file", `a\=b`}
		add(f.Method, f.Path+"?q='$(touch%20pwned)'&x=%27;rm%20-rf%20~;%27&y=$(touch${IFS}pwned)`touch${IFS}pwned`", h, f.Body)
	}
	add("PUT", "/at", http.Header{"Content-Type": {"text/plain"}}, []byte("@/etc/passwd"))
	add("DELETE", "/empty;$(touch${IFS}pwned)", http.Header{}, []byte{})
	add("POST", "/nul", http.Header{"Content-Type": {"application/octet-stream"}}, []byte("a\x00b\xff\r\n'\\%%\n"))
	add("POST", "/dash", http.Header{"Content-Type": {"text/plain"}}, []byte("-v x\tnot an option"))
	add("POST", "/trailing-newlines", http.Header{"Content-Type": {"text/plain"}}, []byte("text\n\n\n"))
	return out
}

func openStore(t *testing.T) *store.Store {
	t.Helper()
	return storetest.Open(t, store.Options{Keep: -1})
}

// exportStore writes every delivery of st, loaded whole with attempts.
func exportStore(t *testing.T, st *store.Store, format Format, opts Options) []byte {
	t.Helper()
	ctx := context.Background()
	list, err := st.List(ctx, store.Filter{}, 0, 1<<20)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	x, err := NewWriter(&buf, format, opts)
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range list {
		d, err := st.Get(ctx, l.ID)
		if err != nil {
			t.Fatal(err)
		}
		as, err := st.Attempts(ctx, d.ID)
		if err != nil {
			t.Fatal(err)
		}
		if err := x.Write(d, as); err != nil {
			t.Fatal(err)
		}
	}
	if err := x.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// importInto reads data and stores it in st as the CLI does (without
// annotating: these tests check the format, not detection).
func importInto(t *testing.T, st *store.Store, format Format, data []byte) []Item {
	t.Helper()
	items, err := Read(format, data)
	if err != nil {
		t.Fatal(err)
	}
	var ds []*store.Delivery
	var as []*store.Attempt
	for _, it := range items {
		ds = append(ds, it.Delivery)
		as = append(as, it.Attempts...)
	}
	if err := st.InsertImported(context.Background(), ds, as); err != nil {
		t.Fatal(err)
	}
	return items
}
