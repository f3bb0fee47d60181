package report

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/hookscope/hookscope/capture/store"
	"github.com/hookscope/hookscope/decode/registry"
)

// The request's reply row said "200 in 558µs" for a rule with a 1 s
// delay: it names the delay, as the Reply tab does.
func TestReplyRowNamesTheRulesDelay(t *testing.T) {
	d := &store.Delivery{ID: "01REPLYROW", ReceivedAt: time.Now(), Method: "POST", URI: "/x", ReplyStatus: 200,
		ReplyRule: "slow", ReplyDuration: 558 * time.Microsecond, ReplyDelay: time.Second,
		ReplyHeaders: http.Header{"Content-Type": {"application/json"}}, ReplyBody: []byte(`{}`)}
	r := Build(d, registry.Inspection{}, nil, 1<<20)
	var row string
	for _, rw := range r.Request {
		if rw.Label == "reply" {
			row = rw.Value
		}
	}
	if !strings.Contains(row, "stored in 558µs") || !strings.Contains(row, "after the rule's 1s delay") {
		t.Fatalf("reply row %q", row)
	}
	if !strings.Contains(r.Reply.Answered, "after the rule's 1s delay") {
		t.Fatalf("Reply.Answered %q", r.Reply.Answered)
	}
}
