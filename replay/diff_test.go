package replay

import (
	"net/http"
	"strings"
	"testing"

	"github.com/hookscope/hookscope/capture/store"
)

func TestDiffIsJSONAwareAndSaysWhatChanged(t *testing.T) {
	older := &store.Attempt{Status: 200, ResponseHeaders: http.Header{"Content-Type": {"application/json"}, "Date": {"Mon"}},
		ResponseBody: []byte(`{"tax":[{"cart_item_id":1,"amount":"1.10"}],"ok":true}`)}
	// Same document, keys reordered and spaced: no body difference.
	same := &store.Attempt{Status: 200, ResponseHeaders: http.Header{"Content-Type": {"application/json"}, "Date": {"Tue"}},
		ResponseBody: []byte("{ \"ok\": true,\n \"tax\": [ {\"amount\": \"1.10\", \"cart_item_id\": 1} ] }")}
	d := Diff(older, same)
	for _, want := range []string{"status   200 (same)", "headers  same", "body (JSON, normalised)  same"} {
		if !strings.Contains(d, want) {
			t.Errorf("reordered JSON: %q missing from\n%s", want, d)
		}
	}

	newer := &store.Attempt{Status: 422, ResponseHeaders: http.Header{"Content-Type": {"application/problem+json"}},
		ResponseBody: []byte(`{"ok":true,"tax":[{"cart_item_id":1,"amount":"1.1"}]}`)}
	d = Diff(older, newer)
	for _, want := range []string{"status   200 → 422", "-Content-Type: application/json", "+Content-Type: application/problem+json",
		`-      "amount": "1.10",`, `+      "amount": "1.1",`} {
		if !strings.Contains(d, want) {
			t.Errorf("%q missing from\n%s", want, d)
		}
	}
	if strings.Contains(d, "cart_item_id\": 1,\n+") || strings.Contains(d, "Date") {
		t.Errorf("unchanged lines or Date reported as changes:\n%s", d)
	}

	failed := &store.Attempt{Err: "timed out"}
	text := &store.Attempt{Status: 500, ResponseBody: []byte("boom\nline two")}
	if d := Diff(failed, text); !strings.Contains(d, "status   error: timed out → 500") || !strings.Contains(d, "+boom") || strings.Contains(d, "JSON") {
		t.Errorf("error then text body:\n%s", d)
	}
}
