package capture

import (
	"net/http"
	"testing"

	"github.com/hookscope/hookscope/capture/store"
	"github.com/hookscope/hookscope/decode/registry"
)

func TestAnnotateRecordsTheEventID(t *testing.T) {
	a, err := registry.New(nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	d := &store.Delivery{Method: "POST", URI: "/hooks", Headers: http.Header{"Webhook-Id": {"msg_2KWPBgLlAfxdpx2AI54pPJ85f4W"}}, Body: []byte(`{}`)}
	Annotator(a)(d)
	if d.EventID != "msg_2KWPBgLlAfxdpx2AI54pPJ85f4W" {
		t.Errorf("EventID = %q, want the webhook-id", d.EventID)
	}
}
