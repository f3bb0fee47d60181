package registry

import (
	"bytes"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/clipperhouse/displaywidth"

	"github.com/hookscope/hookscope/decode/excerpt"
	"github.com/hookscope/hookscope/fixtures"
)

// hostileJSON is free text as a sender may write it, as a JSON string and
// as decoded: a byte that is no UTF-8, a first line of about 5,000
// characters, then a second line that a one-line summary leaves out.
func hostileJSON() (jsonText, decoded string) {
	first := "\xff crash " + strings.Repeat("overflowing title ", 280)
	return `"` + first + `\n\tSECOND-LINE at main.go:12"`, first + "\n\tSECOND-LINE at main.go:12"
}

// Every summary that shows a sender's free text (a title, a reason) shows
// it as one excerpt line, whatever its length or lines: a 5,000-character,
// two-line title with invalid UTF-8 becomes its first line cut to
// excerpt.Width columns, and the summary stays one line.
func TestSummariesCutTheSendersFreeText(t *testing.T) {
	a, _ := New(nil, nil)
	jsonText, text := hostileJSON()
	want := excerpt.Line(text)
	for _, c := range []struct {
		fixture, value string // value: a string the fixture's body holds, the text to replace
	}{
		{"github/pull_request-opened", "Fix the flux capacitor"},
		{"gitlab/merge-request", "MS-Viewport"},
		{"gitlab/issue-signed", "New API: create/update/delete file"},
		{"bitbucket/pullrequest-created", "Fix the flux capacitor"},
		{"sentry/issue-created", "TypeError: Cannot read properties of undefined (reading 'flux')"},
		{"sentry/event_alert-triggered", "TypeError: Cannot read properties of undefined (reading 'flux')"},
		{"pagerduty/incident-triggered", "A little bump in the road"},
		{"calendly/invitee-canceled", "Something came up"},
		{"razorpay/payment-failed", "Payment failed due to insufficient funds"},
		{"merchone/order_failed", "Print file could not be downloaded: HTTP 404"},
	} {
		t.Run(c.fixture, func(t *testing.T) {
			f, err := fixtures.Get(c.fixture)
			if err != nil {
				t.Fatal(err)
			}
			r := request(f)
			base := a.View(r, a.Detect(r)).Summary
			old := []byte(`"` + c.value + `"`)
			if !bytes.Contains(f.Body, old) {
				t.Fatalf("the fixture's body has no %s", old)
			}
			f.Body = bytes.ReplaceAll(f.Body, old, []byte(jsonText))
			r = request(f)
			v := a.View(r, a.Detect(r))
			if v.Error != "" {
				t.Fatalf("decode error: %s", v.Error)
			}
			s := v.Summary
			switch {
			case !utf8.ValidString(s):
				t.Fatalf("summary is not UTF-8: %q", s[:min(len(s), 200)])
			case strings.ContainsAny(s, "\n\r\v\f\u0085\u2028\u2029\t") || strings.Contains(s, "SECOND-LINE"):
				t.Fatalf("summary spans lines: %q", s[:min(len(s), 200)])
			case !strings.Contains(s, want):
				t.Fatalf("summary %q does not show the text as its excerpt %q", s[:min(len(s), 200)], want)
			case displaywidth.String(s) > displaywidth.String(base)+excerpt.Width:
				t.Fatalf("summary of %d columns (%d bytes), from %d with the fixture's text", displaywidth.String(s), len(s), displaywidth.String(base))
			}
		})
	}
}
