package asana

import (
	"encoding/json"
	"testing"
)

// A batch names each kind of event and each user once, in the order they
// first appear.
func TestBatchNamesEachKindOnceInOrder(t *testing.T) {
	body := []byte(`{"events":[
		{"action":"changed","resource":{"gid":"1","resource_type":"task"},"user":{"gid":"7","resource_type":"user"}},
		{"action":"added","resource":{"gid":"2","resource_type":"story"},"user":{"gid":"8","resource_type":"user"}},
		{"action":"changed","resource":{"gid":"3","resource_type":"task"},"user":{"gid":"7","resource_type":"user"}},
		{"action":"added","resource":{"gid":"4","resource_type":"story"}}]}`)
	if got, ok := Topic(body); !ok || got != "task.changed,story.added" {
		t.Errorf("Topic = %q, %v; want \"task.changed,story.added\"", got, ok)
	}
	var d Delivery
	if err := json.Unmarshal(body, &d); err != nil {
		t.Fatal(err)
	}
	if got, want := d.Summary(), "Asana task.changed, story.added · 4 events · by user 7 · by user 8"; got != want {
		t.Errorf("Summary = %q, want %q", got, want)
	}
}
