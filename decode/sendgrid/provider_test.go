package sendgrid

import (
	"encoding/json"
	"testing"
)

// A batch names each event type and each address once, in the order they
// first appear; events without one add nothing.
func TestBatchNamesEachValueOnceInOrder(t *testing.T) {
	body := []byte(`[
		{"email":"b@example.com","event":"processed","timestamp":1},
		{"email":"a@example.com","event":"delivered","timestamp":2},
		{"email":"b@example.com","event":"delivered","timestamp":3},
		{"event":"processed","timestamp":4}]`)
	if got, want := Topic(body), "processed,delivered"; got != want {
		t.Errorf("Topic = %q, want %q", got, want)
	}
	var b Batch
	if err := json.Unmarshal(body, &b); err != nil {
		t.Fatal(err)
	}
	if got, want := b.Summary(), "SendGrid processed,delivered · 4 events · b@example.com, a@example.com"; got != want {
		t.Errorf("Summary = %q, want %q", got, want)
	}
}
