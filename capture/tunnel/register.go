package tunnel

import "strings"

// Endpoint is the URL one provider should deliver to.
type Endpoint struct {
	Provider string
	URL      string
}

// Endpoints lists, for each provider id, the URL to register at base: the
// path of a route configured for it (prefixes, provider id → path
// prefix), else /webhooks/<id>. Any path reaches hookscope; a provider's
// own path keeps the list readable and lets a route settle detection.
func Endpoints(base string, ids []string, prefixes map[string]string) []Endpoint {
	base = strings.TrimRight(base, "/")
	out := make([]Endpoint, 0, len(ids))
	for _, id := range ids {
		path := prefixes[id]
		if path == "" {
			path = "/webhooks/" + id
		}
		out = append(out, Endpoint{Provider: id, URL: base + path})
	}
	return out
}
