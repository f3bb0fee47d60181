// Package replay sends captured deliveries to another endpoint (the
// user's app on localhost, a staging URL) as the platform sent them: same
// method, headers and body byte for byte, optionally edited and re-signed,
// and reports what the endpoint answered.
package replay

import (
	"bytes"
	"context"
	"crypto/sha256"
	"crypto/tls"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/hookscope/hookscope/capture/store"
	"github.com/hookscope/hookscope/decode"
	"github.com/hookscope/hookscope/decode/registry"
	decodescheme "github.com/hookscope/hookscope/decode/scheme"
	"github.com/hookscope/hookscope/replay/internal/hopbyhop"
)

// Options say how to replay.
type Options struct {
	// Target is the endpoint. The delivery's path (and query) is joined to
	// its path unless ExactPath.
	Target    string
	ExactPath bool
	// SetHeaders override or add headers; RemoveHeaders drop them.
	SetHeaders    map[string]string
	RemoveHeaders []string
	// Body replaces the delivery's body when not nil.
	Body []byte
	// Secret, when set, re-signs the request with the delivery's provider's
	// scheme, so an edited body still verifies at the target.
	Secret          []byte
	Timeout         time.Duration
	FollowRedirects bool
	Insecure        bool // skip TLS verification
}

// MaxResponseBody caps how much of a response is kept.
const MaxResponseBody = 1 << 20

// Attempt kinds, as recorded.
const (
	KindReplay  = "replay"
	KindForward = "forward"
	KindRelay   = "relay"
)

// Client builds the HTTP client for opts: no redirects unless asked, TLS
// verified unless told otherwise, no headers of its own.
func Client(opts Options) *http.Client {
	tr := http.DefaultTransport.(*http.Transport).Clone()
	// No Accept-Encoding the sender never sent; the response is kept as
	// the target sent it.
	tr.DisableCompression = true
	if opts.Insecure {
		tr.TLSClientConfig = &tls.Config{InsecureSkipVerify: true} //nolint:gosec // the user asked with --insecure
	}
	c := &http.Client{Transport: tr, Timeout: opts.Timeout}
	if !opts.FollowRedirects {
		c.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	}
	return c
}

// CheckTarget says what is wrong with target as a place to replay to, nil
// when nothing is.
func CheckTarget(target string) error {
	_, err := parseTarget(target)
	return err
}

func parseTarget(target string) (*url.URL, error) {
	u, err := url.Parse(target)
	if port, ok := badPort(target); ok {
		return nil, fmt.Errorf("target %q: port %q is not a number", Redact(target), port)
	}
	if err != nil || u.Host == "" || (u.Scheme != "http" && u.Scheme != "https") {
		return nil, fmt.Errorf("target %q: want an http:// or https:// URL with a host", Redact(target))
	}
	return u, nil
}

// badPort finds a port in target's authority that is not a number from 1
// to 65535 (http://localhost:3000qR): url.Parse only says "invalid port",
// and the scheme and host were right.
func badPort(target string) (string, bool) {
	_, rest, ok := strings.Cut(target, "://")
	if !ok {
		return "", false
	}
	if i := strings.IndexAny(rest, "/?#"); i >= 0 {
		rest = rest[:i]
	}
	if i := strings.LastIndexByte(rest, '@'); i >= 0 {
		rest = rest[i+1:]
	}
	if strings.HasPrefix(rest, "[") { // [::1]:port
		_, rest, _ = strings.Cut(rest, "]")
	}
	_, port, ok := strings.Cut(rest, ":")
	if !ok || port == "" {
		return "", false
	}
	n, err := strconv.Atoi(port)
	if err != nil || n < 1 || n > 65535 || strings.TrimLeft(port, "0123456789") != "" {
		return port, true
	}
	return "", false
}

// body is what is sent for d: the replacement when there is one.
func (o Options) body(d *store.Delivery) []byte {
	if o.Body != nil {
		return o.Body
	}
	return d.Body
}

// Build makes the request for d under opts.
func Build(ctx context.Context, d *store.Delivery, opts Options) (*http.Request, string, error) {
	target, err := parseTarget(opts.Target)
	if err != nil {
		return nil, "", err
	}
	uri, err := requestTarget(target, d.URI, opts.ExactPath)
	if err != nil {
		return nil, "", fmt.Errorf("delivery %s: %w", d.ID, err)
	}
	body := opts.body(d)
	req, err := http.NewRequestWithContext(ctx, d.Method, target.Scheme+"://"+target.Host+"/", bytes.NewReader(body))
	if err != nil {
		return nil, "", fmt.Errorf("build replay of %s: %w", d.ID, err)
	}
	// The request-target goes on the wire as built: Opaque is written
	// verbatim, where Path would be re-escaped from its decoded form.
	req.URL.User = target.User // sent as Basic auth unless the delivery has its own
	req.URL.Opaque, req.URL.RawQuery, _ = strings.Cut(uri, "?")
	if strings.HasPrefix(req.URL.Opaque, "//") {
		req.URL.Opaque = "//" + target.Host + req.URL.Opaque // else "//x" would read as a host
	}
	req.URL.ForceQuery = strings.HasSuffix(uri, "?")
	req.Header = hopbyhop.Without(d.Headers)
	// The body is sent as stored; a body that arrived truncated says so.
	req.ContentLength = int64(len(body))
	for _, h := range opts.RemoveHeaders {
		req.Header.Del(h)
	}
	for k, v := range opts.SetHeaders {
		req.Header.Set(k, v)
	}
	if _, ok := req.Header["User-Agent"]; !ok {
		// Present but empty: net/http then sends no User-Agent of its own.
		req.Header["User-Agent"] = []string{""}
	}
	resigned := ""
	if len(opts.Secret) > 0 {
		scheme := signer(d.Provider)
		if scheme == nil {
			return nil, "", fmt.Errorf("delivery %s: %s does not sign, there is nothing to re-sign", d.ID, d.Provider)
		}
		// URL-signing schemes sign the URL the target is called at: the
		// request as it goes, without the target's credentials.
		signedURL := target.Scheme + "://" + target.Host + uri
		if err := decode.Resign(scheme, req.Method, signedURL, req.Header, body, opts.Secret); err != nil {
			if !errors.Is(err, decodescheme.ErrCannotResign) {
				return nil, "", fmt.Errorf("delivery %s: %w", d.ID, err)
			}
			// A public-key scheme: sent as captured (ResignProblem says
			// why, for the user).
		} else {
			resigned = scheme.Name()
		}
	}
	return req, resigned, nil
}

