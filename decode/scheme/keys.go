package scheme

import (
	"bytes"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/x509"
	"encoding/base64"
	"encoding/hex"
	"encoding/pem"
	"errors"
	"fmt"
	"strings"
)

// key is a configured secret turned into what an algorithm needs.
type key struct {
	mac []byte // HMAC key or token
	ed  ed25519.PublicKey
	ec  *ecdsa.PublicKey
	err error // why the secret is not usable as this scheme's key
}

func deriveKey(form KeyForm, secret []byte) key {
	switch form {
	case WhsecKey:
		s := strings.TrimPrefix(string(secret), "whsec_")
		if s == "" {
			return key{err: errors.New("the secret is empty after its whsec_ prefix")}
		}
		b, err := decodeBase64(s)
		if err != nil {
			return key{err: errors.New("the secret is not a Standard Webhooks secret: after whsec_ it must be base64 " +
				"(copy it whole from the sender's dashboard)")}
		}
		return key{mac: b}
	case HexPublicKey:
		b, err := hex.DecodeString(strings.TrimSpace(string(secret)))
		if err != nil || len(b) != ed25519.PublicKeySize {
			return key{err: fmt.Errorf("the public key must be %d hex characters (the application's public key)", 2*ed25519.PublicKeySize)}
		}
		return key{ed: ed25519.PublicKey(b)}
	case WhpkKey:
		b, err := decodeBase64(strings.TrimPrefix(strings.TrimSpace(string(secret)), "whpk_"))
		if err != nil || len(b) != ed25519.PublicKeySize {
			return key{err: errors.New("the public key must be whpk_ followed by the base64 of a 32-byte Ed25519 key")}
		}
		return key{ed: ed25519.PublicKey(b)}
	case PKIXKey:
		der := bytes.TrimSpace(secret)
		if blk, _ := pem.Decode(der); blk != nil {
			der = blk.Bytes
		} else if b, err := decodeBase64(string(der)); err == nil {
			der = b
		}
		pub, err := x509.ParsePKIXPublicKey(der)
		if err != nil {
			return key{err: errors.New("the public key must be a PEM block or the base64 DER public key the dashboard shows")}
		}
		ec, ok := pub.(*ecdsa.PublicKey)
		if !ok {
			return key{err: errors.New("the public key is not an ECDSA key")}
		}
		return key{ec: ec}
	}
	return key{mac: secret}
}

// decodeBase64 accepts either alphabet, padded or not.
func decodeBase64(s string) ([]byte, error) {
	var err error
	for _, enc := range []*base64.Encoding{base64.StdEncoding, base64.URLEncoding, base64.RawStdEncoding, base64.RawURLEncoding} {
		var b []byte
		if b, err = enc.DecodeString(s); err == nil {
			return b, nil
		}
	}
	return nil, err
}
