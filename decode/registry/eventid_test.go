package registry

import (
	"net/http"
	"testing"

	"github.com/hookscope/hookscope/capture/store"
)

func TestAnnotateRecordsTheEventID(t *testing.T) {
	a, err := New(nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	d := &store.Delivery{Method: "POST", URI: "/hooks", Headers: http.Header{"Webhook-Id": {"msg_2KWPBgLlAfxdpx2AI54pPJ85f4W"}}, Body: []byte(`{}`)}
	a.Annotate(d)
	if d.EventID != "msg_2KWPBgLlAfxdpx2AI54pPJ85f4W" {
		t.Errorf("EventID = %q, want the webhook-id", d.EventID)
	}
}
