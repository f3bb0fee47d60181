package detail

import (
	"context"
	"fmt"
	"strings"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/hookscope/hookscope/capture/store"
	"github.com/hookscope/hookscope/ui/format"
	"github.com/hookscope/hookscope/ui/sanitize"
	"github.com/hookscope/hookscope/ui/theme"
)

// A platform that got no 2xx in time sends the event again. The Overview
// tab lists every delivery of the event the one shown belongs to, with the
// gap to the one before: the platform's retry schedule, and a sign that the
// handler answered too slowly.

// RetrySource lists the deliveries of one event (store.Store.Retries),
// and says how many stored deliveries it could not look at yet.
type RetrySource interface {
	Retries(ctx context.Context, id string) (tries []store.Delivery, unindexed int64, err error)
}

// retriesMsg is the deliveries of the event of delivery id.
type retriesMsg struct {
	id        string
	tries     []store.Delivery
	unindexed int64
	err       error
}

func (m *Model) loadRetries() tea.Cmd {
	src, id := m.src, m.id
	if src == nil || id == "" {
		return nil
	}
	m.triesLoading = true
	return func() tea.Msg {
		tries, unindexed, err := src.Retries(context.Background(), id)
		return retriesMsg{id: id, tries: tries, unindexed: unindexed, err: err}
	}
}

// RefreshRetries lists the shown delivery's event again if the last
// listing left deliveries unlooked at: the root calls it whenever the
// store changed, so the section completes once the writer has indexed.
func (m *Model) RefreshRetries() tea.Cmd {
	if m.unindexed == 0 || m.triesLoading {
		return nil
	}
	return m.loadRetries()
}

// setRetries puts the retries section under the Overview tab's own page.
// When the listing shows the delivery with facts its page was not drawn
// with (the index caught up since it was loaded: "retry 3", the event, a
// newer state), it loads the delivery again, to draw its page anew.
// Loads and listings run side by side, so a load that lands checks too.
func (m *Model) setRetries(msg retriesMsg) tea.Cmd {
	if msg.id != m.id {
		return nil // the user moved on
	}
	m.triesLoading = false
	m.tries, m.triesErr, m.unindexed = msg.tries, msg.err, msg.unindexed
	m.composeOverview()
	if m.loading || !m.factsBehind() {
		return nil // a load in flight is checked when it lands
	}
	return m.load(false)
}

// factsBehind reports whether the retries listing has facts of the
// delivery shown that its load did not: it was loaded before the index
// caught up with it. Facts are only ever added, once, by the indexer, so
// a load after the listing has them, and the check never asks twice.
func (m *Model) factsBehind() bool {
	if m.d == nil {
		return false
	}
	for _, d := range m.tries {
		if d.ID == m.d.ID {
			return d.RetryN > 0 && m.d.RetryN == 0 || d.RetryOf != "" && m.d.RetryOf == "" ||
				d.EventID != "" && m.d.EventID == "" || d.OlderThan != "" && m.d.OlderThan == ""
		}
	}
	return false
}

// composeOverview is the Overview tab: the report's page, then the
// event's deliveries once both are loaded.
func (m *Model) composeOverview() {
	m.overviewPage()
	if m.tab == TabOverview {
		y := m.vp.YOffset
		m.vp.SetContent(m.pages[TabOverview])
		m.vp.SetYOffset(y)
	}
}

// overviewPage builds the Overview tab's page, for composeOverview and for
// a load, which puts the page in the viewport itself.
func (m *Model) overviewPage() {
	section := ""
	if m.triesErr != nil {
		section = m.styles.Detail.Note.Render("cannot list the deliveries of this event: "+sanitize.Line(m.triesErr.Error())) + "\n"
	} else if len(m.tries) > 1 {
		section = renderRetries(m.tries, m.id, m.styles)
	}
	if m.unindexed > 0 && m.triesErr == nil {
		what := "deliveries are"
		if m.unindexed == 1 {
			what = "delivery is"
		}
		section += m.styles.Detail.Note.Render(fmt.Sprintf("retries: %d %s not indexed yet; they are looked at once captures pause",
			m.unindexed, what)) + "\n"
	}
	// Under the identity lines, above the typed sections: a long order
	// would push it out of sight at the bottom.
	page := m.overview
	if section != "" {
		if i := strings.Index(page, "\n\n"); i >= 0 {
			page = page[:i+1] + "\n" + section + page[i+1:]
		} else {
			page = strings.TrimSuffix(page, "\n") + "\n\n" + section
		}
	}
	m.pages[TabOverview] = page
}

// renderRetries lists the deliveries of one event, oldest first: when
// each came, the gap to the one before, what hookscope answered, and
// which is the one shown.
func renderRetries(tries []store.Delivery, shown string, styles *theme.Styles) string {
	var b strings.Builder
	b.WriteString(styles.PaneTitle.Render(fmt.Sprintf("Deliveries of this event (%d)", len(tries))) + "\n")
	b.WriteString(styles.List.Header.Render("    #  "+format.Pad("RECEIVED", 23)+" "+format.PadLeft("GAP", 9)+"  RPL") + "\n")
	for i, d := range tries {
		mark := "  "
		if d.ID == shown {
			mark = "▶ "
		}
		gap := ""
		if i > 0 {
			gap = "+" + Gap(d.ReceivedAt.Sub(tries[i-1].ReceivedAt))
		}
		line := fmt.Sprintf("%s%3d  %s %s  %s", mark, i+1, format.Pad(d.ReceivedAt.Local().Format("2006-01-02 15:04:05.000"), 23),
			format.PadLeft(gap, 9), styles.StatusStyle(d.ReplyStatus).Render(fmt.Sprint(d.ReplyStatus)))
		if d.ID == shown {
			line += styles.Detail.Label.Render("  (this one)")
		}
		b.WriteString(line + "\n")
	}
	return b.String()
}

// Gap is a time between two deliveries as a retry schedule reads:
// 250ms, 5s, 1m30s, 2h0m, 3d4h.
func Gap(d time.Duration) string {
	switch {
	case d < 0:
		return "-" + Gap(-d)
	case d < time.Second:
		return d.Round(time.Millisecond).String()
	case d < time.Minute:
		return d.Round(100 * time.Millisecond).String()
	case d < time.Hour:
		return d.Round(time.Second).String()
	case d < 24*time.Hour:
		return strings.TrimSuffix(d.Round(time.Minute).String(), "0s")
	}
	days := d / (24 * time.Hour)
	return fmt.Sprintf("%dd%dh", days, (d-days*24*time.Hour).Round(time.Hour)/time.Hour)
}
