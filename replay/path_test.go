package replay

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/hookscope/hookscope/capture/store"
)

// wire is a target that keeps each request's request-target and header
// names exactly as they arrived.
func wire(t *testing.T) (string, func() (uri string, header http.Header)) {
	t.Helper()
	var mu sync.Mutex
	var uri string
	var header http.Header
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		defer mu.Unlock()
		uri, header = r.RequestURI, r.Header.Clone()
	}))
	t.Cleanup(ts.Close)
	return ts.URL, func() (string, http.Header) {
		mu.Lock()
		defer mu.Unlock()
		return uri, header
	}
}

func TestReplaySendsThePathAsReceivedAndNeverAboveTheBase(t *testing.T) {
	base, got := wire(t)
	for _, c := range []struct{ target, uri, want string }{
		// Escaping is kept byte for byte, the query too.
		{"/fwdbase", "/repos/a%2Fb/hooks?x=%2F&y=a+b&z=%41", "/fwdbase/repos/a%2Fb/hooks?x=%2F&y=a+b&z=%41"},
		{"/fwdbase/", "/a%2Fb", "/fwdbase/a%2Fb"},
		{"", "/%7Bid%7D/%C3%A9?", "/%7Bid%7D/%C3%A9?"},
		{"/fwdbase?k=1", "/x?q=2", "/fwdbase/x?k=1&q=2"},
		{"/fwdbase", "/", "/fwdbase/"},
		// Dot segments, literal and encoded, resolve against the delivery's root.
		{"/fwdbase", "/../../admin/users", "/fwdbase/admin/users"},
		{"/fwdbase/", "/%2e%2e/%2E%2e/admin", "/fwdbase/admin"},
		{"/fwdbase", "/a/.%2e/.%2E/%2e./admin", "/fwdbase/admin"},
		{"/fwdbase", "/a/./b/%2e/c/..", "/fwdbase/a/b/"},
		{"/fwdbase", "/a/..;x/../admin", "/fwdbase/admin"},
		// A separator a target may decode does not let ".." climb either;
		// the one left is kept as it came.
		{"/fwdbase", "/..%2F..%2Fadmin", "/fwdbase/%2Fadmin"},
		{"/fwdbase", "/a%2f..%5c..\\admin?x", "/fwdbase/\\admin?x"},
		// Three dots, or dots among other bytes, are names.
		{"/fwdbase", "/.../a..b/.x", "/fwdbase/.../a..b/.x"},
		{"", "//double//slash", "//double//slash"},
	} {
		d := &store.Delivery{ID: "01PATH", Method: "POST", URI: c.uri, Headers: http.Header{}}
		res := Send(context.Background(), Client(Options{}), d, Options{Target: base + c.target})
		if res.Err != "" {
			t.Fatalf("%s under %q: %s", c.uri, c.target, res.Err)
		}
		uri, _ := got()
		if strings.HasPrefix(uri, "http://") { // "//x" goes in absolute form
			u, _ := url.Parse(uri)
			uri = strings.TrimPrefix(uri, "http://"+u.Host)
		}
		if uri != c.want {
			t.Errorf("%s under %q arrived as %s, want %s", c.uri, c.target, uri, c.want)
		}
		if want := base + c.want; res.URL != want && !strings.HasPrefix(c.want, "//") {
			t.Errorf("%s under %q recorded as %s, want %s", c.uri, c.target, res.URL, want)
		}
	}

	d := &store.Delivery{ID: "01PATH", Method: "POST", URI: "/ignored/..", Headers: http.Header{}}
	Send(context.Background(), Client(Options{}), d, Options{Target: base + "/exact%2Fpath/x?k=%20", ExactPath: true})
	if uri, _ := got(); uri != "/exact%2Fpath/x?k=%20" {
		t.Errorf("--exact-path arrived as %s", uri)
	}
}

func TestReplaySendsOnlyTheCapturedHeaders(t *testing.T) {
	base, got := wire(t)
	d := &store.Delivery{ID: "01HDR", Method: "POST", URI: "/h", Body: []byte(`{}`),
		Headers: http.Header{"Content-Type": {"application/json"}, "X-Signature": {"abc"}, "Content-Length": {"2"}}}
	res := Send(context.Background(), Client(Options{}), d, Options{Target: base, SetHeaders: map[string]string{"X-Edit": "1"}})
	if res.Err != "" {
		t.Fatal(res.Err)
	}
	_, h := got()
	var names []string
	for k := range h {
		names = append(names, k)
	}
	sort.Strings(names)
	// Content-Length is recomputed from the body sent; nothing else is added.
	if strings.Join(names, ",") != "Content-Length,Content-Type,X-Edit,X-Signature" {
		t.Errorf("the target got headers %v", h)
	}
	if _, ok := res.RequestHeaders["User-Agent"]; ok {
		t.Errorf("recorded request headers %v", res.RequestHeaders)
	}

	d.Headers.Set("User-Agent", "Stripe/1.0")
	Send(context.Background(), Client(Options{}), d, Options{Target: base})
	if _, h := got(); h.Get("User-Agent") != "Stripe/1.0" || h.Get("Accept-Encoding") != "" {
		t.Errorf("the sender's User-Agent arrived as %v", h)
	}
}
