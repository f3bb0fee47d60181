package scheme

import (
	"bytes"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/sha1"
	"crypto/sha256"
	"crypto/sha512"
	"encoding/base64"
	"encoding/hex"

	"github.com/hookscope/hookscope/decode/excerpt"
	"github.com/hookscope/hookscope/decode/internal/keyedmac"
)

// keyedHash is the hash of a's HMAC, whose keyed states are pooled.
func (a Algorithm) keyedHash() keyedmac.Hash {
	switch a {
	case HMACSHA1:
		return keyedmac.SHA1
	case HMACSHA512:
		return keyedmac.SHA512
	}
	return keyedmac.SHA256
}

// size is the signature length in bytes, 0 when it varies (DER).
func (a Algorithm) size() int {
	switch a {
	case HMACSHA1:
		return sha1.Size
	case HMACSHA256:
		return sha256.Size
	case HMACSHA512:
		return sha512.Size
	case Ed25519:
		return ed25519.SignatureSize
	}
	return 0
}

func (a Algorithm) String() string {
	switch a {
	case HMACSHA1:
		return "HMAC-SHA1"
	case HMACSHA256:
		return "HMAC-SHA256"
	case HMACSHA512:
		return "HMAC-SHA512"
	case Ed25519:
		return "Ed25519"
	case ECDSAP256:
		return "ECDSA P-256/SHA-256"
	}
	return string(a)
}

// macOf is a pooled HMAC state under key k holding template t filled
// from p; the caller gives it back with Release once done with its Sum.
func macOf(a Algorithm, k []byte, t string, p *payload) *keyedmac.MAC {
	m := keyedmac.New(a.keyedHash(), k)
	render(m, t, p)
	return m
}

// mac is the HMAC of template t filled from p, in a slice of its own: for
// signing and for what an invalid signature's diagnosis shows.
func mac(a Algorithm, k []byte, t string, p *payload) []byte {
	m := macOf(a, k, t, p)
	defer m.Release()
	return bytes.Clone(m.Sum())
}

// verifyAsym checks an Ed25519 or ECDSA signature over template t.
func verifyAsym(a Algorithm, k key, t string, p *payload, sig []byte) bool {
	var msg bytes.Buffer
	render(&msg, t, p)
	switch {
	case a == Ed25519 && k.ed != nil:
		return len(sig) == ed25519.SignatureSize && ed25519.Verify(k.ed, msg.Bytes(), sig)
	case a == ECDSAP256 && k.ec != nil:
		d := sha256.Sum256(msg.Bytes())
		return ecdsa.VerifyASN1(k.ec, d[:], sig)
	}
	return false
}

// fits reports whether n decoded bytes can be a signature of a, or of
// another HMAC (so a SHA-1 MAC in a SHA-256 header is read, then diagnosed).
func (a Algorithm) fits(n int) bool {
	switch a {
	case Ed25519:
		return n == ed25519.SignatureSize
	case ECDSAP256:
		return n >= 8 && n <= 80
	}
	return n == sha1.Size || n == sha256.Size || n == sha512.Size
}

// decodeSig reads a received signature, trying the documented encoding
// first and the other one second; it returns the encoding that arrived.
func decodeSig(s string, documented Encoding, a Algorithm) ([]byte, Encoding, bool) {
	order := [2]Encoding{Hex, Base64}
	if documented == Base64 {
		order = [2]Encoding{Base64, Hex}
	}
	for _, enc := range order {
		var b []byte
		var err error
		if enc == Hex {
			b, err = hex.DecodeString(s)
		} else {
			b, err = decodeBase64(s)
		}
		if err == nil && a.fits(len(b)) {
			return b, enc, true
		}
	}
	return nil, "", false
}

func encode(b []byte, e Encoding) string {
	if e == Base64 {
		return base64.StdEncoding.EncodeToString(b)
	}
	return hex.EncodeToString(b)
}

// prefixOf shows at most the first 8 characters of a signature: enough to
// compare by eye, too little to forge with.
func prefixOf(s string) string { return excerpt.Clip(s, 8) }
