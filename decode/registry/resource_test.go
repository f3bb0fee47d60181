package registry

import (
	"strings"
	"testing"
	"time"

	"github.com/hookscope/hookscope/decode"
	"github.com/hookscope/hookscope/fixtures"
)

// TestResourceVersionPerProvider reads, from each platform's fixture with
// its updated_at edited (or added where the sample has none), the resource
// the delivery is about and the time its state is from: what the store
// compares to flag a delivery that arrived after a newer one.
func TestResourceVersionPerProvider(t *testing.T) {
	at := func(s string) time.Time {
		v, err := time.Parse(time.RFC3339, s)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	for _, tc := range []struct {
		fixture string
		replace []string // old, new pairs applied to the body, each once
		key     string   // "" when the delivery names no resource version
		at      time.Time
	}{
		{"spiffy/orders-updated", []string{`"updated_at": "2017-03-20T16:02:31-04:00"`, `"updated_at": "2024-05-01T09:30:00-04:00"`},
			"order:123456", at("2024-05-01T09:30:00-04:00")},
		{"spiffy/products-update", []string{`"updated_at": null`, `"updated_at": "2024-05-02T10:00:00Z"`},
			"product:327475578523353102", at("2024-05-02T10:00:00Z")},
		{"spiffy/products-update", nil, "", time.Time{}}, // its updated_at is null
		{"shopify/orders-create", []string{`"id": 820982911946154508,`, `"id": 820982911946154508, "updated_at": "2024-05-03T11:00:00-05:00",`},
			"order:820982911946154508", at("2024-05-03T11:00:00-05:00")},
		{"shopify/products-update", []string{`"id": 788032119674292922,`, `"id": 788032119674292922, "updated_at": "2024-05-04T12:00:00Z",`},
			"product:788032119674292922", at("2024-05-04T12:00:00Z")},
		{"shopify/orders-create", nil, "", time.Time{}}, // the sample has no updated_at
		{"stripe/invoice-paid", []string{`"created": 1700000000`, `"created": 1714000000`},
			"invoice:in_1QxC3dLkdIwHu7ixAbCdEfGh", time.Unix(1714000000, 0)},
		{"github/pull_request-opened", []string{`"id": 1785603462,`, `"id": 1785603462, "updated_at": "2024-05-05T13:00:00Z",`},
			"pull_request:1785603462", at("2024-05-05T13:00:00Z")},
		{"github/push", nil, "", time.Time{}}, // about no issue or pull request
	} {
		f, err := fixtures.Get(tc.fixture)
		if err != nil {
			t.Fatal(err)
		}
		body := string(f.Body)
		for i := 0; i+1 < len(tc.replace); i += 2 {
			if !strings.Contains(body, tc.replace[i]) {
				t.Fatalf("%s has no %s", tc.fixture, tc.replace[i])
			}
			body = strings.Replace(body, tc.replace[i], tc.replace[i+1], 1)
		}
		p, ok := Lookup(f.Provider)
		if !ok {
			t.Fatalf("no provider %s", f.Provider)
		}
		key, updated, ok := decode.ResourceVersion(p, decode.NewRequest(f.Method, f.Path, f.Headers, []byte(body)))
		if key != tc.key || !updated.Equal(tc.at) || ok != (tc.key != "") {
			t.Errorf("%s %v: ResourceVersion = %q, %v, %v; want %q, %v", tc.fixture, tc.replace, key, updated, ok, tc.key, tc.at)
		}
	}
}

// TestGitHubFormEncodedIssueVersion reads the issue of a hook whose content
// type is form-encoded, the JSON in its payload field.
func TestGitHubFormEncodedIssueVersion(t *testing.T) {
	f, err := fixtures.Get("github/issues-opened-form")
	if err != nil {
		t.Fatal(err)
	}
	body := strings.Replace(string(f.Body), "%22id%22%3A1%2C", "%22id%22%3A1%2C%22updated_at%22%3A%222024-05-06T14%3A00%3A00Z%22%2C", 1)
	if body == string(f.Body) {
		t.Fatalf("github/issues-opened-form has no encoded \"id\":1, in %.200s", f.Body)
	}
	p, _ := Lookup("github")
	key, updated, ok := decode.ResourceVersion(p, decode.NewRequest(f.Method, f.Path, f.Headers, []byte(body)))
	if want := time.Date(2024, 5, 6, 14, 0, 0, 0, time.UTC); key != "issue:1" || !updated.Equal(want) || !ok {
		t.Errorf("ResourceVersion = %q, %v, %v; want issue:1, %v", key, updated, ok, want)
	}
}
