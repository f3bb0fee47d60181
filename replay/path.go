package replay

import (
	"fmt"
	"net/url"
	"strings"
)

// requestTarget is where a replay of a delivery received as uri goes under
// target: the path and query as they arrived, escaping untouched, joined
// under the target's path. It is the request-target of the request line
// (origin form, "/base/x?y"), never re-escaped by net/url.
//
// The delivery's path is first resolved against its own root (RFC 3986
// 5.2.4), so that it cannot climb above the base path at a target that
// normalises: `..` at the root is dropped. Dot segments count in every
// spelling a target might decode to one (`%2e%2E`, `.%2e`, `..;x`), and
// so do the separators (`%2F`, `%5C`, `\`); every byte outside a removed
// dot segment is sent as received, so `/a%2Fb` stays `/a%2Fb`.
func requestTarget(target *url.URL, uri string, exact bool) (string, error) {
	base := target.EscapedPath()
	if exact {
		return withQuery(orRoot(base), target.RawQuery, false, ""), nil
	}
	if strings.ContainsFunc(uri, func(r rune) bool { return r <= ' ' || r == 0x7f }) {
		return "", fmt.Errorf("its path %q has spaces or control bytes", uri)
	}
	path, query, hasQuery := strings.Cut(uri, "?")
	path, _, _ = strings.Cut(path, "#") // a request-target has no fragment
	if strings.Contains(path, "://") {
		// Absolute form (a proxy request): keep the path after the authority.
		rest := path[strings.Index(path, "://")+3:]
		if i := strings.Index(rest, "/"); i >= 0 {
			path = rest[i:]
		} else {
			path = ""
		}
	}
	if path == "*" { // OPTIONS *: the target itself
		path = ""
	}
	joined := strings.TrimSuffix(base, "/") + removeDotSegments(path)
	return withQuery(orRoot(joined), target.RawQuery, hasQuery, query), nil
}

func orRoot(p string) string {
	if p == "" {
		return "/"
	}
	return p
}

// withQuery appends the target's query and the delivery's, as written.
func withQuery(path, targetQuery string, hasQuery bool, query string) string {
	switch {
	case targetQuery != "" && query != "":
		return path + "?" + targetQuery + "&" + query
	case targetQuery != "":
		return path + "?" + targetQuery
	case hasQuery:
		return path + "?" + query
	}
	return path
}

// removeDotSegments resolves "." and ".." in an escaped path against its
// root, keeping every other byte. The result is "" or starts with "/".
func removeDotSegments(path string) string {
	type segment struct{ sep, text string } // sep precedes text
	var out []segment
	sep, rest := "/", path // a path not starting with a separator is rooted all the same
	if i, n := nextSeparator(path); i == 0 {
		sep, rest = path[:n], path[n:]
	}
	for path != "" {
		i, n := nextSeparator(rest)
		text, last := rest, i < 0
		if !last {
			text = rest[:i]
		}
		switch dotSegment(text) {
		case 1: // "." names the directory it is in
		case 2: // ".." goes up one, never above the root
			if len(out) > 0 {
				out = out[:len(out)-1]
			}
		default:
			out = append(out, segment{sep, text})
		}
		if last {
			if dotSegment(text) != 0 {
				out = append(out, segment{sep, ""}) // "/a/.." is "/", a directory
			}
			break
		}
		sep, rest = rest[i:i+n], rest[i+n:]
	}
	var b strings.Builder
	for _, s := range out {
		b.WriteString(s.sep)
		b.WriteString(s.text)
	}
	if b.Len() > 0 && b.String()[0] != '/' {
		return "/" + b.String() // an encoded separator came first: still under the base
	}
	return b.String()
}

// nextSeparator finds the next path separator in p, counting the ones a
// target may decode to "/" (or treat as one): "%2F", "%5C" and "\". It
// returns its index and length, or -1.
func nextSeparator(p string) (int, int) {
	for i := 0; i < len(p); i++ {
		switch p[i] {
		case '/', '\\':
			return i, 1
		case '%':
			if i+2 < len(p) {
				if e := strings.ToUpper(p[i+1 : i+3]); e == "2F" || e == "5C" {
					return i, 3
				}
			}
		}
	}
	return -1, 0
}

// dotSegment is 1 for a segment that decodes to ".", 2 for "..", 0
// otherwise. Path parameters (";x") are ignored, as Tomcat and others do.
func dotSegment(s string) int {
	s, _, _ = strings.Cut(s, ";")
	n := 0
	for len(s) > 0 {
		switch {
		case s[0] == '.':
			s = s[1:]
		case len(s) >= 3 && s[0] == '%' && s[1] == '2' && (s[2] == 'e' || s[2] == 'E'):
			s = s[3:]
		default:
			return 0
		}
		n++
	}
	if n > 2 {
		return 0
	}
	return n
}
