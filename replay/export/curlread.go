package export

import (
	"encoding/base64"
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/hookscope/hookscope/capture/store"
)

// readCurl reads a file of curl command lines, as hookscope writes them
// and as browsers copy them, each optionally fed its body by printf.
// Each becomes the delivery curl would have sent: its -H headers (the
// Content-Type curl adds to a body unless removed, and Content-Length),
// its method, URL and body.
func readCurl(data []byte) ([]Item, error) {
	cmds, err := splitCommands(string(data))
	if err != nil {
		return nil, entryErr("curl file", err)
	}
	items := make([]Item, 0, len(cmds))
	for n, cmd := range cmds {
		entry := fmt.Sprintf("command %d (line %d)", n+1, cmd.line)
		d, err := curlDelivery(cmd)
		if err != nil {
			return nil, entryErr(entry, err)
		}
		items = append(items, Item{Delivery: d, Entry: entry})
	}
	return items, nil
}

// curlFlags are options that change nothing in the request sent.
var curlFlags = map[string]bool{"-g": true, "--globoff": true, "--path-as-is": true, "-s": true, "--silent": true,
	"-S": true, "--show-error": true, "-i": true, "--include": true, "-v": true, "--verbose": true, "-k": true,
	"--insecure": true, "-L": true, "--location": true, "--compressed": true, "-f": true, "--fail": true,
	"--http1.1": true, "-N": true, "--no-buffer": true}

func curlDelivery(cmd shellCommand) (*store.Delivery, error) {
	var stdin []byte
	stdinGiven := false
	switch len(cmd.stages) {
	case 1:
	case 2:
		p := cmd.stages[0]
		if p[0] != "printf" || len(p) < 2 {
			return nil, fmt.Errorf("only printf may pipe into curl, not %q", p[0])
		}
		out, err := printfOutput(p[1], p[2:])
		if err != nil {
			return nil, fieldErr("printf", err)
		}
		stdin, stdinGiven = out, true
	default:
		return nil, errors.New("a pipeline of more than printf | curl")
	}
	args := cmd.stages[len(cmd.stages)-1]
	if args[0] != "curl" {
		return nil, fmt.Errorf("not a curl command (it runs %q)", args[0])
	}
	var (
		method, rawURL string
		headers        = http.Header{}
		removed        = map[string]bool{}
		body           []byte
		hasBody        bool
		host           string
	)
	value := func(i *int, opt string) (string, error) {
		if *i+1 >= len(args) {
			return "", fieldErr(opt, errors.New("needs a value"))
		}
		*i++
		return args[*i], nil
	}
	for i := 1; i < len(args); i++ {
		a := args[i]
		opt, attached := a, ""
		if len(a) > 2 && a[0] == '-' && a[1] != '-' && strings.IndexByte("XHdAbu", a[1]) >= 0 {
			opt, attached = a[:2], a[2:]
		}
		get := func() (string, error) {
			if attached != "" {
				return attached, nil
			}
			return value(&i, opt)
		}
		switch {
		case curlFlags[a]:
		case opt == "-X" || opt == "--request":
			v, err := get()
			if err != nil {
				return nil, err
			}
			method = v
		case opt == "--url":
			v, err := get()
			if err != nil {
				return nil, err
			}
			rawURL = v
		case opt == "-I" || opt == "--head":
			method = http.MethodHead
		case opt == "-H" || opt == "--header":
			v, err := get()
			if err != nil {
				return nil, err
			}
			if strings.HasPrefix(v, "@") {
				return nil, fieldErr(opt, fmt.Errorf("%q reads headers from a file; put them in the command", v))
			}
			name, val, ok := strings.Cut(v, ":")
			if semi, isEmpty := strings.CutSuffix(v, ";"); !ok && isEmpty {
				name, val, ok = semi, "", true
			} else if ok && strings.TrimSpace(val) == "" {
				removed[http.CanonicalHeaderKey(strings.TrimSpace(name))] = true
				continue
			}
			name = strings.TrimSpace(name)
			if !ok || !isToken(name) {
				return nil, fieldErr(opt, fmt.Errorf("%q is not \"Name: value\"", v))
			}
			val = strings.TrimLeft(val, " \t")
			key := http.CanonicalHeaderKey(name)
			if key == "Host" {
				host = val
				continue
			}
			headers[key] = append(headers[key], val)
		case opt == "-A" || opt == "--user-agent":
			v, err := get()
			if err != nil {
				return nil, err
			}
			headers["User-Agent"] = []string{v}
		case opt == "-b" || opt == "--cookie":
			v, err := get()
			if err != nil {
				return nil, err
			}
			if !strings.Contains(v, "=") {
				return nil, fieldErr(opt, fmt.Errorf("%q reads cookies from a file; put them in the command", v))
			}
			headers["Cookie"] = append(headers["Cookie"], v)
		case opt == "-u" || opt == "--user":
			v, err := get()
			if err != nil {
				return nil, err
			}
			headers["Authorization"] = []string{"Basic " + base64.StdEncoding.EncodeToString([]byte(v))}
		case opt == "-d" || opt == "--data" || opt == "--data-binary" || opt == "--data-raw" || opt == "--data-ascii" || opt == "--json":
			v, err := get()
			if err != nil {
				return nil, err
			}
			part := []byte(v)
			if opt != "--data-raw" && strings.HasPrefix(v, "@") {
				if v != "@-" {
					return nil, fieldErr(opt, fmt.Errorf("%q reads the body from a file; hookscope imports only what the command holds", v))
				}
				if !stdinGiven {
					return nil, fieldErr(opt, errors.New("@- reads stdin, and no printf pipes into the command"))
				}
				part = stdin
			}
			if hasBody && opt != "--json" {
				body = append(body, '&')
			}
			body, hasBody = append(body, part...), true
			if opt == "--json" {
				if _, ok := headers["Content-Type"]; !ok {
					headers["Content-Type"] = []string{"application/json"}
				}
			}
		case strings.HasPrefix(a, "-") && a != "-":
			return nil, fieldErr(a, errors.New("a curl option hookscope does not import"))
		default:
			if rawURL != "" {
				return nil, fieldErr("url", fmt.Errorf("a second URL %q (one request per command)", a))
			}
			rawURL = a
		}
	}
	if rawURL == "" {
		return nil, fieldErr("url", errors.New("missing"))
	}
	if !strings.Contains(rawURL, "://") {
		rawURL = "http://" + rawURL // curl's default
	}
	urlHost, uri, err := splitURL(rawURL)
	if err != nil {
		return nil, fieldErr("url", err)
	}
	if method == "" {
		method = http.MethodGet
		if hasBody {
			method = http.MethodPost
		}
	}
	if err := checkRequest(method, uri, "--request", "url"); err != nil {
		return nil, err
	}
	if err := checkHeaders(headers, "--header"); err != nil {
		return nil, err
	}
	if body == nil {
		body = []byte{}
	}
	if hasBody {
		if _, ok := headers["Content-Type"]; !ok && !removed["Content-Type"] {
			headers["Content-Type"] = []string{"application/x-www-form-urlencoded"}
		}
	}
	if len(body) > 0 {
		headers["Content-Length"] = []string{fmt.Sprint(len(body))}
	}
	if host == "" {
		host = urlHost
	}
	return &store.Delivery{Method: method, URI: uri, Proto: "HTTP/1.1", Host: host, Headers: headers, Body: body,
		Size: int64(len(body)), DeclaredLength: declaredLength(headers), ReplyRule: "imported from curl"}, nil
}
