package registry

import (
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"crypto/x509"
	"encoding/base64"
	"encoding/hex"
	"encoding/pem"
	"flag"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/hookscope/hookscope/decode"
	"github.com/hookscope/hookscope/decode/scheme"
	"github.com/hookscope/hookscope/fixtures"
)

// resign names the providers whose fixtures TestResignFixtures rewrites:
// `go test ./decode/registry -run TestResignFixtures -resign bitbucket,zoom`
// signs them as the platform would, with fixtureSecret at fixtureTime (the
// URL-signing schemes for https://hooks.example.com + the fixture's path),
// after a fixture's body was edited.
var resign = flag.String("resign", "", "comma-separated provider ids whose fixtures to re-sign in place")

// The keys the asymmetric providers' fixtures are signed with. They are
// test keys, published here so fixtures can be re-signed: Discord's is the
// RFC 8032 §7.1 TEST 1 key.
var (
	discordSeed, _   = hex.DecodeString("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60")
	discordPublicKey = "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a"
	sendgridKeyPEM   = `-----BEGIN EC PRIVATE KEY-----
MHcCAQEEIHw756UHWYRtkijxErg7501QoVHr/+lpbUgyiVRyIEunoAoGCCqGSM49
AwEHoUQDQgAE4pgFv0/hGX3E1OaNd9z7MwHMnnYvc3vuxTMto3KJu07vkieYiXej
Pm3LX3m2xZ44gweIUbGj0G54+1DVjF2J+A==
-----END EC PRIVATE KEY-----`
)

func sendgridKey() *ecdsa.PrivateKey {
	b, _ := pem.Decode([]byte(sendgridKeyPEM))
	k, err := x509.ParseECPrivateKey(b.Bytes)
	if err != nil {
		panic(err) // a constant above
	}
	return k
}

// sendgridPublicKey is the base64 DER public key SendGrid's settings show.
func sendgridPublicKey() string {
	der, err := x509.MarshalPKIXPublicKey(&sendgridKey().PublicKey)
	if err != nil {
		panic(err)
	}
	return base64.StdEncoding.EncodeToString(der)
}

func TestResignFixtures(t *testing.T) {
	if *resign == "" {
		t.Skip("-resign not set")
	}
	all, _ := fixtures.All()
	for _, id := range strings.Split(*resign, ",") {
		p, ok := Lookup(id)
		if !ok {
			t.Fatalf("no provider %q", id)
		}
		n := 0
		for _, f := range all {
			if f.Provider != id {
				continue
			}
			n++
			out, err := signFixture(t, p, f)
			if err != nil {
				t.Fatalf("%s: %v", f.Name, err)
			}
			if err := rewriteHeaders(filepath.Join("..", "..", "fixtures", f.Name+".json"), out); err != nil {
				t.Fatal(err)
			}
		}
		t.Logf("%s: re-signed %d fixtures", id, n)
	}
}

func signFixture(t *testing.T, p decode.Provider, f fixtures.Fixture) (http.Header, error) {
	spec := p.Signature().(decode.SpecScheme).Spec
	out := http.Header{}
	switch spec.Algorithm {
	case scheme.Ed25519:
		ts := f.Headers.Get(spec.TimestampHeader)
		sig := ed25519.Sign(ed25519.NewKeyFromSeed(discordSeed), append([]byte(ts), f.Body...))
		out.Set(spec.Header, hex.EncodeToString(sig))
		return out, nil
	case scheme.ECDSAP256:
		ts := f.Headers.Get(spec.TimestampHeader)
		sum := sha256.Sum256(append([]byte(ts), f.Body...))
		sig, err := ecdsa.SignASN1(rand.Reader, sendgridKey(), sum[:])
		if err != nil {
			return nil, err
		}
		out.Set(spec.Header, base64.StdEncoding.EncodeToString(sig))
		return out, nil
	}
	if spec.SignatureJSON != "" {
		// Mailgun: the signature is in the body, beside the timestamp and
		// token it covers (which it does not cover itself).
		m := hmac.New(sha256.New, []byte(fixtureSecret))
		m.Write([]byte(decode.JSONString(f.Body, "signature.timestamp") + decode.JSONString(f.Body, "signature.token")))
		out.Set(bodySignature, hex.EncodeToString(m.Sum(nil)))
		return out, nil
	}
	secret := fixtureSecrets(f.Provider)[f.Provider][0]
	return spec.Sign(scheme.SignInput{Method: f.Method, URL: "https://hooks.example.com" + f.Path, Header: f.Headers,
		Body: f.Body, Secret: secret, Now: fixtureTime})
}

// bodySignature in rewriteHeaders' argument is the body's "signature"
// string (Mailgun's signature.signature).
const bodySignature = "X-Body-Signature"

// rewriteHeaders sets each header's value in a fixture file, leaving every
// other byte (the body above all) as it is.
func rewriteHeaders(path string, h http.Header) error {
	raw, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	text := string(raw)
	for name, vs := range h {
		re := regexp.MustCompile(`(?i)("` + regexp.QuoteMeta(name) + `": \[\s*")[^"]*(")`)
		if name == bodySignature {
			re = regexp.MustCompile(`("signature": ")[^"]*(")`)
		}
		if !re.MatchString(text) {
			return &os.PathError{Op: "rewrite", Path: path, Err: os.ErrNotExist}
		}
		text = re.ReplaceAllString(text, "${1}"+strings.ReplaceAll(vs[0], "$", "$$")+"${2}")
	}
	return os.WriteFile(path, []byte(text), 0o644)
}
