package decode

import (
	"crypto/hmac"
	"crypto/sha256"
	"fmt"
	"runtime"
	"sync"
	"testing"
)

// freshHMAC is HMAC-SHA256 the plain way, with a state keyed for this one
// message: what every pooled result must equal.
func freshHMAC(secret, msg []byte) []byte {
	m := hmac.New(sha256.New, secret)
	m.Write(msg)
	return m.Sum(nil)
}

// Pooled HMAC states serve many secrets and messages at once, from many
// goroutines (run under -race): every MAC is the one a fresh state gives,
// so no state carries one secret's key or one message's bytes into
// another's. More secrets than the cache keeps make it start over midway.
func TestPooledHMACNeverMixesSecretsOrMessages(t *testing.T) {
	secrets := [][]byte{nil, []byte("k"), []byte("k "), []byte(" k"), []byte("bench-secret"),
		make([]byte, 200)} // longer than SHA-256's block: hashed to key
	for i := range maxKeyedSecrets + 8 {
		secrets = append(secrets, fmt.Appendf(nil, "secret-%d", i))
	}
	msgs := [][]byte{nil, []byte("{}"), []byte("{}\n"), make([]byte, 2048), []byte("v0:1700000000:{}")}
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for round := range 3 {
				for i := range secrets {
					s := secrets[(i+g+round)%len(secrets)]
					for _, m := range msgs {
						want := freshHMAC(s, m)
						if got := HMACSHA256(s, m); !hmac.Equal(got, want) {
							t.Errorf("HMACSHA256(%q, %d bytes) = %x, want %x", s, len(m), got, want)
						}
						if !equalHMAC(want, s, m) {
							t.Errorf("equalHMAC(%q, %d bytes) rejects its own MAC", s, len(m))
						}
						other := freshHMAC(append([]byte("x"), s...), m)
						if equalHMAC(other, s, m) {
							t.Errorf("equalHMAC(%q) accepts another secret's MAC", s)
						}
					}
				}
			}
		}()
	}
	wg.Wait()
}

// Pooled states are found and keyed by the secret's bytes as they were
// when first used: a caller that reuses its slice for another secret gets
// that secret's MAC, and the first secret's stays its own.
func TestPooledHMACKeysACopyOfTheSecret(t *testing.T) {
	msg := []byte(`{"id":1}`)
	secret := []byte("first-secret")
	HMACSHA256(secret, msg)
	copy(secret, "other")
	if got, want := HMACSHA256(secret, msg), freshHMAC([]byte("other-secret"), msg); !hmac.Equal(got, want) {
		t.Fatalf("after the caller changed its secret: %x, want %x", got, want)
	}
	// Pools empty at garbage collection: the first secret's states are
	// made again, and must be keyed with it, not with the changed slice.
	runtime.GC()
	runtime.GC()
	if got, want := HMACSHA256([]byte("first-secret"), msg), freshHMAC([]byte("first-secret"), msg); !hmac.Equal(got, want) {
		t.Fatalf("the first secret: %x, want %x", got, want)
	}
}
