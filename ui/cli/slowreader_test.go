package cli

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/hookscope/hookscope/capture/hub"
	"github.com/hookscope/hookscope/capture/store"
)

// slowWriter takes its time over every write, as a reader of serve's
// output that does work per line (jq, a script) does.
type slowWriter struct {
	mu  sync.Mutex
	buf strings.Builder
}

func (w *slowWriter) Write(b []byte) (int, error) {
	time.Sleep(2 * time.Millisecond)
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.buf.Write(b)
}

// A reader of serve's output slower than the captures still gets a line
// for every delivery, though --keep removes most of them meanwhile: the
// printer falls behind its subscription, reloads from the store, and
// retention holds the rows it has not printed yet.
func TestASlowReaderOfServeGetsEveryDelivery(t *testing.T) {
	const n, keep = 3000, 100
	var h hub.Hub
	sub := h.Subscribe(64)
	st, err := store.Open(context.Background(), filepath.Join(t.TempDir(), "h.db"),
		store.Options{Keep: keep, OnCommit: h.Publish, HoldRetention: sub.Behind})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	var out slowWriter
	p := &printer{st: st, sub: sub, w: bufio.NewWriterSize(&out, 4096)}
	stop, stopPrinting := context.WithCancel(context.Background())
	printed := make(chan error, 1)
	go func() { printed <- p.run(stop) }()

	var wg sync.WaitGroup
	for c := range 16 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := c; i < n; i += 16 {
				d := &store.Delivery{ID: fmt.Sprintf("01SLOWREADER%014d", i), ReceivedAt: time.Now(), Method: "POST",
					URI: fmt.Sprintf("/%d", i), Body: []byte(`{"n":1}`), ReplyStatus: 200}
				if err := st.Insert(context.Background(), d); err != nil {
					t.Error(err)
					return
				}
			}
		}()
	}
	wg.Wait()
	stopPrinting()
	if err := <-printed; err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for _, line := range strings.Split(strings.TrimSpace(out.buf.String()), "\n") {
		var j struct{ ID string }
		if err := json.Unmarshal([]byte(line), &j); err != nil {
			t.Fatalf("line %q: %v", line, err)
		}
		if seen[j.ID] {
			t.Fatalf("%s printed twice", j.ID)
		}
		seen[j.ID] = true
	}
	if len(seen) != n {
		t.Fatalf("printed %d lines for %d deliveries: retention removed the rest before the printer read them back", len(seen), n)
	}
	// Once the printer has caught up, retention goes on: the writer's
	// next idle step deletes what it held back.
	deadline := time.Now().Add(10 * time.Second)
	for {
		got, err := st.Count(context.Background(), store.Filter{})
		if err == nil && got == keep {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("Count = %d, %v after the printer caught up; want %d", got, err, keep)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

var _ io.Writer = (*slowWriter)(nil)

// Deliveries still queued on the printer's subscription when it reloads
// from the store are printed in their place, though the store never held
// them (retired past --keep): printing the store's later ones first would
// skip them as printed.
func TestAReloadPrintsTheQueuedDeliveriesTheStoreLacks(t *testing.T) {
	var h hub.Hub
	sub := h.Subscribe(8)
	st, err := store.Open(context.Background(), filepath.Join(t.TempDir(), "h.db"), store.Options{Keep: -1})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	ids := make([]string, 12)
	for i := range ids {
		ids[i] = fmt.Sprintf("01RELOAD%018d", i)
		if err := st.Insert(context.Background(), &store.Delivery{ID: ids[i], ReceivedAt: time.Now(), Method: "POST",
			URI: fmt.Sprintf("/%d", i), ReplyStatus: 200}); err != nil {
			t.Fatal(err)
		}
	}
	// The first four are gone from the store, as retired deliveries are,
	// and queued; then the subscription loses one that the store holds.
	for _, id := range ids[:4] {
		if _, err := st.Delete(context.Background(), store.Filter{ID: id}); err != nil {
			t.Fatal(err)
		}
	}
	page, err := st.ListAfterSeq(context.Background(), 0, 100)
	if err != nil || len(page) != 8 {
		t.Fatalf("ListAfterSeq: %d rows, %v", len(page), err)
	}
	for i := range 4 {
		h.Publish(&store.Delivery{ID: ids[i], Seq: page[0].Seq - 4 + int64(i), Method: "POST", URI: fmt.Sprintf("/%d", i)})
	}
	for i := range page {
		h.Publish(&page[i]) // the last four overflow the buffer of 8
	}
	var got []string
	for _, line := range strings.Split(strings.TrimSpace(printWhatIsThere(t, st, sub)), "\n") {
		var j struct{ ID string }
		json.Unmarshal([]byte(line), &j)
		got = append(got, j.ID)
	}
	if fmt.Sprint(got) != fmt.Sprint(ids) {
		t.Fatalf("printed %v\nwant     %v", got, ids)
	}
}
