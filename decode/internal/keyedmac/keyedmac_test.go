package keyedmac

import (
	"crypto/hmac"
	"fmt"
	"runtime"
	"sync"
	"testing"
)

var allHashes = []Hash{SHA256, SHA1, SHA512}

// fresh is the HMAC the plain way, with a state keyed for this one
// message: what every pooled result must equal.
func fresh(h Hash, secret, msg []byte) []byte {
	m := hmac.New(h.new(), secret)
	m.Write(msg)
	return m.Sum(nil)
}

func sum(h Hash, secret, msg []byte) []byte {
	m := Of(h, secret, msg)
	defer m.Release()
	return append([]byte(nil), m.Sum()...)
}

// Pooled HMAC states serve many hashes, secrets and messages at once, from
// many goroutines (run under -race): every MAC is the one a fresh state
// gives, so no state carries one secret's key, one hash or one message's
// bytes into another's. More secrets than a cache keeps make it start over
// midway.
func TestPooledHMACNeverMixesSecretsOrMessages(t *testing.T) {
	secrets := [][]byte{nil, []byte("k"), []byte("k "), []byte(" k"), []byte("bench-secret"),
		make([]byte, 200)} // longer than the hashes' blocks: hashed to key
	for i := range maxSecrets + 8 {
		secrets = append(secrets, fmt.Appendf(nil, "secret-%d", i))
	}
	msgs := [][]byte{nil, []byte("{}"), []byte("{}\n"), make([]byte, 2048), []byte("v0:1700000000:{}")}
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for round := range 2 {
				for i := range secrets {
					s := secrets[(i+g+round)%len(secrets)]
					h := allHashes[(i+g)%len(allHashes)]
					for _, m := range msgs {
						want := fresh(h, s, m)
						if got := sum(h, s, m); !hmac.Equal(got, want) {
							t.Errorf("hash %d: Of(%q, %d bytes) = %x, want %x", h, s, len(m), got, want)
						}
						if !Equal(h, want, s, m) {
							t.Errorf("hash %d: Equal(%q, %d bytes) rejects its own MAC", h, s, len(m))
						}
						if other := fresh(h, append([]byte("x"), s...), m); Equal(h, other, s, m) {
							t.Errorf("hash %d: Equal(%q) accepts another secret's MAC", h, s)
						}
						if other := fresh(allHashes[(int(h)+1)%len(allHashes)], s, m); Equal(h, other, s, m) {
							t.Errorf("hash %d: Equal(%q) accepts another hash's MAC", h, s)
						}
					}
				}
			}
		}()
	}
	wg.Wait()
}

// A message written in pieces, as a signing template writes it, is summed
// whole; writing after a Sum makes the next Sum cover the longer message.
func TestWrittenInPieces(t *testing.T) {
	for _, h := range allHashes {
		m := New(h, []byte("whsec_x"))
		m.Write([]byte("1700000000"))
		m.Write([]byte("."))
		if got, want := m.Sum(), fresh(h, []byte("whsec_x"), []byte("1700000000.")); !hmac.Equal(got, want) {
			t.Errorf("hash %d: %x, want %x", h, got, want)
		}
		m.Write([]byte(`{"id":1}`))
		if !m.Equal(fresh(h, []byte("whsec_x"), []byte(`1700000000.{"id":1}`))) {
			t.Errorf("hash %d: a Sum taken before a Write was kept", h)
		}
		m.Release()
	}
}

// Pooled states are found and keyed by the secret's bytes as they were
// when first used: a caller that reuses its slice for another secret gets
// that secret's MAC, and the first secret's stays its own.
func TestPooledHMACKeysACopyOfTheSecret(t *testing.T) {
	msg := []byte(`{"id":1}`)
	secret := []byte("first-secret")
	sum(SHA256, secret, msg)
	copy(secret, "other")
	if got, want := sum(SHA256, secret, msg), fresh(SHA256, []byte("other-secret"), msg); !hmac.Equal(got, want) {
		t.Fatalf("after the caller changed its secret: %x, want %x", got, want)
	}
	// Pools empty at garbage collection: the first secret's states are
	// made again, and must be keyed with it, not with the changed slice.
	runtime.GC()
	runtime.GC()
	if got, want := sum(SHA256, []byte("first-secret"), msg), fresh(SHA256, []byte("first-secret"), msg); !hmac.Equal(got, want) {
		t.Fatalf("the first secret: %x, want %x", got, want)
	}
}
