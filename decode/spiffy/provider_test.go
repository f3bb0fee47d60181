package spiffy

import (
	"net/http"
	"net/textproto"
	"testing"

	"github.com/hookscope/hookscope/decode"
)

// first indexes the header map by these names instead of calling Get: that
// finds what Get finds only while every name is in canonical form, the
// form net/http gives every received header.
func TestHeaderNamesAreCanonical(t *testing.T) {
	for _, names := range [][]string{topicHeaders, hmacHeaders, domainHeaders} {
		for _, n := range names {
			if c := textproto.CanonicalMIMEHeaderKey(n); c != n {
				t.Errorf("header name %q is not canonical (%q): first would not find it", n, c)
			}
		}
	}
}

// Headers sent in any case are found, empty values are skipped as Get
// skips them, and the evidence names the header that settled it.
func TestDetectFindsHeadersAsReceived(t *testing.T) {
	h := http.Header{}
	h.Set("x-spiffy-stores-topic", "")
	h.Set("x-spiffy-topic", "orders/create")
	h.Set("x-spiffy-hmac-sha256", "00")
	r := decode.NewRequest("POST", "/webhooks/spiffy", h, []byte(`{}`))
	d, ok := Provider{}.Detect(r)
	if !ok || d.Topic != "orders/create" || d.Confidence != decode.High {
		t.Fatalf("Detect = %+v, %v", d, ok)
	}
	if len(d.Evidence) != 1 || d.Evidence[0] != "header X-Spiffy-Topic" {
		t.Fatalf("evidence %q", d.Evidence)
	}
	if !(scheme{}).Present(r) {
		t.Fatal("Present misses X-Spiffy-Hmac-Sha256")
	}
	h.Set("x-spiffy-topic", "Orders/Create")
	if d, _ := (Provider{}).Detect(r); len(d.Evidence) != 1 {
		t.Fatalf("a documented topic in another case is documented: evidence %q", d.Evidence)
	}
	h.Set("x-spiffy-topic", "orders/exploded")
	if d, _ := (Provider{}).Detect(r); len(d.Evidence) != 2 {
		t.Fatalf("an undocumented topic is not said to be: evidence %q", d.Evidence)
	}
}
