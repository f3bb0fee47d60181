package twilio

import (
	"encoding/json"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestLongSMSBodyIsCutInTheSummary(t *testing.T) {
	// An SMS of ten concatenated segments; Twilio accepts 1,600 characters.
	body := strings.Repeat("Your order has shipped and will arrive soon. ", 36)[:1600]
	form, err := json.Marshal(map[string]string{
		"SmsStatus": "received", "From": "+15557654321", "To": "+15551234567",
		"Body": body, "MessageSid": "SM1f0e8ae6ade43cb3c0ce4525424e404f",
	})
	if err != nil {
		t.Fatal(err)
	}
	var e Event
	if err := json.Unmarshal(form, &e); err != nil {
		t.Fatal(err)
	}
	s := e.Summary()
	const head = "Twilio message received · +15557654321 → +15551234567 · “"
	const tail = "” · SM1f0e…"
	if !strings.HasPrefix(s, head) || !strings.HasSuffix(s, tail) {
		t.Fatalf("summary %q", s)
	}
	q := strings.TrimSuffix(strings.TrimPrefix(s, head), tail)
	if n := utf8.RuneCountInString(q); n > 60 || !strings.HasSuffix(q, "…") || !strings.HasPrefix(body, strings.TrimSuffix(q, "…")) {
		t.Fatalf("quoted body %q (%d characters): want its start, cut with … to at most 60", q, n)
	}
}
