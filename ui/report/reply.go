package report

import (
	"fmt"
	"net/http"
	"time"

	"github.com/hookscope/hookscope/capture/store"
	"github.com/hookscope/hookscope/decode/content"
	"github.com/hookscope/hookscope/ui/sanitize"
)

// Reply is what hookscope answered the sender.
type Reply struct {
	Status int
	Rule   string
	// Stored says how long storing took from receipt; Answered when the
	// answer went out, after the rule's delay when it had one.
	Stored, Answered string
	// Recorded is false for a delivery captured before replies were
	// recorded: it has no headers or body.
	Recorded bool
	Headers  []Row
	Body     Body
}

func newReply(d *store.Delivery) Reply {
	r := Reply{Status: d.ReplyStatus, Rule: sanitize.Line(d.ReplyRule), Recorded: d.ReplyHeaders != nil}
	r.Stored, r.Answered = replyTiming(d)
	if !r.Recorded {
		return r
	}
	r.Headers = headerRows(d.ReplyHeaders)
	text, kind, _ := content.Display(d.ReplyBody, d.ReplyHeaders.Get("Content-Type"), "")
	r.Body = Body{Text: sanitize.Text(string(text)), Kind: kind}
	return r
}

// headerRows lists h by name, one row per value.
func headerRows(h http.Header) []Row {
	var out []Row
	for _, hd := range store.SortHeaders(h) {
		for _, v := range hd.Values {
			out = append(out, Row{sanitize.Line(hd.Name), sanitize.Line(v)})
		}
	}
	return out
}

// replyTiming says how long storing took and when the answer went out: a
// rule's delay comes after storing, and "took 558µs" for a rule that waited
// a second told the wrong story.
func replyTiming(d *store.Delivery) (stored, answered string) {
	stored = fmt.Sprintf("in %s, from receipt", d.ReplyDuration.Round(time.Microsecond))
	at := d.ReceivedAt.Add(d.ReplyDuration + d.ReplyDelay).Local().Format("15:04:05.000")
	if d.ReplyDelay > 0 {
		return stored, fmt.Sprintf("at %s, after the rule's %s delay", at, d.ReplyDelay)
	}
	return stored, fmt.Sprintf("at %s, as soon as it was stored", at)
}
