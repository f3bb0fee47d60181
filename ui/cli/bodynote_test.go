package cli

import (
	"bytes"
	"compress/gzip"
	"context"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/hookscope/hookscope/capture/store"
)

// show's body section says what the body text does not: it arrived
// compressed, or it was sent as JSON and is not JSON.
func TestShowNotesCompressionAndInvalidJSON(t *testing.T) {
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	zw.Write([]byte(`{"order":{"id":42}}`))
	zw.Close()
	db := filepath.Join(t.TempDir(), "h.db")
	st, err := store.Open(context.Background(), db, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	for i, d := range []*store.Delivery{
		{ID: "01HOOKSCOPENOTETEST0000001", Headers: http.Header{"Content-Type": {"application/json"}, "Content-Encoding": {"gzip"}}, Body: gz.Bytes()},
		{ID: "01HOOKSCOPENOTETEST0000002", Headers: http.Header{"Content-Type": {"application/json"}}, Body: []byte(`{"order": {"id": 42}`)},
	} {
		d.ReceivedAt, d.Method, d.URI, d.Proto, d.Size, d.ReplyStatus = time.Now().Add(time.Duration(i)), "POST", "/x", "HTTP/1.1", int64(len(d.Body)), 200
		if err := st.Insert(context.Background(), d); err != nil {
			t.Fatal(err)
		}
	}
	st.Close()
	env := tempEnv(t)
	for id, want := range map[string]string{
		"01HOOKSCOPENOTETEST0000001": "  (arrived gzip-compressed (",
		"01HOOKSCOPENOTETEST0000002": "  (sent as application/json but is not valid JSON (unexpected end of JSON input at byte 20); shown as sent)",
	} {
		r := runCLI(t, env, "show", id, "--db", db)
		if r.code != 0 || !strings.Contains(r.stdout, want) {
			t.Errorf("show %s: want %q in:\n%s%s", id, want, r.stdout, r.stderr)
		}
	}
}
