package decode

import (
	"strings"
	"time"
)

// ResourceVersioner is implemented by a Provider whose deliveries are
// about one resource (an order, a product, an issue) and say how recent
// the state they carry is. Platforms do not promise to deliver in order;
// comparing the versions of one resource tells a delivery that arrived
// after a newer one.
type ResourceVersioner interface {
	// ResourceVersion returns the resource r is about, as a key unique
	// within the provider ("order:123"), and when its state was last
	// updated; false when r names no resource or no time.
	ResourceVersion(r *Request) (key string, updatedAt time.Time, ok bool)
}

// maxResourceKey bounds what is kept of a resource key: keys are short,
// a body is not.
const maxResourceKey = 200

// ResourceVersion returns what p (which may be nil) says r's resource and
// its version are; false when p is no ResourceVersioner or r carries none.
func ResourceVersion(p Provider, r *Request) (key string, updatedAt time.Time, ok bool) {
	v, is := p.(ResourceVersioner)
	if !is {
		return "", time.Time{}, false
	}
	key, updatedAt, ok = v.ResourceVersion(r)
	if !ok || key == "" || updatedAt.IsZero() || len(key) > maxResourceKey {
		return "", time.Time{}, false
	}
	return key, updatedAt, true
}

// ResourceKey is the key of the resource kind (a topic's first part such
// as "orders", or a type such as "invoice") with id: "order:123". The kind
// is made singular so that orders/create and order.updated name one
// resource; "" when either is missing.
func ResourceKey(kind, id string) string {
	kind = strings.TrimSuffix(strings.ToLower(strings.TrimSpace(kind)), "s")
	if kind == "" || id == "" {
		return ""
	}
	return kind + ":" + id
}
