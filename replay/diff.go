package replay

import (
	"bytes"
	"encoding/json"
	"fmt"
	"sort"
	"strings"

	"github.com/aymanbagabas/go-udiff"

	"github.com/hookscope/hookscope/capture/store"
)

// Diff says how attempt b's response differs from a's (a the older): the
// status, the headers, and the body as a unified diff. JSON bodies are
// compared after normalising (keys sorted, indented), so a change in key
// order or spacing is no difference and a changed value shows on its own
// line. Date and Content-Length are left out of the headers.
func Diff(a, b *store.Attempt) string {
	var out strings.Builder
	switch {
	case outcome(a) == outcome(b):
		fmt.Fprintf(&out, "status   %s (same)\n", outcome(a))
	default:
		fmt.Fprintf(&out, "status   %s → %s\n", outcome(a), outcome(b))
	}
	headers := udiff.Unified("older", "newer", headerText(a), headerText(b))
	if headers == "" {
		out.WriteString("headers  same\n")
	} else {
		out.WriteString("headers\n" + headers)
	}
	before, jsonA := normalise(a.ResponseBody)
	after, jsonB := normalise(b.ResponseBody)
	body := udiff.Unified("older", "newer", before, after)
	kind := "body"
	if jsonA && jsonB {
		kind = "body (JSON, normalised)"
	}
	if body == "" {
		fmt.Fprintf(&out, "%s  same\n", kind)
	} else {
		out.WriteString(kind + "\n" + body)
	}
	return out.String()
}

func outcome(a *store.Attempt) string {
	if a.Err != "" {
		return "error: " + a.Err
	}
	return fmt.Sprint(a.Status)
}

// volatile headers change on every response (Date) or follow from the
// body (Content-Length), and say nothing the diff does not.
var volatile = map[string]bool{"Date": true, "Content-Length": true}

func headerText(a *store.Attempt) string {
	names := make([]string, 0, len(a.ResponseHeaders))
	for k := range a.ResponseHeaders {
		if !volatile[k] {
			names = append(names, k)
		}
	}
	sort.Strings(names)
	var b strings.Builder
	for _, k := range names {
		for _, v := range a.ResponseHeaders[k] {
			b.WriteString(k + ": " + v + "\n")
		}
	}
	return b.String()
}

// normalise returns body indented with sorted keys when it is JSON (and
// true), else as it is, ending in a newline either way for the diff.
func normalise(body []byte) (string, bool) {
	var v any
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber() // 1.10 and 1.1 stay different
	if err := dec.Decode(&v); err == nil && !dec.More() {
		var b bytes.Buffer
		enc := json.NewEncoder(&b)
		enc.SetEscapeHTML(false)
		enc.SetIndent("", "  ")
		if err := enc.Encode(v); err == nil {
			return b.String(), true
		}
	}
	s := string(body)
	if s != "" && !strings.HasSuffix(s, "\n") {
		s += "\n"
	}
	return s, false
}
