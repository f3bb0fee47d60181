// Package keyedmac keeps HMAC states already keyed with a secret, for
// reuse by every signature check under decode/: the capture path's
// (decode), the shared verifier of the built-in and user-defined schemes
// (decode/scheme) and handshakes (decode/zoom). Keying a fresh state
// (hmac.New: two digests, the key's pads and their hashing) cost a tenth
// of the capture path's signature check and five allocations, on every
// delivery (issue 12).
//
// A state is found by its hash and its secret's bytes, so one secret's
// state never serves another, and is Reset before every use, so nothing of
// one message reaches the next.
package keyedmac

import (
	"crypto/hmac"
	"crypto/sha1"
	"crypto/sha256"
	"crypto/sha512"
	"hash"
	"sync"
)

// Hash is the digest an HMAC is built on.
type Hash uint8

// The hashes webhook signatures use.
const (
	SHA256 Hash = iota
	SHA1
	SHA512
	hashes // how many there are
)

func (h Hash) new() func() hash.Hash {
	switch h {
	case SHA1:
		return sha1.New
	case SHA512:
		return sha512.New
	}
	return sha256.New
}

// maxSecrets bounds how many secrets of one hash keep pooled states:
// beyond it (secrets tried by hand, diagnosis of whitespace around one)
// that hash's cache starts over, so it stays small while the configured
// secrets, used on every delivery, are soon back in it.
const maxSecrets = 64

var caches [hashes]cache

type cache struct {
	mu    sync.RWMutex
	pools map[string]*sync.Pool // by the secret's bytes
}

// MAC is an HMAC state keyed with one secret, and the room its sum is
// written to. It is an io.Writer: write the signed message into it.
type MAC struct {
	h    hash.Hash
	sum  [sha512.Size]byte
	n    int // bytes of sum in use, once summed
	pool *sync.Pool
}

// pool is the pool of h's states keyed with secret.
func (h Hash) pool(secret []byte) *sync.Pool {
	c := &caches[h]
	c.mu.RLock()
	p := c.pools[string(secret)]
	c.mu.RUnlock()
	if p != nil {
		return p
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if p = c.pools[string(secret)]; p != nil {
		return p
	}
	if c.pools == nil || len(c.pools) >= maxSecrets {
		c.pools = map[string]*sync.Pool{}
	}
	key := string(secret) // a copy: the caller's slice may change after
	newHash := h.new()
	p = &sync.Pool{}
	p.New = func() any { return &MAC{h: hmac.New(newHash, []byte(key)), pool: p} }
	c.pools[key] = p
	return p
}

// New is a state of h keyed with secret, holding no message yet; the
// caller gives it back with Release once done with its Sum. A Hash
// outside the constants above is SHA256.
func New(h Hash, secret []byte) *MAC {
	if h >= hashes {
		h = SHA256
	}
	m := h.pool(secret).Get().(*MAC)
	m.h.Reset()
	m.n = 0
	return m
}

// Of is New with msg written and summed.
func Of(h Hash, secret, msg []byte) *MAC {
	m := New(h, secret)
	m.h.Write(msg)
	m.Sum()
	return m
}

// Write adds p to the message; it never fails.
func (m *MAC) Write(p []byte) (int, error) {
	m.n = 0 // a Sum taken before is no longer the message's
	return m.h.Write(p)
}

// Sum is the HMAC of what was written; the slice is m's and is valid
// until Release.
func (m *MAC) Sum() []byte {
	if m.n == 0 {
		m.n = len(m.h.Sum(m.sum[:0]))
	}
	return m.sum[:m.n]
}

// Equal reports, in constant time, whether got is the HMAC of what was
// written.
func (m *MAC) Equal(got []byte) bool { return hmac.Equal(got, m.Sum()) }

// Release returns m to its secret's pool; m is not to be used after.
func (m *MAC) Release() { m.pool.Put(m) }

// Equal reports, in constant time, whether got is the HMAC of msg under
// secret.
func Equal(h Hash, got, secret, msg []byte) bool {
	m := Of(h, secret, msg)
	defer m.Release()
	return m.Equal(got)
}
