package decode

import "testing"

type eventsProvider struct {
	Provider
	events []Event
}

func (p eventsProvider) Events() []Event { return p.events }

// FindEvent runs for every delivery captured (detection, then the typed
// summary): it finds the event, the fallback for any topic too, without
// allocating. It moved every Event it visited to the heap, through the
// address of its range variable.
func TestFindEventAllocatesNothing(t *testing.T) {
	var p Provider = eventsProvider{events: []Event{{Topic: "orders/create"}, {Topic: Any}, {Topic: "orders/paid"}}}
	for topic, want := range map[string]string{"orders/paid": "orders/paid", "ORDERS/CREATE": "orders/create", "carts/update": "carts/update"} {
		if e, ok := FindEvent(p, topic); !ok || e.Topic != want {
			t.Errorf("FindEvent(%q) = %q, %v; want %q", topic, e.Topic, ok, want)
		}
	}
	if allocs := testing.AllocsPerRun(100, func() { FindEvent(p, "orders/paid") }); allocs != 0 {
		t.Errorf("FindEvent allocates %.0f times a call, want none", allocs)
	}
}
