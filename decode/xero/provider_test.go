package xero

import (
	"encoding/json"
	"testing"
)

// A batch names each kind of event and each tenant once, in the order they
// first appear.
func TestBatchNamesEachKindOnceInOrder(t *testing.T) {
	body := []byte(`{"events":[
		{"resourceId":"r1","eventCategory":"INVOICE","eventType":"UPDATE","tenantId":"t2"},
		{"resourceId":"r2","eventCategory":"CONTACT","eventType":"CREATE","tenantId":"t1"},
		{"resourceId":"r3","eventCategory":"INVOICE","eventType":"UPDATE","tenantId":"t2"}],
		"firstEventSequence":5,"lastEventSequence":7,"entropy":"x"}`)
	if got, want := Topic(body), "INVOICE.UPDATE,CONTACT.CREATE"; got != want {
		t.Errorf("Topic = %q, want %q", got, want)
	}
	var d Delivery
	if err := json.Unmarshal(body, &d); err != nil {
		t.Fatal(err)
	}
	if got, want := d.Summary(), "Xero INVOICE.UPDATE, CONTACT.CREATE · 3 events · tenant t2 · tenant t1 · sequence 5–7"; got != want {
		t.Errorf("Summary = %q, want %q", got, want)
	}
}
