package registry

import (
	"net/http"
	"testing"

	"github.com/hookscope/hookscope/decode"
	"github.com/hookscope/hookscope/fixtures"
)

// FuzzAnalyze feeds arbitrary bytes through detection, signature checks and
// typed decoding under every content type and topic header a provider
// looks at. Nothing may panic. The seed corpus (every fixture) runs in
// ordinary `go test`; `go test -fuzz FuzzAnalyze ./decode/registry` explores.
func FuzzAnalyze(f *testing.F) {
	all, _ := fixtures.All()
	for _, fx := range all {
		f.Add(fx.Path, fx.Headers.Get("Content-Type"), fx.Headers.Get("X-Spiffy-Topic"), fx.Body)
	}
	f.Add("/x", "application/xml", "orders/create", []byte(`<order><a type="array"><b nil="true"/></a>`))
	f.Add("/GetTax", "", "", []byte{0xff, 0x00, '{'})
	a, _ := New([]Route{{Prefix: "/r", Provider: "vend"}}, map[string][][]byte{"spiffy": {[]byte("s")}, "vend": {[]byte("s")}})
	f.Fuzz(func(t *testing.T, path, contentType, topic string, body []byte) {
		h := http.Header{"Content-Type": {contentType}}
		if topic != "" {
			h.Set("X-Spiffy-Topic", topic)
			h.Set("X-Spiffy-Hmac-Sha256", topic)
			h.Set("X-Signature", topic)
		}
		r := decode.NewRequest("POST", path, h, body)
		det := a.Detect(r)
		a.Analyze(r)
		a.View(r, det)
		for _, p := range All() {
			for _, e := range p.Events() {
				decode.DecodeEvent(e, body)
			}
		}
	})
}
