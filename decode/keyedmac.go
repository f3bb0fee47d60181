package decode

import (
	"crypto/hmac"
	"crypto/sha256"
	"hash"
	"sync"
)

// HMAC-SHA256 states already keyed with a secret, kept for reuse: keying a
// fresh one (hmac.New: two digests, the key's pads and their hashing) cost
// a tenth of the capture path's signature check and five allocations, on
// every delivery (issue 12). A state is found by its secret's bytes, so one
// secret's state never serves another, and Reset before every use, so
// nothing of one message reaches the next.
var keyedMACs = macCache{pools: map[string]*sync.Pool{}}

// maxKeyedSecrets bounds how many secrets keep pooled states: beyond it
// (secrets tried by hand, diagnosis of whitespace around one) the cache
// starts over, so it stays small while the configured secrets, used on
// every delivery, are soon back in it.
const maxKeyedSecrets = 64

type macCache struct {
	mu    sync.RWMutex
	pools map[string]*sync.Pool // by the secret's bytes
}

// keyedMAC is an HMAC-SHA256 state keyed with one secret, and the room its
// sum is written to.
type keyedMAC struct {
	h    hash.Hash
	sum  [sha256.Size]byte
	pool *sync.Pool
}

// pool is the pool of states keyed with secret.
func (c *macCache) pool(secret []byte) *sync.Pool {
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
	if len(c.pools) >= maxKeyedSecrets {
		clear(c.pools)
	}
	key := string(secret) // a copy: the caller's slice may change after
	p = &sync.Pool{}
	p.New = func() any { return &keyedMAC{h: hmac.New(sha256.New, []byte(key)), pool: p} }
	c.pools[key] = p
	return p
}

// macSHA256 computes the HMAC-SHA256 of msg under secret into m.sum; the
// caller gives m back with release once done with the sum.
func macSHA256(secret, msg []byte) *keyedMAC {
	m := keyedMACs.pool(secret).Get().(*keyedMAC)
	m.h.Reset()
	m.h.Write(msg)
	m.h.Sum(m.sum[:0])
	return m
}

// release returns m to its secret's pool.
func (m *keyedMAC) release() { m.pool.Put(m) }

// equalHMAC reports, in constant time, whether got is the HMAC-SHA256 of
// msg under secret.
func equalHMAC(got, secret, msg []byte) bool {
	m := macSHA256(secret, msg)
	defer m.release()
	return hmac.Equal(got, m.sum[:])
}
