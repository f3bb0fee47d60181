package hopbyhop

import (
	"net/http"
	"slices"
	"testing"
)

func TestWithoutDropsConnectionHeadersAndThoseConnectionNames(t *testing.T) {
	h := http.Header{
		"Connection":        {"keep-alive, X-Conn-Only", " x-also ,"},
		"X-Conn-Only":       {"1"},
		"X-Also":            {"2"},
		"Keep-Alive":        {"timeout=5"},
		"Te":                {"trailers"},
		"Transfer-Encoding": {"chunked"},
		"Upgrade":           {"h2c"},
		"Host":              {"original.example"},
		"Content-Length":    {"12"},
		"Proxy-Connection":  {"keep-alive"},
		"X-Kept":            {"a", "b"},
		"Content-Type":      {"application/json"},
	}
	got := Without(h)
	var names []string
	for name := range got {
		names = append(names, name)
	}
	slices.Sort(names)
	if want := []string{"Content-Type", "X-Kept"}; !slices.Equal(names, want) {
		t.Errorf("kept %v, want %v", names, want)
	}
	if !slices.Equal(got["X-Kept"], []string{"a", "b"}) {
		t.Errorf("X-Kept %v: repeats not kept in order", got["X-Kept"])
	}
	if len(h) != 12 {
		t.Errorf("Without changed its argument: %v", h)
	}
	if Without(nil) == nil {
		t.Error("Without(nil) is nil; callers add to it")
	}
}
