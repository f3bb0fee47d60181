package cli

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"
	"github.com/muesli/termenv"

	"github.com/hookscope/hookscope/capture/store"
	"github.com/hookscope/hookscope/decode"
	"github.com/hookscope/hookscope/decode/registry"
	"github.com/hookscope/hookscope/fixtures"
	"github.com/hookscope/hookscope/ui/detail"
	"github.com/hookscope/hookscope/ui/theme"
)

// asciiStore is a new store for one test, at the path it returns, with
// lipgloss rendering plain ASCII so that show and the TUI can be compared
// as text.
func asciiStore(t *testing.T) (string, *store.Store) {
	t.Helper()
	lipgloss.SetColorProfile(termenv.Ascii)
	db := filepath.Join(t.TempDir(), "h.db")
	st, err := store.Open(context.Background(), db, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return db, st
}

// storeFixture stores fixture name as captured, changed by edit first and
// with its path replaced when path is not "".
func storeFixture(t *testing.T, st *store.Store, id, name, path string, edit func(*store.Delivery)) *store.Delivery {
	t.Helper()
	f, err := fixtures.Get(name)
	if err != nil {
		t.Fatal(err)
	}
	if path == "" {
		path = f.Path
	}
	d := &store.Delivery{ID: id, ReceivedAt: time.Now(), Method: f.Method, URI: path, Proto: "HTTP/1.1",
		Host: "127.0.0.1", RemoteAddr: "127.0.0.1:1", Headers: f.Headers.Clone(), Body: bytes.Clone(f.Body),
		ReplyStatus: 200, ReplyRule: "plain 200"}
	if edit != nil {
		edit(d)
	}
	d.Size, d.DeclaredLength = int64(len(d.Body)), int64(len(d.Body))
	if err := st.Insert(context.Background(), d); err != nil {
		t.Fatal(err)
	}
	return d
}

// `show` and the TUI's detail pane each built their own view of a
// delivery, and they drifted: table cells cut at 28 cells in one and 32 in
// the other, ambiguous topics joined with ", " and " / ". The same facts
// must read the same in both.
func TestShowAndTheDetailTabsSayTheSame(t *testing.T) {
	db, st := asciiStore(t)
	long := "IPod Nano - 8GB, engraved, gift-wrapped, blue" // wider than either old cap
	cases := []*store.Delivery{
		// An AmeriCommerce order at a path that names no event: five
		// Order* events fit its body.
		storeFixture(t, st, "01REPORTAMBIGUOUS000000001", "americommerce/OrderPlaced", "/hooks/orders", nil),
		// A Spiffy order with line items, one with a long title.
		storeFixture(t, st, "01REPORTLINEITEMS000000001", "spiffy/orders-create", "", func(d *store.Delivery) {
			d.Body = bytes.Replace(d.Body, []byte(`"title": "IPod Nano - 8GB"`), []byte(`"title": "`+long+`"`), 1)
		}),
	}
	env := tempEnv(t)
	inspect := detailInspect(t)
	for _, d := range cases {
		t.Run(d.ID, func(t *testing.T) {
			r := runCLI(t, env, "show", d.ID, "--db", db)
			if r.code != 0 {
				t.Fatalf("show: %+v", r)
			}
			show := lines(r.stdout)
			pages := detail.Render(d, inspect, theme.New(theme.Default()), "monokai", false)
			tui := lines(ansi.Strip(pages[detail.TabOverview]) + "\n" + ansi.Strip(pages[detail.TabSignature]))

			in := inspect(d)
			if len(in.Detection.Candidates) > 0 {
				want := "ambiguous: " + strings.Join(in.Detection.Candidates, " / ")
				// Not only in the summary, which says it too.
				if !containsText(show, want, in.View.Summary) || !containsText(tui, want, in.View.Summary) {
					t.Errorf("the topic %q is not in both:\nshow:\n%s\ntui:\n%s", want, r.stdout, strings.Join(tui, "\n"))
				}
			}
			tables := 0
			for _, sec := range in.View.Sections {
				for _, f := range sec.Fields {
					if s, u := lineWith(show, f.Label, f.Value), lineWith(tui, f.Label, f.Value); s == "" || s != u {
						t.Errorf("field %s = %s:\nshow: %q\ntui:  %q", f.Label, f.Value, s, u)
					}
				}
				if sec.Table == nil {
					continue
				}
				tables++
				for _, row := range append([][]string{sec.Table.Columns}, sec.Table.Rows...) {
					if s, u := lineWith(show, row[0], row[len(row)-1]), lineWith(tui, row[0], row[len(row)-1]); s == "" || s != u {
						t.Errorf("table row %q:\nshow: %q\ntui:  %q", row, s, u)
					}
				}
			}
			if d.ID == "01REPORTLINEITEMS000000001" && tables == 0 {
				t.Errorf("no line-item table in %s", d.ID)
			}
			for _, fact := range []string{in.View.Summary, string(in.Signature.Status), in.Signature.Reason} {
				if fact != "" && (!containsText(show, fact, "") || !containsText(tui, fact, "")) {
					t.Errorf("%q is not in both:\nshow:\n%s\ntui:\n%s", fact, r.stdout, strings.Join(tui, "\n"))
				}
			}
		})
	}
}

// detailInspect is how the TUI's detail pane inspects a delivery, with no
// secrets configured.
func detailInspect(t *testing.T) func(*store.Delivery) registry.Inspection {
	t.Helper()
	a, err := registry.New(nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	return func(d *store.Delivery) registry.Inspection {
		return a.Inspect(decode.NewRequest(d.Method, d.URI, d.Headers, d.Body))
	}
}

func lines(s string) []string {
	out := strings.Split(s, "\n")
	for i := range out {
		out[i] = strings.TrimRight(out[i], " ")
	}
	return out
}

// containsText reports whether a line holds s, not counting lines that
// hold except.
func containsText(lines []string, s, except string) bool {
	for _, l := range lines {
		if strings.Contains(l, s) && (except == "" || !strings.Contains(l, except)) {
			return true
		}
	}
	return false
}

// lineWith is the first line that starts with start (after indentation)
// and holds end, cut to at most 20 characters, or "".
func lineWith(lines []string, start, end string) string {
	start, end = cut(start), cut(end)
	for _, l := range lines {
		if strings.HasPrefix(strings.TrimLeft(l, " "), start) && strings.Contains(l, end) {
			return l
		}
	}
	return ""
}

func cut(s string) string {
	if r := []rune(s); len(r) > 20 {
		return string(r[:20])
	}
	return s
}

// The Signature tab ended with "To check signatures, set the secret …"
// even when the secret was set and the check had run. It says where the
// secret in use came from instead, and never the secret.
func TestSignatureSaysWhereTheSecretCameFrom(t *testing.T) {
	const secret = "s3cret-value-9f8e"
	db, st := asciiStore(t)
	p, _ := registry.Lookup("spiffy")
	d := storeFixture(t, st, "01REPORTSECRETSOURCE000001", "spiffy/orders-create", "", func(d *store.Delivery) {
		p.Signature().Sign(d.Headers, d.Body, []byte(secret))
	})
	cfgPath := writeConfig(t, "[providers.spiffy]\nsecret = \""+secret+"\"\n")
	for _, c := range []struct {
		name string
		env  map[string]string
		args []string
		want string
	}{
		{"environment", map[string]string{"HOME": t.TempDir(), "HOOKSCOPE_SPIFFY_SECRET": secret}, nil,
			"from the environment variable HOOKSCOPE_SPIFFY_SECRET"},
		{"config file", map[string]string{"HOME": t.TempDir()}, []string{"--config", cfgPath},
			"from the config file " + cfgPath + " ([providers.spiffy] secret)"},
	} {
		t.Run(c.name, func(t *testing.T) {
			o := newOptions(func(k string) string { return c.env[k] })
			o.configPath = strings.Join(c.args[min(1, len(c.args)):], "")
			if err := o.resolve(); err != nil {
				t.Fatal(err)
			}
			inspect := func(d *store.Delivery) registry.Inspection { return inspect(o.analyzer, d) }
			page := ansi.Strip(detail.Render(d, inspect, theme.New(theme.Default()), "monokai", false)[detail.TabSignature])
			r := runCLI(t, c.env, append([]string{"show", d.ID, "--db", db}, c.args...)...)
			for where, text := range map[string]string{"Signature tab": page, "show": r.stdout + r.stderr} {
				if strings.Contains(text, "invalid") || strings.Contains(text, "no_secret") || !strings.Contains(text, c.want) {
					t.Errorf("%s does not say %q:\n%s", where, c.want, text)
				}
				if strings.Contains(text, "To check signatures, set the secret") {
					t.Errorf("%s asks to set the secret it checked with:\n%s", where, text)
				}
				if strings.Contains(text, secret) {
					t.Errorf("%s shows the secret:\n%s", where, text)
				}
			}
		})
	}
	// Without a secret the tab still says how to set one.
	o := newOptions(func(k string) string { return map[string]string{"HOME": t.TempDir()}[k] })
	if err := o.resolve(); err != nil {
		t.Fatal(err)
	}
	page := detail.Render(d, func(d *store.Delivery) registry.Inspection { return inspect(o.analyzer, d) },
		theme.New(theme.Default()), "monokai", false)[detail.TabSignature]
	if !strings.Contains(page, "To check signatures, set the secret") || !strings.Contains(page, "HOOKSCOPE_SPIFFY_SECRET") {
		t.Errorf("with no secret the tab does not say how to set one:\n%s", page)
	}
}
