package export

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/hookscope/hookscope/capture/store"
)

// show --json once printed an attempt's "id" as its delivery's id; it was
// mended there, and the export record kept the mistake. An attempt names
// its delivery as delivery_id, as show --json does.
func TestExportedAttemptsNameTheirDeliveryAsShowDoes(t *testing.T) {
	d := &store.Delivery{ID: "01ATTEMPTIDS0000000000001", ReceivedAt: time.Now(), Method: "POST", URI: "/x",
		Headers: http.Header{}, Body: []byte("{}"), ReplyStatus: 200}
	a := store.Attempt{ID: 7, DeliveryID: d.ID, Kind: "replay", At: time.Now(), Method: "POST", URL: "http://app/x", Status: 201}
	b, err := json.Marshal(ToRecord(d, []store.Attempt{a}))
	if err != nil {
		t.Fatal(err)
	}
	var got struct {
		Attempts []map[string]any `json:"attempts"`
	}
	if err := json.Unmarshal(b, &got); err != nil || len(got.Attempts) != 1 {
		t.Fatalf("%s: %v", b, err)
	}
	if got.Attempts[0]["delivery_id"] != d.ID {
		t.Errorf("attempt %v: no delivery_id", got.Attempts[0])
	}
	if id, ok := got.Attempts[0]["id"]; ok && strings.HasPrefix(id.(string), "01") {
		t.Errorf("attempt's id is the delivery's: %v", got.Attempts[0])
	}
	rec := mustRecord(t, b)
	r, _, err := FromRecord(&rec)
	if err != nil || r.ID != d.ID {
		t.Fatalf("read back: %v %v", r, err)
	}
}

func mustRecord(t *testing.T, b []byte) Record {
	t.Helper()
	var r Record
	if err := json.Unmarshal(b, &r); err != nil {
		t.Fatal(err)
	}
	return r
}
