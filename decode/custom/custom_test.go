package custom

import (
	"errors"
	"net/http"
	"testing"

	"github.com/hookscope/hookscope/decode"
	"github.com/hookscope/hookscope/decode/scheme"
)

func request(path string, h http.Header, body string) *decode.Request {
	return decode.NewRequest("POST", path, h, []byte(body))
}

func TestDetectionNeedsEveryMatchKeyAndSaysHowSure(t *testing.T) {
	p, err := New("acme", Config{Name: "Acme", Match: Match{Header: "X-Acme-Event", PathPrefix: "/hooks/acme"},
		Topic: Topic{Header: "X-Acme-Event"}})
	if err != nil {
		t.Fatal(err)
	}
	h := http.Header{"X-Acme-Event": {"invoice.paid"}}
	if d, ok := p.Detect(request("/hooks/acme/1", h, "{}")); !ok || d.Provider != "acme" || d.Topic != "invoice.paid" || d.Confidence != decode.High {
		t.Errorf("header and path: %+v %v", d, ok)
	}
	if _, ok := p.Detect(request("/other", h, "{}")); ok {
		t.Error("claimed a delivery on another path")
	}
	if _, ok := p.Detect(request("/hooks/acme", http.Header{}, "{}")); ok {
		t.Error("claimed a delivery without the header")
	}

	j, _ := New("acme", Config{Match: Match{JSON: "meta.acme_version"}, Topic: Topic{JSON: "event.type"}})
	d, ok := j.Detect(request("/", http.Header{}, `{"meta":{"acme_version":"2"},"event":{"type":"a.b"}}`))
	if !ok || d.Topic != "a.b" || d.Confidence != decode.Medium {
		t.Errorf("json match: %+v %v (a body key alone is medium: a built-in provider's own header beats it)", d, ok)
	}
	if _, ok := j.Detect(request("/", http.Header{}, `{"meta":{"version":"2"}}`)); ok {
		t.Error("json match claimed a body without the key")
	}
	if j.Name() != "acme" || j.Signature() != nil {
		t.Errorf("defaults: name %q, signature %v", j.Name(), j.Signature())
	}
}

func TestSignedCustomProviderVerifiesAndTamperFails(t *testing.T) {
	p, err := New("acme", Config{Match: Match{Header: "X-Acme-Signature"}, Signature: &scheme.Config{
		Header: "X-Acme-Signature", Algorithm: "HMAC-SHA256", Encoding: "base64"}})
	if err != nil {
		t.Fatal(err)
	}
	h := http.Header{}
	p.Signature().Sign(h, []byte(`{"a":1}`), []byte("k"))
	// base64 HMAC-SHA256 of {"a":1} with key k (computed with Python hmac).
	if got := h.Get("X-Acme-Signature"); got != "w6kv+eJ0zczieljBWnjsbcu9vQA4qH56EbrvICj9i/8=" {
		t.Errorf("signature %q", got)
	}
	if s := decode.Check(p, request("/", h, `{"a":1}`), [][]byte{[]byte("k")}); s.Status != decode.SigValid {
		t.Errorf("valid: %+v", s)
	}
	if s := decode.Check(p, request("/", h, `{"a":2}`), [][]byte{[]byte("k")}); s.Status != decode.SigInvalid || s.Reason == "" {
		t.Errorf("tampered: %+v", s)
	}
}

func TestInvalidConfigNamesTheKey(t *testing.T) {
	for _, c := range []struct {
		id  string
		cfg Config
		key string
	}{
		{"Acme Corp", Config{Match: Match{Header: "X"}}, "id"},
		{"acme", Config{}, "match"},
		{"acme", Config{Match: Match{Header: "X Y"}}, "match.header"},
		{"acme", Config{Match: Match{PathPrefix: "x"}}, "match.path_prefix"},
		{"acme", Config{Match: Match{JSON: "a..b"}}, "match.json"},
		{"acme", Config{Match: Match{Header: "X"}, Topic: Topic{Header: "T", JSON: "t"}}, "topic"},
		{"acme", Config{Match: Match{Header: "X"}, Signature: &scheme.Config{Header: "S", Encoding: "hex"}}, "signature.algorithm"},
		{"acme", Config{Match: Match{Header: "X"}, Signature: &scheme.Config{Algorithm: "hmac-sha1", Encoding: "hex"}}, "signature.header"},
		{"acme", Config{Match: Match{Header: "X"}, Signature: &scheme.Config{Header: "S", Algorithm: "hmac-sha1", Encoding: "hex", Signed: "{id}{body}"}}, "signature.signed"},
		{"acme", Config{Match: Match{Header: "X"}, Signature: &scheme.Config{Header: "S", Algorithm: "hmac-sha1", Encoding: "hex", Tolerance: "5m"}}, "signature.tolerance"},
		{"acme", Config{Match: Match{Header: "X"}, Signature: &scheme.Config{Header: "S", Algorithm: "hmac-sha1", Encoding: "hex", Signed: "{id}", IDHeader: "bad header"}}, "signature.id_header"},
	} {
		_, err := New(c.id, c.cfg)
		var ke *KeyError
		if !errors.As(err, &ke) || ke.Key != c.key || ke.Problem == "" {
			t.Errorf("%s %+v: %v, want a problem with key %s", c.id, c.cfg, err, c.key)
		}
	}
}
