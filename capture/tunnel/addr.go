package tunnel

import (
	"net"
	"net/url"
	"strconv"
	"strings"
)

// PointsAt reports whether origin, the address a tunnel forwards to as its
// agent reports it, reaches a server listening on listen (host:port).
// Agents write origins in many forms: "4747", "localhost:4747",
// "127.0.0.1:4747", "[::1]:4747", "http://localhost:4747",
// "https://localhost:4747/"; a URL without a port means its scheme's.
func PointsAt(origin, listen string) bool {
	lhost, lport, err := net.SplitHostPort(listen)
	if err != nil || lport == "0" {
		return false
	}
	ohost, oport, ok := splitOrigin(origin)
	if !ok || oport != lport {
		return false
	}
	if strings.EqualFold(ohost, lhost) {
		return true
	}
	// A server on every interface or on loopback is reached through any
	// loopback name; one bound to a single other address only through it.
	return isLocal(ohost) && (lhost == "" || isUnspecified(lhost) || isLocal(lhost))
}

// splitOrigin returns origin's host and port.
func splitOrigin(origin string) (host, port string, ok bool) {
	origin = strings.TrimSpace(origin)
	if origin == "" {
		return "", "", false
	}
	if n, err := strconv.Atoi(origin); err == nil {
		return "localhost", strconv.Itoa(n), n > 0 && n < 65536
	}
	if i := strings.Index(origin, "://"); i >= 0 {
		u, err := url.Parse(origin)
		if err != nil || u.Host == "" {
			return "", "", false
		}
		port = u.Port()
		if port == "" {
			port = map[string]string{"http": "80", "https": "443"}[strings.ToLower(u.Scheme)]
		}
		return u.Hostname(), port, port != ""
	}
	host, port, err := net.SplitHostPort(origin)
	if err != nil {
		return "", "", false
	}
	return host, port, true
}

func isLocal(host string) bool {
	if strings.EqualFold(host, "localhost") || host == "" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && (ip.IsLoopback() || ip.IsUnspecified())
}

func isUnspecified(host string) bool {
	ip := net.ParseIP(host)
	return ip != nil && ip.IsUnspecified()
}

// Port returns listen's port, "" when it has none or it is 0 (not yet
// bound).
func Port(listen string) string {
	_, port, err := net.SplitHostPort(listen)
	if err != nil || port == "0" {
		return ""
	}
	return port
}

// publicBase validates a public URL an agent reported and returns it
// without a trailing slash; "" when it is not an http(s) URL with a plain
// DNS host. Agents are local programs, but what they report reaches the
// terminal, so anything but a hostname is refused rather than escaped.
func publicBase(raw string) string {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.User != nil ||
		u.RawQuery != "" || u.Fragment != "" || !plainHost(u.Host) {
		return ""
	}
	if u.Path != "" && u.Path != "/" {
		return ""
	}
	return u.Scheme + "://" + strings.ToLower(u.Host)
}

// plainHost reports whether h is a DNS name or IP with an optional port.
func plainHost(h string) bool {
	if h == "" || len(h) > 255 {
		return false
	}
	for _, c := range h {
		ok := c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' ||
			c == '.' || c == '-' || c == ':' || c == '[' || c == ']'
		if !ok {
			return false
		}
	}
	return true
}

// printable makes text an agent reported safe to put in a sentence: only
// ASCII letters, digits, punctuation and spaces, at most max bytes.
func printable(s string, max int) string {
	var b strings.Builder
	for _, c := range s {
		if b.Len() >= max {
			b.WriteString("…")
			break
		}
		if c >= ' ' && c < 0x7f {
			b.WriteRune(c)
		} else {
			b.WriteByte('?')
		}
	}
	return b.String()
}
