package deliverylist

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/hookscope/hookscope/capture/store"
	"github.com/hookscope/hookscope/ui/theme"
)

// rows is a Source of n deliveries.
type rows int

func (n rows) Count(context.Context, store.Filter) (int, error) { return int(n), nil }
func (n rows) IndexOf(context.Context, store.Filter, string) (int, error) {
	return int(n) - 1, nil
}
func (n rows) LiveBacklog(context.Context) (int64, error) { return 0, nil }
func (n rows) List(_ context.Context, _ store.Filter, offset, limit int) ([]store.Delivery, error) {
	var out []store.Delivery
	for i := offset; i < min(int(n), offset+limit); i++ {
		out = append(out, store.Delivery{ID: fmt.Sprintf("01ROW%021d", i), Method: "POST", URI: fmt.Sprintf("/hooks/%02d", i),
			ReceivedAt: time.Unix(int64(i), 0), ReplyStatus: 200})
	}
	return out, nil
}

// A load started at one height that lands after the terminal shrank
// must not scroll the selection (the newest, followed) off screen: it
// computed where the view starts for the old height.
func TestLoadThatLandsAfterAResizeKeepsTheSelectionOnScreen(t *testing.T) {
	m := New(rows(30), theme.New(theme.Default()))
	stale := m.SetSize(120, 40)() // a load computed for 40 rows
	m.SetSize(60, 10)             // it is in flight: the next one waits
	m, _ = m.Update(stale)
	if !strings.Contains(m.View(), "/hooks/29") {
		t.Fatalf("the selected newest row is off screen after the stale load:\n%s", m.View())
	}
}
