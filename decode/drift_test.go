package decode

import (
	"strings"
	"testing"
)

type fitLine struct {
	SKU   string  `json:"sku"`
	Qty   int64   `json:"qty"`
	Price Decimal `json:"price"`
}

type fitEvent struct {
	ID      int64     `json:"id"`
	When    Time      `json:"when"`
	Lines   []fitLine `json:"lines"`
	Note    string    `json:"note"`
	Enabled bool      `json:"enabled"`
}

func (*fitEvent) Summary() string { return "" }

// A value the platform wrote differently than documented costs that field
// only: the rest decodes, and the misfit is reported with its path.
func TestFitDecodesWhatFitsAndReportsTheMisfits(t *testing.T) {
	payload := []byte(`{"id": 42, "when": "3-5 business days", "note": "keep me",
		"lines": [{"sku": "A", "qty": "two", "price": "9.99"}, {"sku": "B", "qty": 3, "price": "cheap"}],
		"enabled": "yes"}`)
	var ev fitEvent
	misfits, err := Fit(payload, &ev)
	if err != nil {
		t.Fatalf("Fit failed the whole event: %v", err)
	}
	if ev.ID != 42 || ev.Note != "keep me" || len(ev.Lines) != 2 || ev.Lines[0].SKU != "A" || ev.Lines[0].Price.String() != "9.99" ||
		ev.Lines[1].Qty != 3 || ev.Lines[1].Price.Valid() || ev.When.Raw != "" || ev.Enabled {
		t.Fatalf("decoded %+v", ev)
	}
	var paths []string
	for _, m := range misfits {
		paths = append(paths, m.Path)
	}
	if got := strings.Join(paths, " "); got != "$.when $.lines[].qty $.lines[].price $.enabled" {
		t.Fatalf("misfits %s", got)
	}

	v := DecodeEvent(Event{New: func() Summarizer { return &fitEvent{} }}, payload)
	if v.Error != "" || v.Value == nil {
		t.Fatalf("view error %q: one misfit field must not cost the typed view", v.Error)
	}
	var drift []string
	for _, d := range v.Drift {
		drift = append(drift, d.String())
	}
	if s := strings.Join(drift, "\n"); !strings.Contains(s, `value does not fit $.when: "3-5 business days" is not a time`) ||
		!strings.Contains(s, "value does not fit $.enabled: want a boolean, got a string") {
		t.Fatalf("drift:\n%s", s)
	}
}

func TestFitRefusesWhatIsNotTheTypeAtAll(t *testing.T) {
	var ev fitEvent
	if _, err := Fit([]byte(`[1,2]`), &ev); err == nil || !strings.Contains(err.Error(), "want an object, got a list") {
		t.Fatalf("a list for an object: %v", err)
	}
	if _, err := Fit([]byte(`{"id": `), &ev); err == nil || !strings.Contains(err.Error(), "not valid JSON") {
		t.Fatalf("broken JSON: %v", err)
	}
	if v := DecodeEvent(Event{New: func() Summarizer { return &fitEvent{} }}, []byte(`"x"`)); v.Error == "" {
		t.Fatal("a string for an object gave a typed view")
	}
}
