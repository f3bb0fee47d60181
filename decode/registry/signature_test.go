package registry

import (
	"bytes"
	"compress/gzip"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/hookscope/hookscope/decode"
	"github.com/hookscope/hookscope/fixtures"
)

const secret = "hush-0123456789-topsecret"

// signed returns fixture name's request signed by its provider with key.
func signed(t *testing.T, name, key string) (http.Header, []byte) {
	t.Helper()
	f, err := fixtures.Get(name)
	if err != nil {
		t.Fatal(err)
	}
	p, _ := Lookup(f.Provider)
	h := f.Headers.Clone()
	p.Signature().Sign(h, f.Body, []byte(key))
	return h, f.Body
}

func check(t *testing.T, h http.Header, body []byte) decode.Signature {
	t.Helper()
	a, _ := New(nil, map[string][][]byte{"spiffy": {[]byte(secret)}, "vend": {[]byte(secret)}})
	r := decode.NewRequest("POST", "/", h, body)
	return a.Check(r, a.Detect(r))
}

func TestSignaturesValidTamperedWrongSecret(t *testing.T) {
	for _, name := range []string{"spiffy/orders-create", "vend/sale-update"} {
		t.Run(name, func(t *testing.T) {
			h, body := signed(t, name, secret)
			if s := check(t, h, body); s.Status != decode.SigValid {
				t.Fatalf("valid signature: %+v", s)
			}
			tampered := bytes.Replace(body, []byte("0"), []byte("1"), 1)
			s := check(t, h, tampered)
			if s.Status != decode.SigInvalid || !strings.Contains(s.Reason, "body was changed") || len(s.ExpectedPrefix) != decode.ExpectedPrefixLen || s.Received == "" {
				t.Fatalf("tampered body: %+v", s)
			}
			hw, _ := signed(t, name, "not-the-secret")
			if s := check(t, hw, body); s.Status != decode.SigInvalid || !strings.Contains(s.Reason, "secret is wrong") {
				t.Fatalf("wrong secret: %+v", s)
			}
		})
	}
}

func TestSignatureMissingUnsignedNoSecret(t *testing.T) {
	f, _ := fixtures.Get("spiffy/orders-create")
	if s := check(t, f.Headers, f.Body); s.Status != decode.SigMissing || !strings.Contains(s.Reason, "X-Spiffy-Stores-Hmac-Sha256") {
		t.Fatalf("missing header: %+v", s)
	}
	g, _ := fixtures.Get("americommerce/GetTax")
	if s := check(t, g.Headers, g.Body); s.Status != decode.SigUnsigned || !strings.Contains(s.Reason, "does not sign") {
		t.Fatalf("unsigned: %+v", s)
	}
	h, body := signed(t, "vend/sale-update", secret)
	a, _ := New(nil, nil)
	r := decode.NewRequest("POST", "/", h, body)
	s := a.Check(r, a.Detect(r))
	if s.Status != decode.SigNoSecret || !strings.Contains(s.Reason, "HOOKSCOPE_VEND_SECRET") || !strings.Contains(s.Reason, "[providers.vend]") {
		t.Fatalf("no secret: %+v", s)
	}
}

// vend.txt says nothing about signing and Lightspeed signs only OAuth apps'
// webhooks: no X-Signature is no alarm, unless a secret says it should be.
func TestVendWithoutSignatureIsUnsignedUnlessASecretIsSet(t *testing.T) {
	f, _ := fixtures.Get("vend/sale-update")
	if f.Headers.Get("X-Signature") != "" {
		t.Fatal("fixture is signed")
	}
	a, _ := New(nil, nil)
	r := decode.NewRequest(f.Method, f.Path, f.Headers, f.Body)
	s := a.Check(r, a.Detect(r))
	if s.Status != decode.SigUnsigned || s.Reason != "Vend signs only OAuth apps' webhooks; set a secret to check X-Signature" {
		t.Fatalf("no secret, no header: %+v", s)
	}
	if s := check(t, f.Headers, f.Body); s.Status != decode.SigMissing || !strings.Contains(s.Reason, "no X-Signature header") {
		t.Fatalf("secret set, no header: %+v", s)
	}
}

func TestSpiffyHexAndBase64BothSpellings(t *testing.T) {
	f, _ := fixtures.Get("spiffy/orders-create")
	mac := decode.HMACSHA256([]byte(secret), f.Body)
	for _, enc := range []struct {
		name, value string
	}{{"hex", hex.EncodeToString(mac)}, {"base64", base64.StdEncoding.EncodeToString(mac)}, {"hex", strings.ToUpper(hex.EncodeToString(mac))}} {
		for _, header := range []string{"X-Spiffy-Hmac-Sha256", "x-spiffy-stores-hmac-sha256"} {
			h := http.Header{"Content-Type": {"application/json"}, "X-Spiffy-Stores-Topic": {"orders/create"}}
			h.Set(header, enc.value)
			s := check(t, h, f.Body)
			if s.Status != decode.SigValid || s.Encoding != enc.name {
				t.Errorf("%s in %s: %+v", enc.name, header, s)
			}
		}
	}
}

