package capture

import (
	"encoding/json"
	"testing"

	"github.com/hookscope/hookscope/decode"
	"github.com/hookscope/hookscope/decode/registry"
)

// The signature column is what json.Marshal wrote before it was written
// directly: byte for byte, for every provider's scheme name and for the
// text JSON escapes, so rows stored before and after read the same.
func FuzzSignatureColumnIsJSONMarshal(f *testing.F) {
	for _, p := range registry.All() {
		if s := p.Signature(); s != nil {
			f.Add(string(decode.SigValid), s.Name(), "")
		}
	}
	// Each text JSON escapes, alone in each field (one escaped byte
	// anywhere sends the whole struct to json.Marshal).
	for _, text := range []string{"", "made 3h ago — outside 5m", "HMAC-SHA256 → hex", `malformed "X-Sig" header`,
		`a\b`, "tab\there", "\x00", "\x1f", "\x7f", "a & b", "a < b", "a > b", "line\u2028sep", "para\u2029sep", "caf\xe9"} {
		f.Add(text, "HMAC", "")
		f.Add(string(decode.SigInvalid), text, "")
		f.Add(string(decode.SigInvalid), "HMAC", text)
	}
	f.Fuzz(func(t *testing.T, status, scheme, reason string) {
		s := storedSignature{decode.SigStatus(status), scheme, reason}
		want, err := json.Marshal(s)
		if err != nil {
			t.Fatal(err)
		}
		if got := s.column(); got != string(want) {
			t.Fatalf("column() = %s\njson.Marshal = %s", got, want)
		}
	})
}
