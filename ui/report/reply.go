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
	// Timing says how long the reply took.
	Timing string
	// Recorded is false for a delivery captured before replies were
	// recorded: it has no headers or body.
	Recorded bool
	Headers  []Row
	Body     Body
}

func newReply(d *store.Delivery) Reply {
	r := Reply{Status: d.ReplyStatus, Rule: sanitize.Line(d.ReplyRule),
		Timing:   fmt.Sprintf("%s from receipt until the reply was ready", d.ReplyDuration.Round(time.Microsecond)),
		Recorded: d.ReplyHeaders != nil}
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
	for _, hd := range (&store.Delivery{Headers: h}).SortedHeaders() {
		for _, v := range hd.Values {
			out = append(out, Row{sanitize.Line(hd.Name), sanitize.Line(v)})
		}
	}
	return out
}