// Spiffy's gem (spiffy_stores_app, webhook_verification.rb) compares
// X-Spiffy-Stores-Hmac-Sha256 with OpenSSL::HMAC.hexdigest of the raw
// body: lowercase hex in that header is what a Spiffy app accepts.
func TestSpiffySignsWhereItsLibraryReads(t *testing.T) {
	h, body := signed(t, "spiffy/orders-create", secret)
	want := hex.EncodeToString(decode.HMACSHA256([]byte(secret), body))
	if got := h.Get("X-Spiffy-Stores-Hmac-Sha256"); got != want {
		t.Fatalf("X-Spiffy-Stores-Hmac-Sha256 %q, want the lowercase hexdigest %q", got, want)
	}
	if h.Get("X-Spiffy-Hmac-Sha256") != "" {
		t.Fatalf("signing added the older header too: %v", h)
	}
	// Re-signing a delivery that came with the older header (the document's
	// base64 form) refreshes it as well, so no stale signature stays.
	f, _ := fixtures.Get("spiffy/orders-create")
	old := f.Headers.Clone()
	old.Set("X-Spiffy-Hmac-Sha256", "XWmrwMey6OsLMeiZKwP4FppHH3cmAiiJJAweH5Jo4bM=")
	p, _ := Lookup("spiffy")
	p.Signature().Sign(old, f.Body, []byte(secret))
	mac := decode.HMACSHA256([]byte(secret), f.Body)
	if old.Get("X-Spiffy-Hmac-Sha256") != base64.StdEncoding.EncodeToString(mac) || old.Get("X-Spiffy-Stores-Hmac-Sha256") != hex.EncodeToString(mac) {
		t.Fatalf("re-signed %v", old)
	}
	if s := check(t, old, f.Body); s.Status != decode.SigValid || s.Header != "X-Spiffy-Stores-Hmac-Sha256" {
		t.Fatalf("re-signed delivery: %+v", s)
	}
}

func TestVendHeaderWithAndWithoutSpaces(t *testing.T) {
	f, _ := fixtures.Get("vend/product-update")
	mac := hex.EncodeToString(decode.HMACSHA256([]byte(secret), f.Body))
	b64 := base64.StdEncoding.EncodeToString(decode.HMACSHA256([]byte(secret), f.Body))
	for _, v := range []string{
		"signature=" + mac + ",algorithm=HMAC-SHA256",
		"signature=" + mac + ", algorithm=HMAC-SHA256",
		" signature = " + mac + " , algorithm = HMAC-SHA256 ",
		"algorithm=HMAC-SHA256, signature=" + b64,
	} {
		h := f.Headers.Clone()
		h.Set("X-Signature", v)
		if s := check(t, h, f.Body); s.Status != decode.SigValid {
			t.Errorf("%q: %+v", v, s)
		}
	}
	for v, reason := range map[string]string{
		"garbage":                                    "malformed X-Signature",
		"signature=abc, algorithm=HMAC-SHA256":       "malformed X-Signature",
		"signature=" + mac + ", algorithm=HMAC-SHA1": "unsupported algorithm",
	} {
		h := f.Headers.Clone()
		h.Set("X-Signature", v)
		if s := check(t, h, f.Body); s.Status != decode.SigInvalid || !strings.Contains(s.Reason, reason) {
			t.Errorf("%q: %+v, want reason %q", v, s, reason)
		}
	}
}

func TestSignatureDiagnoses(t *testing.T) {
	f, _ := fixtures.Get("spiffy/orders-create")
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	zw.Write(f.Body)
	zw.Close()
	h := f.Headers.Clone()
	h.Set("Content-Encoding", "gzip")
	h.Set("X-Spiffy-Hmac-Sha256", hex.EncodeToString(decode.HMACSHA256([]byte(secret), f.Body)))
	if s := check(t, h, gz.Bytes()); s.Status != decode.SigInvalid || !strings.Contains(s.Reason, "encoding mismatch") {
		t.Errorf("signed decoded body: %+v", s)
	}
	h2 := f.Headers.Clone()
	h2.Set("X-Spiffy-Hmac-Sha256", hex.EncodeToString(decode.HMACSHA256([]byte(secret), f.Body)))
	if s := check(t, h2, append(append([]byte{}, f.Body...), '\n')); !strings.Contains(s.Reason, "trailing newline was added") {
		t.Errorf("newline added: %+v", s)
	}
	a, _ := New(nil, map[string][][]byte{"spiffy": {[]byte(" " + secret + "\n")}})
	r := decode.NewRequest("POST", "/", h2, f.Body)
	if s := a.Check(r, a.Detect(r)); !strings.Contains(s.Reason, "whitespace") {
		t.Errorf("secret with whitespace: %+v", s)
	}
}

func TestSecretNeverInAResult(t *testing.T) {
	for _, name := range []string{"spiffy/orders-create", "vend/sale-update"} {
		h, body := signed(t, name, "other")
		for _, b := range [][]byte{body, append(body, 'x')} {
			s := check(t, h, b)
			out, _ := json.Marshal(s)
			if strings.Contains(string(out), secret) || strings.Contains(fmt.Sprintf("%+v", s), secret) {
				t.Fatalf("secret in %s", out)
			}
		}
	}
}

// Rotation: with secret and secrets = […], any may match, and the verdict
// says which.
func TestSeveralSecretsSayWhichMatched(t *testing.T) {
	h, body := signed(t, "spiffy/orders-create", "new-secret")
	a, _ := New(nil, map[string][][]byte{"spiffy": {[]byte("old-secret"), []byte("new-secret")}})
	r := decode.NewRequest("POST", "/", h, body)
	if s := a.Check(r, a.Detect(r)); s.Status != decode.SigValid || s.MatchedSecret != 2 {
		t.Fatalf("second secret: %+v", s)
	}
	a, _ = New(nil, map[string][][]byte{"spiffy": {[]byte("old-secret"), []byte("older-secret")}})
	if s := a.Check(r, a.Detect(r)); s.Status != decode.SigInvalid || !strings.Contains(s.Reason, "none of the 2 configured secrets") {
		t.Fatalf("no secret matches: %+v", s)
	}
}
