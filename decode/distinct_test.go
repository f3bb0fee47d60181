package decode

import (
	"slices"
	"testing"
)

func TestDistinctKeepsFirstSeenOrderOnce(t *testing.T) {
	var d Distinct
	if d.Values() != nil {
		t.Fatalf("nothing added: %q", d.Values())
	}
	for _, v := range []string{"order.paid", "payment.failed", "", "order.paid", "refund.created", "payment.failed", "Order.paid"} {
		d.Add(v)
	}
	if want := []string{"order.paid", "payment.failed", "refund.created", "Order.paid"}; !slices.Equal(d.Values(), want) {
		t.Fatalf("Values = %q, want %q (first-seen order, each once, no empty value, case kept)", d.Values(), want)
	}
}

// Two collections over the same events are apart: a value in one does
// not keep it out of the other.
func TestDistinctCollectionsAreIndependent(t *testing.T) {
	var types, objects Distinct
	types.Add("123")
	objects.Add("123")
	if !slices.Equal(objects.Values(), []string{"123"}) {
		t.Fatalf("objects = %q", objects.Values())
	}
}
