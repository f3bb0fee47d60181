package slack

import (
	"encoding/json"
	"strings"
	"testing"
	"unicode/utf8"
)

// summaryOf is the list summary of an event_callback carrying text, as
// Slack posts it.
func summaryOf(t *testing.T, text string) string {
	t.Helper()
	body, err := json.Marshal(map[string]any{
		"type": "event_callback", "team_id": "T123ABC456",
		"event": map[string]any{"type": "message", "user": "U123ABC456", "text": text, "channel": "C123ABC456"},
	})
	if err != nil {
		t.Fatal(err)
	}
	var e Event
	if err := json.Unmarshal(body, &e); err != nil {
		t.Fatal(err)
	}
	e.SetTopic("message")
	return e.Summary()
}

// quoted is the text between the curly quotes of a summary.
func quoted(t *testing.T, summary string) string {
	t.Helper()
	_, rest, ok := strings.Cut(summary, "“")
	q, _, ok2 := strings.Cut(rest, "”")
	if !ok || !ok2 {
		t.Fatalf("summary %q quotes no text", summary)
	}
	return q
}

func TestLongTextIsCutBetweenCharacters(t *testing.T) {
	// "é" is two bytes standing across byte 57, where the summary cuts.
	text := strings.Repeat("a", 56) + "é" + strings.Repeat("b", 20)
	s := summaryOf(t, text)
	if !utf8.ValidString(s) {
		t.Fatalf("summary is not valid UTF-8: %q", s)
	}
	q := quoted(t, s)
	if n := utf8.RuneCountInString(q); n > 60 || !strings.HasSuffix(q, "…") || !strings.HasPrefix(text, strings.TrimSuffix(q, "…")) {
		t.Fatalf("quoted text %q (%d characters): want a prefix of the text, cut with … to at most 60", q, n)
	}
}

func TestMessageOnSeveralLinesShowsItsFirstLine(t *testing.T) {
	s := summaryOf(t, "deploy failed\n\tat main.go:12\n")
	if want := "Slack message · “deploy failed” · by U123ABC456 · C123ABC456"; s != want {
		t.Fatalf("summary %q, want %q", s, want)
	}
}
