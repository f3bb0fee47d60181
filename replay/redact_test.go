package replay

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/hookscope/hookscope/capture/store"
)

func TestRedactReplacesOnlyThePassword(t *testing.T) {
	for in, want := range map[string]string{
		"http://user:s3cretpw@127.0.0.1:8080/a%2Fb?x=1": "http://user:xxxxx@127.0.0.1:8080/a%2Fb?x=1",
		"https://u:p@ss:w@host/":                        "https://u:xxxxx@host/",
		"http://user:@host":                             "http://user:xxxxx@host",
		"http://user@host/x":                            "http://user@host/x",
		"http://host/path@x:y":                          "http://host/path@x:y",
		"localhost:3000":                                "localhost:3000",
		"ftp://a:b@c":                                   "ftp://a:xxxxx@c",
	} {
		if got := Redact(in); got != want {
			t.Errorf("Redact(%q) = %q, want %q", in, got, want)
		}
	}
}

// basicAuth is a target that keeps the Basic auth of each request.
func basicAuth(t *testing.T) (string, func() []string) {
	t.Helper()
	var mu sync.Mutex
	var got []string
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		u, p, _ := r.BasicAuth()
		mu.Lock()
		got = append(got, u+":"+p)
		mu.Unlock()
		w.Header().Set("X-App", "1")
	}))
	t.Cleanup(ts.Close)
	return ts.URL, func() []string {
		mu.Lock()
		defer mu.Unlock()
		return append([]string(nil), got...)
	}
}

func TestAPasswordInTheTargetIsSentButNeverRecorded(t *testing.T) {
	base, auth := basicAuth(t)
	target := strings.Replace(base, "http://", "http://user:s3cretpw@", 1) + "/hooks"
	d := &store.Delivery{ID: "01CREDS", Method: "POST", URI: "/x", Headers: http.Header{}, Body: []byte("{}")}
	var text []string // everything recorded or shown as text

	res := Send(context.Background(), Client(Options{}), d, Options{Target: target})
	text = append(text, res.URL, res.Err, fmt.Sprint(res.RequestHeaders))
	if !res.OK() || res.URL != strings.Replace(target, "s3cretpw", "xxxxx", 1)+"/x" {
		t.Fatalf("replay recorded as %+v", res)
	}

	var mu sync.Mutex
	var saved []*store.Attempt
	f := NewForwarder(Options{Target: target}, ForwardOptions{}, func(batch []*store.Attempt) {
		mu.Lock()
		defer mu.Unlock()
		saved = append(saved, batch...)
	})
	text = append(text, f.Target())
	f.Forward(d)
	relayed := &store.Delivery{ID: "01RELAY", Method: "POST", URI: "/y", Headers: http.Header{}, ReplyRule: "default"}
	f.Answer(context.Background(), relayed, time.Second)
	text = append(text, relayed.ReplyRule)
	f.Close(context.Background())
	if len(saved) != 2 {
		t.Fatalf("%d attempts saved", len(saved))
	}
	for _, a := range saved {
		text = append(text, a.URL, a.Err)
	}
	if !strings.HasPrefix(relayed.ReplyRule, "relayed from http://user:xxxxx@") {
		t.Errorf("reply rule %q", relayed.ReplyRule)
	}
	err := CheckTarget("http://user:s3cretpw@")
	text = append(text, err.Error())

	if got := auth(); len(got) != 3 || got[0] != "user:s3cretpw" || got[1] != got[0] || got[2] != got[0] {
		t.Errorf("the target got Basic auth %v", got)
	}
	for _, s := range text {
		if strings.Contains(s, "s3cretpw") {
			t.Errorf("the password is in %q", s)
		}
	}
}
