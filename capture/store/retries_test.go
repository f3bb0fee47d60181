package store

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"testing"
	"time"
)

func TestRetriesByEventIDAndByBody(t *testing.T) {
	// The platform's event id, as decode would find it, comes from a header.
	s, _ := openTemp(t, Options{Keep: -1, EventKeys: func(d *Delivery) EventKeys {
		return EventKeys{EventID: d.Headers.Get("X-Event")}
	}})
	ctx := context.Background()
	t0 := time.Date(2026, 12, 1, 10, 0, 0, 0, time.UTC)
	put := func(at time.Duration, provider, topic, eventID, body string) *Delivery {
		t.Helper()
		d := sample(body)
		d.ReceivedAt, d.Provider, d.Topic = t0.Add(at), provider, topic
		if eventID != "" {
			d.Headers = http.Header{"X-Event": {eventID}}
		}
		if err := s.Insert(ctx, d); err != nil {
			t.Fatal(err)
		}
		return d
	}
	// By event id: bodies may differ (a platform re-signs, adds an attempt
	// count); days apart still counts; another provider's id does not.
	first := put(0, "stripe", "invoice.paid", "evt_1", `{"attempt":1}`)
	second := put(30*time.Second, "stripe", "invoice.paid", "evt_1", `{"attempt":2}`)
	third := put(50*time.Hour, "stripe", "invoice.paid", "evt_1", `{"attempt":3}`)
	otherProvider := put(time.Minute, "github", "push", "evt_1", `{"attempt":1}`)
	otherEvent := put(time.Minute, "stripe", "invoice.paid", "evt_2", `{"attempt":1}`)
	// By body, for deliveries without an event id: the same provider,
	// topic and bytes within an hour of the last copy.
	h1 := put(0, "spiffy", "orders/create", "", `{"id":1402}`)
	h2 := put(40*time.Minute, "spiffy", "orders/create", "", `{"id":1402}`)
	h3 := put(80*time.Minute, "spiffy", "orders/create", "", `{"id":1402}`) // 80 min after h1, 40 after h2
	late := put(200*time.Minute, "spiffy", "orders/create", "", `{"id":1402}`)
	otherTopic := put(time.Minute, "spiffy", "orders/updated", "", `{"id":1402}`)
	otherBody := put(time.Minute, "spiffy", "orders/create", "", `{"id":1403}`)

	if _, err := s.Count(ctx, Filter{Expr: mustParse(t, "is:retry")}); err != nil {
		t.Fatal(err)
	}
	all, err := s.List(ctx, Filter{}, 0, 100)
	if err != nil {
		t.Fatal(err)
	}
	byID := map[string]Delivery{}
	for _, d := range all {
		byID[d.ID] = d
	}
	for _, tc := range []struct {
		d    *Delivery
		want string
		n    int
	}{
		{first, "", 1}, {second, first.ID, 2}, {third, first.ID, 3}, {otherProvider, "", 1}, {otherEvent, "", 1},
		{h1, "", 1}, {h2, h1.ID, 2}, {h3, h1.ID, 3}, {late, "", 1}, {otherTopic, "", 1}, {otherBody, "", 1},
	} {
		// is:retry catches the index up; List then has what it derived.
		got := byID[tc.d.ID]
		if got.RetryOf != tc.want || got.RetryN != tc.n {
			t.Errorf("%s (%s %s %q %s): retry_of = %q, retry %d; want %q, retry %d", tc.d.ID, tc.d.Provider, tc.d.Topic,
				tc.d.Headers.Get("X-Event"), tc.d.Body, got.RetryOf, got.RetryN, tc.want, tc.n)
		}
	}
	if got := listIDs(t, s, Filter{Expr: mustParse(t, "is:retry")}); !slices.Equal(got, []string{second.ID, third.ID, h2.ID, h3.ID}) {
		t.Errorf("is:retry = %v", got)
	}

	// Every attempt of the event, in the order received, from any of them.
	for _, id := range []string{first.ID, third.ID} {
		rs, _, err := s.Retries(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		var ids []string
		for _, r := range rs {
			ids = append(ids, r.ID)
		}
		if !slices.Equal(ids, []string{first.ID, second.ID, third.ID}) {
			t.Errorf("Retries(%s) = %v", id, ids)
		}
		if !rs[1].ReceivedAt.Equal(t0.Add(30 * time.Second)) {
			t.Errorf("Retries carry the times: %v", rs[1].ReceivedAt)
		}
	}
	if rs, _, err := s.Retries(ctx, late.ID); err != nil || len(rs) != 1 {
		t.Errorf("Retries of a lone delivery = %v, %v; want itself", rs, err)
	}
}

// Under load a copy can be stored before one received a moment earlier: the
// later-stored one looked only for copies received before it, missed the
// other, and two deliveries showed "retry 119". And deliveries no provider
// claims are not one platform retrying: a load of identical `{}` posts was
// listed as retry 1 to 120.
func TestRetryOrdinalsFollowStoringAndNeedAProvider(t *testing.T) {
	s, _ := openTemp(t, Options{Keep: -1})
	ctx := context.Background()
	t0 := time.Date(2026, 12, 1, 10, 0, 0, 0, time.UTC)
	put := func(at time.Duration, provider string) *Delivery {
		t.Helper()
		d := sample(`{"id":1402}`)
		d.ReceivedAt, d.Provider, d.Topic = t0.Add(at), provider, "orders/create"
		if err := s.Insert(ctx, d); err != nil {
			t.Fatal(err)
		}
		return d
	}
	a := put(time.Millisecond, "spiffy") // received second, stored first
	b := put(0, "spiffy")
	c := put(2*time.Millisecond, "spiffy")
	u1, u2 := put(time.Second, "unknown"), put(2*time.Second, "unknown")
	if _, err := s.Count(ctx, Filter{Expr: mustParse(t, "is:retry")}); err != nil { // catches the index up
		t.Fatal(err)
	}
	all, err := s.List(ctx, Filter{}, 0, 100)
	if err != nil {
		t.Fatal(err)
	}
	n := map[string]int{}
	for _, d := range all {
		n[d.ID] = d.RetryN
	}
	if got := []int{n[a.ID], n[b.ID], n[c.ID]}; !slices.Equal(got, []int{1, 2, 3}) {
		t.Errorf("ordinals of one event stored a, b, c: %v, want 1, 2, 3", got)
	}
	if n[u1.ID] > 1 || n[u2.ID] > 1 {
		t.Errorf("unclaimed deliveries counted as retries: %d, %d", n[u1.ID], n[u2.ID])
	}
}

// The TUI lists retries for every delivery it shows. Retries caught the
// whole index up first, on the writer's connection, so that at saturation
// every look held the write lock for up to indexChunk rows and capture
// waited behind it. It indexes a backlog one batch could leave, and leaves
// a longer one to the writer, saying how long it is.
func TestRetriesLeaveALongIndexBacklogToTheWriter(t *testing.T) {
	s, _ := openTemp(t, Options{Keep: -1, MaxBatch: 8, indexDelay: time.Hour, EventKeys: func(d *Delivery) EventKeys {
		return EventKeys{EventID: d.Headers.Get("X-Event")}
	}})
	ctx := context.Background()
	put := func(event string) *Delivery {
		t.Helper()
		d := sample(`{"n":` + fmt.Sprint(seq) + `}`)
		d.Provider, d.Topic = "stripe", "invoice.paid"
		if event != "" {
			d.Headers = http.Header{"X-Event": {event}}
		}
		if err := s.Insert(ctx, d); err != nil {
			t.Fatal(err)
		}
		return d
	}
	first := put("evt_1")
	for range 18 {
		put("")
	}
	second := put("evt_1")
	ids := func(ds []Delivery) (out []string) {
		for _, d := range ds {
			out = append(out, d.ID)
		}
		return out
	}

	tries, unindexed, err := s.Retries(ctx, second.ID)
	if err != nil {
		t.Fatal(err)
	}
	if unindexed != 20 || !slices.Equal(ids(tries), []string{second.ID}) {
		t.Fatalf("20 behind the index: Retries = %v, %d unindexed; want the delivery alone and 20", ids(tries), unindexed)
	}
	if behind, err := s.indexBacklog(ctx); err != nil || behind != 20 {
		t.Fatalf("Retries indexed a backlog longer than a batch: %d left, %v", behind, err)
	}

	// The writer's way, once captures pause.
	if err := s.catchUpIndex(ctx); err != nil {
		t.Fatal(err)
	}
	if tries, unindexed, err = s.Retries(ctx, second.ID); err != nil || unindexed != 0 || !slices.Equal(ids(tries), []string{first.ID, second.ID}) {
		t.Fatalf("indexed: Retries = %v, %d unindexed, %v; want both tries", ids(tries), unindexed, err)
	}

	// A batch's worth behind: Retries indexes it and answers in full.
	put("")
	third := put("evt_1")
	if tries, unindexed, err = s.Retries(ctx, third.ID); err != nil || unindexed != 0 ||
		!slices.Equal(ids(tries), []string{first.ID, second.ID, third.ID}) {
		t.Fatalf("2 behind: Retries = %v, %d unindexed, %v; want all three tries", ids(tries), unindexed, err)
	}
}
