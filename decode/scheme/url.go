package scheme

import (
	"net/http"
	"net/url"
	"strings"
)

// URLSource says where the URL a URL-signing platform called came from.
type URLSource string

// URL sources.
const (
	// URLConfigured came from public_url (config or --public-url).
	URLConfigured URLSource = "configured"
	// URLRebuilt was rebuilt from Host and X-Forwarded-Proto.
	URLRebuilt URLSource = "rebuilt"
)

func (u URLSource) describe() string {
	if u == URLConfigured {
		return "from public_url"
	}
	return "rebuilt from Host and X-Forwarded-Proto; set public_url if the platform calls another URL"
}

// PublicURL is the URL a platform called to deliver to requestURI (path and
// query as received). With publicURL set (a base such as
// https://abc.ngrok.app, or one with a path prefix the tunnel strips) it is
// publicURL followed by requestURI; otherwise it is rebuilt from the Host
// header and X-Forwarded-Proto, which tunnels such as ngrok and cloudflared
// set to the public host and scheme.
func PublicURL(publicURL string, h http.Header, host, requestURI string) (string, URLSource) {
	if publicURL != "" {
		return strings.TrimRight(publicURL, "/") + requestURI, URLConfigured
	}
	proto := "http"
	if p := strings.TrimSpace(strings.Split(h.Get("X-Forwarded-Proto"), ",")[0]); p != "" {
		proto = strings.ToLower(p)
	}
	if fh := strings.TrimSpace(strings.Split(h.Get("X-Forwarded-Host"), ",")[0]); fh != "" {
		host = fh
	}
	return proto + "://" + host + requestURI, URLRebuilt
}

// portVariant adds the scheme's default port to u when it has none, or
// removes the port it has, as Twilio's validators do; "" when u does not
// parse.
func portVariant(u string) string {
	p, err := url.Parse(u)
	if err != nil || p.Host == "" {
		return ""
	}
	if p.Port() != "" {
		p.Host = p.Hostname()
		return p.String()
	}
	def := map[string]string{"https": "443", "http": "80"}[p.Scheme]
	if def == "" {
		return ""
	}
	p.Host += ":" + def
	return p.String()
}

// urlMistakes are the URLs a platform may have signed instead of the one
// tried: the other scheme, with or without the default port or a trailing
// slash, without the query.
func urlMistakes(u string) []string {
	p, err := url.Parse(u)
	if err != nil || p.Host == "" {
		return nil
	}
	var out []string
	add := func(q url.URL) {
		if s := q.String(); s != u {
			out = append(out, s)
		}
	}
	q := *p
	q.Scheme = map[string]string{"http": "https", "https": "http"}[p.Scheme]
	if q.Scheme != "" {
		q.Host = q.Hostname()
		if pt := p.Port(); pt != "" && pt != "80" && pt != "443" {
			q.Host = p.Host
		}
		add(q)
	}
	q = *p
	if strings.HasSuffix(q.Path, "/") {
		q.Path = strings.TrimRight(q.Path, "/")
	} else {
		q.Path += "/"
	}
	q.RawPath = ""
	add(q)
	if p.RawQuery != "" {
		q = *p
		q.RawQuery = ""
		add(q)
	}
	if v := portVariant(u); v != "" {
		out = append(out, v)
	}
	return out
}
