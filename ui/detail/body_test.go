package detail

import (
	"bytes"
	"compress/gzip"
	"net/http"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
)

// The Body tab says a body arrived compressed and is shown decoded, and
// that a body sent as JSON is not JSON and is shown as sent.
func TestBodyTabNotesCompressionAndInvalidJSON(t *testing.T) {
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	zw.Write([]byte(`{"order":{"id":42}}`))
	zw.Close()
	for _, tc := range []struct {
		name   string
		header http.Header
		body   []byte
		want   []string
	}{
		{"gzip", http.Header{"Content-Type": {"application/json"}, "Content-Encoding": {"gzip"}}, gz.Bytes(),
			[]string{"(arrived gzip-compressed (", "shown decoded (19 bytes))", `"id": 42`}},
		{"invalid JSON", http.Header{"Content-Type": {"application/json"}}, []byte(`{"order": {"id": 42}`),
			[]string{"(sent as application/json but is not valid JSON (unexpected end of JSON input at byte 20); shown as sent)", `{"order": {"id": 42}`}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m := showBody(t, tc.body, tc.header, TabBody, 200, 20)
			view := ansi.Strip(m.View())
			for _, want := range tc.want {
				if !strings.Contains(view, want) {
					t.Errorf("Body tab does not show %q:\n%s", want, view)
				}
			}
		})
	}
}
