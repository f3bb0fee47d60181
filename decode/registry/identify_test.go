package registry

import (
	"net/http"
	"testing"

	"github.com/hookscope/hookscope/decode"
)

// Identify is what capture needs before it answers: who sent it and
// whether the signature holds, without decoding the body as its typed
// event, which only the summary needs: Summary does.
func TestIdentifyDecodesNoTypedEvent(t *testing.T) {
	a, err := New(nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	request := func() *decode.Request {
		return decode.NewRequest("POST", "/webhooks/spiffy", http.Header{"X-Spiffy-Stores-Topic": {"orders/create"}},
			[]byte(`{"id":1402,"name":"#1402","email":"jon@doe.ca","total_price":"19.99"}`))
	}
	r := request()
	res := a.Identify(r)
	if res.Detection.Provider != "spiffy" || res.Detection.Topic != "orders/create" || res.Signature.Status != decode.SigMissing {
		t.Fatalf("Identify = %+v", res)
	}
	if _, _, seen := r.Typed("spiffy", "orders/create"); seen {
		t.Error("Identify decoded the body as its typed event")
	}
	r = request()
	summary := Summary(a.Identify(r).Detection, r)
	if summary == "" {
		t.Error("Summary gave none")
	}
	if got := SummaryOf("spiffy", "orders/create", request()); got != summary {
		t.Errorf("SummaryOf = %q, Summary %q", got, summary)
	}
}
