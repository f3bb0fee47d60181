package detail

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"strings"
	"testing"

	"github.com/hookscope/hookscope/capture/store"
	"github.com/hookscope/hookscope/decode"
	"github.com/hookscope/hookscope/decode/registry"
	"github.com/hookscope/hookscope/fixtures"
	"github.com/hookscope/hookscope/ui/theme"
)

// The Signature tab showed the expected signature of an invalid delivery
// whole: a valid signature for a body the sender chose.
func TestSignatureTabShowsOnlyAPrefixOfTheExpectedValue(t *testing.T) {
	f, err := fixtures.Get("spiffy/orders-create")
	if err != nil {
		t.Fatal(err)
	}
	p, _ := registry.Lookup("spiffy")
	h := f.Headers.Clone()
	p.Signature().Sign(h, f.Body, []byte("wrong-secret"))
	a, err := registry.New(nil, map[string][][]byte{"spiffy": {[]byte("s3cret")}})
	if err != nil {
		t.Fatal(err)
	}
	d := &store.Delivery{ID: "01SIGTAB", Method: f.Method, URI: f.Path, Headers: h, Body: f.Body, Size: int64(len(f.Body))}
	inspect := func(d *store.Delivery) registry.Inspection {
		return a.Inspect(decode.NewRequest(d.Method, d.URI, d.Headers, d.Body))
	}
	page := Render(d, inspect, theme.New(theme.Default()), "monokai", false)[TabSignature]

	m := hmac.New(sha256.New, []byte("s3cret"))
	m.Write(f.Body)
	expected := hex.EncodeToString(m.Sum(nil))
	if !strings.Contains(page, "invalid") || !strings.Contains(page, expected[:decode.ExpectedPrefixLen]+"…") {
		t.Errorf("the tab lacks the verdict or the expected prefix %s:\n%s", expected[:decode.ExpectedPrefixLen], page)
	}
	if strings.Contains(strings.ToLower(page), expected[:decode.ExpectedPrefixLen+1]) {
		t.Errorf("the tab shows more than %d characters of the expected signature %s:\n%s", decode.ExpectedPrefixLen, expected, page)
	}
}
