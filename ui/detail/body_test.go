package detail

import (
	"bytes"
	"compress/gzip"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"
	"github.com/muesli/termenv"

	"github.com/hookscope/hookscope/decode/content"
	"github.com/hookscope/hookscope/ui/highlight"
	"github.com/hookscope/hookscope/ui/theme"
)

// The Body tab says a body arrived compressed and is shown decoded, and
// that a body sent as JSON is not JSON and is shown as sent.
func TestBodyTabNotesCompressionAndInvalidJSON(t *testing.T) {
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	zw.Write([]byte(`{"order":{"id":42}}`))
	zw.Close()
	for _, tc := range []struct {
		name   string
		header http.Header
		body   []byte
		want   []string
	}{
		{"gzip", http.Header{"Content-Type": {"application/json"}, "Content-Encoding": {"gzip"}}, gz.Bytes(),
			[]string{"(arrived gzip-compressed (", "shown decoded (19 bytes))", `"id": 42`}},
		{"invalid JSON", http.Header{"Content-Type": {"application/json"}}, []byte(`{"order": {"id": 42}`),
			[]string{"(sent as application/json but is not valid JSON (unexpected end of JSON input at byte 20); shown as sent)", `{"order": {"id": 42}`}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m := showBody(t, tc.body, tc.header, TabBody, 200, 20)
			view := ansi.Strip(m.View())
			for _, want := range tc.want {
				if !strings.Contains(view, want) {
					t.Errorf("Body tab does not show %q:\n%s", want, view)
				}
			}
		})
	}
}

// Body highlighting follows the colours of the rest of the screen: under
// NO_COLOR or TERM=dumb (lipgloss's Ascii profile) chroma's terminal256
// escapes were still drawn.
func TestBodyTabHighlightsOnlyInTheTerminalsColours(t *testing.T) {
	defer lipgloss.SetColorProfile(lipgloss.ColorProfile())
	json := []byte(`{"order": {"id": 42, "paid": true}}`)
	header := http.Header{"Content-Type": {"application/json"}}
	lipgloss.SetColorProfile(termenv.Ascii)
	for _, tab := range []Tab{TabBody, TabReply} {
		m := showBody(t, json, header, tab, 100, 20)
		m.d.ReplyHeaders, m.d.ReplyBody = header, json
		m, _ = m.Update(loadedMsg{id: m.d.ID, d: m.d, pages: Render(m.d, nil, m.styles, "monokai", false)})
		if strings.Contains(m.View(), "\x1b") {
			t.Errorf("no colours, %s tab: escapes drawn:\n%q", tab, m.View())
		}
	}
	for profile, want := range map[termenv.Profile]string{termenv.ANSI: "\x1b[3", termenv.ANSI256: "\x1b[38;5;", termenv.TrueColor: "\x1b[38;2;"} {
		lipgloss.SetColorProfile(profile)
		d := showBody(t, json, header, TabBody, 100, 20).d
		if page := Render(d, nil, theme.New(theme.Default()), "monokai", false)[TabBody]; !strings.Contains(page, want) {
			t.Errorf("profile %v: body not highlighted with %q: %q", profile, want, page)
		}
	}
}

// A large body's note gave the size of the pretty-printed text (5.8 MiB)
// beside the caption's stored size (5.2 MiB), as if they disagreed.
func TestLargeBodyNoteGivesNoSecondSize(t *testing.T) {
	defer lipgloss.SetColorProfile(lipgloss.ColorProfile())
	lipgloss.SetColorProfile(termenv.ANSI256)
	var b strings.Builder
	b.WriteString(`[`)
	for i := 0; b.Len() < 400<<10; i++ {
		if i > 0 {
			b.WriteString(",")
		}
		b.WriteString(`{"id":1,"name":"x","tags":["a","b"]}`)
	}
	b.WriteString(`]`)
	m := showBody(t, []byte(b.String()), http.Header{"Content-Type": {"application/json"}}, TabBody, 200, 20)
	view := ansi.Strip(m.View())
	stored := content.Size(int64(b.Len()))
	if !strings.Contains(view, "· "+stored+" ·") || !strings.Contains(view, "press H to highlight") {
		t.Fatalf("caption or note missing:\n%s", view)
	}
	for _, size := range regexp.MustCompile(`[0-9.]+ (KiB|MiB)`).FindAllString(view, -1) {
		if size != stored && size != content.Size(highlight.Budget) {
			t.Errorf("%s shown beside the stored %s:\n%s", size, stored, view)
		}
	}
}