// ResignProblem says why deliveries of provider cannot be re-signed and go
// as captured ("Discord signs with a private key …"); "" when they can.
func ResignProblem(provider string) string {
	s := signer(provider)
	if s == nil {
		return ""
	}
	if err := decode.CanResign(s); err != nil {
		return err.Error()
	}
	return ""
}

// URL is where req goes, as text to show or store: the password in it is
// redacted and the path is as sent.
func URL(req *http.Request) string {
	origin := (&url.URL{Scheme: req.URL.Scheme, User: req.URL.User, Host: req.URL.Host}).Redacted()
	uri := req.URL.RequestURI()
	if strings.HasPrefix(uri, "/") {
		return origin + uri
	}
	return uri // absolute form already
}

// sentHeaders are the headers of a request as they go on the wire: the
// empty User-Agent that stops net/http adding its own is not one.
func sentHeaders(h http.Header) http.Header {
	h = h.Clone()
	if v, ok := h["User-Agent"]; ok && len(v) == 1 && v[0] == "" {
		delete(h, "User-Agent")
	}
	return h
}

// signer is provider's signing scheme, nil when it does not sign.
func signer(provider string) decode.Scheme {
	if p, ok := registry.Lookup(provider); ok {
		return p.Signature()
	}
	return nil
}

// Signs reports whether provider signs its deliveries, so that a replay
// of one can be re-signed.
func Signs(provider string) bool { return signer(provider) != nil }

// Outcome says in a few words how an attempt ended: "200 in 1.2ms", or
// "error: …".
func Outcome(a *store.Attempt) string {
	if a.Err != "" {
		return "error: " + a.Err
	}
	return fmt.Sprintf("%d in %s", a.Status, a.Latency.Round(time.Microsecond))
}

// Send replays d once with client and reports the attempt, of kind
// KindReplay, as the store records it. Failures are in the attempt, never a
// panic or a lost attempt.
func Send(ctx context.Context, client *http.Client, d *store.Delivery, opts Options) store.Attempt {
	res := store.Attempt{DeliveryID: d.ID, Kind: KindReplay, At: time.Now(), Method: d.Method}
	req, resigned, err := Build(ctx, d, opts)
	if err != nil {
		res.Err = err.Error()
		return res
	}
	body := opts.body(d)
	sum := sha256.Sum256(body)
	res.URL, res.RequestHeaders, res.Resigned = URL(req), sentHeaders(req.Header), resigned
	res.BodySHA256, res.BodySize = hex.EncodeToString(sum[:]), len(body)
	start := time.Now()
	resp, err := client.Do(req)
	if err != nil {
		res.Latency = time.Since(start)
		res.Err = describe(err)
		return res
	}
	defer resp.Body.Close()
	res.ResponseBody, err = io.ReadAll(io.LimitReader(resp.Body, MaxResponseBody))
	res.Latency = time.Since(start)
	res.Status, res.ResponseHeaders = resp.StatusCode, resp.Header
	if err != nil {
		res.Err = "reading the response: " + describe(err)
	}
	return res
}

func describe(err error) string {
	switch {
	case errors.Is(err, context.Canceled):
		return "cancelled"
	case errors.Is(err, context.DeadlineExceeded):
		return "timed out"
	}
	var ue *url.Error
	if errors.As(err, &ue) {
		if ue.Timeout() {
			return "timed out"
		}
		return ue.Err.Error()
	}
	return err.Error()
}

// ParseHeaderEdits reads header edits, one per line or flag: "Name: value"
// sets a header, "-Name" removes it; blank lines are skipped.
func ParseHeaderEdits(lines []string) (set map[string]string, remove []string, err error) {
	for _, line := range lines {
		line = strings.TrimSpace(line)
		switch {
		case line == "":
			continue
		case strings.HasPrefix(line, "-"):
			name := strings.TrimSpace(line[1:])
			if name == "" || strings.ContainsAny(name, ": ") {
				return nil, nil, fmt.Errorf("header edit %q: want -Name to remove a header", line)
			}
			remove = append(remove, http.CanonicalHeaderKey(name))
		default:
			k, v, ok := strings.Cut(line, ":")
			k = strings.TrimSpace(k)
			if !ok || k == "" || strings.ContainsAny(k, " \t") {
				return nil, nil, fmt.Errorf("header edit %q: want Name: value, or -Name to remove", line)
			}
			if set == nil {
				set = map[string]string{}
			}
			set[http.CanonicalHeaderKey(k)] = strings.TrimSpace(v)
		}
	}
	return set, remove, nil
}
