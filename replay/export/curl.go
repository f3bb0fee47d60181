package export

import (
	"fmt"
	"strings"

	"github.com/hookscope/hookscope/capture/store"
)

// curlCommand is a curl command line that sends d's request byte for
// byte: method, path and query as received (--path-as-is, --globoff), the
// headers with their repeats, and the body. curl's own headers (Accept,
// User-Agent, Content-Type for a body, Expect for a large one) are
// switched off unless d carried them. A body that pastes safely is one
// single-quoted argument; any other comes from printf through a pipe.
func curlCommand(d *store.Delivery, target string) (string, error) {
	url, err := shellWord(RequestURL(d, target))
	if err != nil {
		return "", fmt.Errorf("url: %w", err)
	}
	method, err := shellWord(d.Method)
	if err != nil {
		return "", fmt.Errorf("method: %w", err)
	}
	args := []string{"curl --globoff --path-as-is --request " + method + " --url " + url}
	for _, h := range commandHeaders(d) {
		for _, v := range h.Values {
			// "Name;" is curl's spelling of a header with an empty value;
			// "Name:" would remove it.
			line := h.Name + ": " + v
			if v == "" {
				line = h.Name + ";"
			}
			word, err := shellWord(line)
			if err != nil {
				return "", fmt.Errorf("header %s: %w", h.Name, err)
			}
			args = append(args, "--header "+word)
		}
	}
	off := []string{"Accept", "User-Agent"}
	if len(d.Body) > 0 {
		off = append(off, "Content-Type", "Expect")
	}
	for _, name := range off {
		if _, ok := d.Headers[name]; !ok {
			args = append(args, "--header "+singleQuote(name+":"))
		}
	}
	pipe := ""
	switch body := string(d.Body); {
	case body == "":
	case pasteSafe(body, true) && !strings.HasPrefix(body, "@"):
		// A leading @ would make curl read a file of that name.
		args = append(args, "--data-binary "+singleQuote(body))
	default:
		pipe = "printf " + singleQuote(printfFormat(d.Body)) + " |\n  "
		args = append(args, "--data-binary @-")
	}
	return pipe + strings.Join(args, " \\\n  "), nil
}

// httpieCommand is the same request for HTTPie (`http`). Its request items
// treat : = @ ; as separators, so those are backslash-escaped inside a
// header value; its default headers are unset (an empty "Name:") unless
// d carried them. The body always comes through stdin, from printf.
func httpieCommand(d *store.Delivery, target string) (string, error) {
	url, err := shellWord(RequestURL(d, target))
	if err != nil {
		return "", fmt.Errorf("url: %w", err)
	}
	method, err := shellWord(d.Method)
	if err != nil {
		return "", fmt.Errorf("method: %w", err)
	}
	head := "http"
	if len(d.Body) == 0 {
		head += " --ignore-stdin"
	}
	args := []string{head + " " + method + " " + url}
	for _, h := range commandHeaders(d) {
		for _, v := range h.Values {
			item := h.Name + ":" + httpieEscape(v)
			if v == "" {
				item = h.Name + ";"
			}
			word, err := shellWord(item)
			if err != nil {
				return "", fmt.Errorf("header %s: %w", h.Name, err)
			}
			args = append(args, word)
		}
	}
	for _, name := range []string{"Accept", "Accept-Encoding", "User-Agent", "Content-Type"} {
		if _, ok := d.Headers[name]; !ok {
			args = append(args, singleQuote(name+":"))
		}
	}
	cmd := strings.Join(args, " \\\n  ")
	if len(d.Body) > 0 {
		cmd = "printf " + singleQuote(printfFormat(d.Body)) + " |\n  " + cmd
	}
	return cmd, nil
}

// httpieEscape escapes HTTPie's item separators in a header value.
func httpieEscape(v string) string {
	var b strings.Builder
	for _, r := range v {
		if strings.ContainsRune(`:=@;`, r) {
			b.WriteByte('\\')
		}
		b.WriteRune(r)
	}
	return b.String()
}
