package replay

import (
	"bytes"
	"context"
	"testing"

	"github.com/hookscope/hookscope/replay/export"
)

// TestExportedCommandAndReplaySendTheSameHeaders: a curl command line
// exported for a delivery is a replay by hand, so it must leave out what
// Send leaves out. The export's own list once kept the headers that the
// delivery's Connection header named, which Send drops.
func TestExportedCommandAndReplaySendTheSameHeaders(t *testing.T) {
	ts, got := target(t, 200)
	d := delivery("spiffy/orders-create")
	d.Headers.Set("Connection", "keep-alive, X-Conn-Only")
	d.Headers.Set("X-Conn-Only", "for that connection")
	d.Headers.Set("Keep-Alive", "timeout=5")
	d.Headers.Set("Proxy-Authorization", "Basic c2VjcmV0")
	d.Headers.Set("Te", "trailers")
	d.Headers.Set("Trailer", "X-Checksum")
	d.Headers.Set("Upgrade", "websocket")
	d.Headers.Add("X-Multi", "a")
	d.Headers.Add("X-Multi", "b")

	if res := Send(context.Background(), Client(Options{}), d, Options{Target: ts.URL}); !res.OK() {
		t.Fatal(res.Err)
	}
	replayed := got()[0].header

	var b bytes.Buffer
	x, err := export.NewWriter(&b, export.Curl, export.Options{Target: ts.URL})
	if err != nil {
		t.Fatal(err)
	}
	if err := x.Write(d, nil); err != nil {
		t.Fatal(err)
	}
	if err := x.Close(); err != nil {
		t.Fatal(err)
	}
	items, err := export.Read(export.Curl, b.Bytes())
	if err != nil || len(items) != 1 {
		t.Fatalf("reading the exported command back: %v (%d items)\n%s", err, len(items), b.String())
	}
	commanded := items[0].Delivery.Headers

	for name := range d.Headers {
		inReplay, inCommand := replayed[name] != nil, commanded[name] != nil
		if inReplay != inCommand {
			t.Errorf("%s: replay sends it %v, the exported command sends it %v", name, inReplay, inCommand)
		}
	}
	for _, gone := range []string{"X-Conn-Only", "Connection", "Keep-Alive", "Proxy-Authorization", "Te", "Upgrade"} {
		if replayed[gone] != nil || commanded[gone] != nil {
			t.Errorf("%s was sent (replay %q, command %q)", gone, replayed[gone], commanded[gone])
		}
	}
	if len(replayed["X-Multi"]) != 2 || len(commanded["X-Multi"]) != 2 {
		t.Errorf("X-Multi: replay %q, command %q; want both values", replayed["X-Multi"], commanded["X-Multi"])
	}
}
