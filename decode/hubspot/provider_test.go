package hubspot

import (
	"encoding/json"
	"testing"
)

// A batch names each subscription type, object and property change once,
// in the order they first appear; events without one add nothing.
func TestBatchNamesEachValueOnceInOrder(t *testing.T) {
	body := []byte(`[
		{"eventId":1,"subscriptionType":"contact.propertyChange","objectId":456,"propertyName":"lifecyclestage","propertyValue":"lead"},
		{"eventId":2,"subscriptionType":"contact.creation","objectId":123},
		{"eventId":3,"subscriptionType":"contact.propertyChange","objectId":456,"propertyName":"lifecyclestage","propertyValue":"lead"},
		{"eventId":4,"objectId":123}]`)
	if got, want := Topic(body), "contact.propertyChange,contact.creation"; got != want {
		t.Errorf("Topic = %q, want %q", got, want)
	}
	var b Batch
	if err := json.Unmarshal(body, &b); err != nil {
		t.Fatal(err)
	}
	if got, want := b.Summary(), "HubSpot contact.propertyChange,contact.creation · 4 events · objects 456, 123 · lifecyclestage=lead"; got != want {
		t.Errorf("Summary = %q, want %q", got, want)
	}
}
