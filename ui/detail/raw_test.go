package detail

import (
	"math/rand"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"

	"github.com/hookscope/hookscope/ui/sanitize/sanitizetest"

	"github.com/hookscope/hookscope/capture/store"
	"github.com/hookscope/hookscope/ui/theme"
)

// showBody loads a delivery of body into a pane of the given size on tab.
func showBody(t *testing.T, body []byte, header http.Header, tab Tab, w, h int) Model {
	t.Helper()
	styles := theme.New(theme.Default())
	d := &store.Delivery{ID: "01RAWTEST", ReceivedAt: time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC), Method: "POST",
		URI: "/webhooks", Proto: "HTTP/1.1", Host: "127.0.0.1", Headers: header, Body: body, Size: int64(len(body))}
	m := New(nil, nil, styles, "monokai")
	m.SetSize(w, h)
	m.id = d.ID
	m, _ = m.Update(loadedMsg{id: d.ID, d: d, pages: Render(d, nil, styles, "monokai", false)})
	m.SetTab(tab)
	return m
}

// A random binary body holds runs that happen to be valid UTF-8: combining
// marks, jamo, prepended marks. Drawn raw, a terminal put them in other
// cells than the layout counted, and rows pushed the pane's right border.
// Every row of the Raw tab is the pane's width by both measures, on every
// page and scrolled sideways.
func TestRawTabOfRandomBytesKeepsEveryRowItsWidth(t *testing.T) {
	const w, h = 78, 40
	for seed := int64(1); seed <= 40; seed++ {
		body := make([]byte, 8<<10)
		rand.New(rand.NewSource(seed)).Read(body)
		m := showBody(t, body, http.Header{"Content-Type": {"application/octet-stream"}}, TabRaw, w, h)
		for page := 0; !m.vp.AtBottom() || page == 0; page++ {
			for _, x := range []int{0, 8} {
				m.vp.SetXOffset(x)
				for i, row := range strings.Split(m.View(), "\n") {
					if gr, cp := lipgloss.Width(row), sanitizetest.CellsPerCodePoint(row); gr != w || cp != w {
						t.Fatalf("seed %d, page %d, x %d, row %d: %d cells by lipgloss, %d by code point, want %d: %q",
							seed, page, x, i, gr, cp, w, row)
					}
				}
			}
			m.vp.PageDown()
		}
	}
}

// A tab counted no cells in the layout and took four on screen: a row that
// fit by the count wrapped onto the next one on screen. The Raw tab shows
// tabs as \t, as it shows \r; the Body tab as the spaces lipgloss draws.
func TestTabsTakeTheCellsTheyAreDrawnIn(t *testing.T) {
	const w = 60
	line := "\tcol1\tcol2\tcol3\t" + strings.Repeat("x", 40) // 52 cells counting tabs as none, 68 drawn
	body := []byte(line + "\r\n" + line + "\r\nend\r\n")
	for _, tab := range []Tab{TabRaw, TabBody} {
		m := showBody(t, body, http.Header{"Content-Type": {"text/plain"}}, tab, w, 30)
		nonBlank := func(lines []string) int {
			n := 0
			for _, l := range lines {
				if strings.TrimSpace(l) != "" {
					n++
				}
			}
			return n
		}
		rows := strings.Split(ansi.Strip(m.View()), "\n")[1:] // below the tab bar
		if got, want := nonBlank(rows), nonBlank(strings.Split(m.pages[tab], "\n")); got != want {
			t.Errorf("%s tab: %d rows for %d lines (a line wrapped):\n%s", tab, got, want, strings.Join(rows, "\n"))
		}
		for i, row := range rows {
			if lipgloss.Width(row) != w || sanitizetest.CellsPerCodePoint(row) != w {
				t.Errorf("%s tab, row %d: %d cells: %q", tab, i, lipgloss.Width(row), row)
			}
		}
	}
	if m := showBody(t, body, http.Header{"Content-Type": {"text/plain"}}, TabRaw, 200, 30); !strings.Contains(m.View(), `\tcol1\tcol2\tcol3\txxx`) {
		t.Errorf("Raw tab does not show the tabs:\n%s", m.View())
	}
}
