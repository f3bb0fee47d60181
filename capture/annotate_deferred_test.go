package capture

import (
	"context"
	"net/http"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/hookscope/hookscope/capture/store"
	"github.com/hookscope/hookscope/decode/registry"
)

// deferringStore is a store that says it is under sustained load.
type deferringStore struct{ *store.Store }

func (deferringStore) Deferring() bool { return true }

const spiffyOrder = `{"id":1402,"name":"#1402","email":"jon@doe.ca","total_price":"19.99"}`

// Under sustained load capture leaves the summary, which takes decoding
// the body as its typed event, to the store's indexer: the delivery is
// stored and published without one, and the indexer fills it in. Without
// load it is there at once, as before.
func TestSummaryIsLeftToTheIndexerUnderLoad(t *testing.T) {
	a, err := registry.New(nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, deferring := range []bool{false, true} {
		var mu sync.Mutex
		var published []string
		st, err := store.Open(context.Background(), filepath.Join(t.TempDir(), "h.db"), store.Options{
			EventKeys: EventKeys,
			OnCommit:  func(d *store.Delivery) { mu.Lock(); published = append(published, d.Summary); mu.Unlock() },
		})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { st.Close() }) // after the server's shutdown
		var rec Recorder = st
		if deferring {
			rec = deferringStore{st}
		}
		url := "http://" + startListening(t, New(rec, WithAnalyzer(a)))
		req, _ := http.NewRequest("POST", url+"/webhooks/spiffy", strings.NewReader(spiffyOrder))
		req.Header.Set("X-Spiffy-Stores-Topic", "orders/create")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()

		mu.Lock()
		got := published
		mu.Unlock()
		if len(got) != 1 || (got[0] == "") != deferring {
			t.Fatalf("deferring %v: published summaries %q", deferring, got)
		}
		// Listed with its summary once the indexer has run.
		for deadline := time.Now().Add(5 * time.Second); ; time.Sleep(20 * time.Millisecond) {
			list, err := st.List(context.Background(), store.Filter{}, 0, 1)
			if err != nil {
				t.Fatal(err)
			}
			if len(list) == 1 && strings.Contains(list[0].Summary, "#1402") {
				break
			}
			if time.Now().After(deadline) {
				t.Fatalf("deferring %v: listed %+v, want the order's summary", deferring, list)
			}
		}
	}
}
