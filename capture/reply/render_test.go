package reply

import (
	"bytes"
	"net/http"
	"reflect"
	"testing"
)

// A reply body without actions is sent without executing its template:
// the reply is the one executing it gave, for JSON and other bodies, with
// the text JSON or templates would find odd.
func TestRenderOfABodyWithoutActionsIsTheTemplatesOutput(t *testing.T) {
	bodies := []string{Plain.Body, "ok", "}}", "{ {x} }", `{"a":"}"}`, "{", "trailing {", "\x00\xff\x1b[2J", "caf\u00e9 ✓\n",
		`{"a": "<&>"}`}
	for _, headers := range []map[string]string{Plain.Headers, {"Content-Type": "text/plain"}, nil} {
		for _, body := range bodies {
			r := Rule{Name: "r", Status: http.StatusAccepted, Headers: headers, Body: body}
			got := Render(r, Data{})
			tmpl, err := parse(body, isJSON(headers))
			if err != nil {
				t.Fatalf("%q: %v", body, err)
			}
			var b bytes.Buffer
			if err := tmpl.Execute(&b, Data{}); err != nil {
				t.Fatalf("%q: %v", body, err)
			}
			want := Reply{Rule: "r", Status: http.StatusAccepted, Headers: http.Header{}, Body: b.Bytes()}
			for k, v := range headers {
				want.Headers.Set(k, v)
			}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("Render(%q, %v) = %+v, want %+v", body, headers, got, want)
			}
		}
	}
}
