package detail

import (
	"fmt"
	"strings"

	"github.com/hookscope/hookscope/decode"
	"github.com/hookscope/hookscope/decode/registry"
	"github.com/hookscope/hookscope/ui/format"
	"github.com/hookscope/hookscope/ui/sanitize"
	"github.com/hookscope/hookscope/ui/theme"
)

// renderOverview is the typed view: summary, what the delivery is and why
// hookscope thinks so, drift and decoding problems, then the sections.
func renderOverview(in registry.Inspection, styles *theme.Styles) string {
	var b strings.Builder
	v, det := in.View, in.Detection
	if v.Summary != "" {
		b.WriteString(styles.PaneTitle.Render(sanitize.Line(v.Summary)) + "\n")
	}
	topic := det.Topic
	if topic == "" && len(det.Candidates) > 0 {
		topic = "ambiguous: " + strings.Join(det.Candidates, " / ")
	}
	what := decode.Join(det.Provider, topic)
	if len(det.Evidence) > 0 {
		what += fmt.Sprintf(" (%s confidence: %s)", det.Confidence, strings.Join(det.Evidence, "; "))
	}
	b.WriteString(styles.Detail.Label.Render(sanitize.Line(what)) + "\n")
	b.WriteString(styles.Detail.Label.Render("signature ") + format.Badge(in.Signature.Status) + " " + string(in.Signature.Status) + "\n")
	switch {
	case det.Provider == decode.Unknown:
		b.WriteString("\n" + styles.Detail.Label.Render("No known platform sent this delivery, so there is no typed view.") + "\n")
		b.WriteString(styles.Detail.Label.Render("The Body tab (2) shows it pretty-printed; a [[routes]] entry in the config can name its provider.") + "\n")
	case v.Error != "":
		b.WriteString("\n" + styles.Detail.Note.Render("cannot show a typed view: "+sanitize.Line(v.Error)) + "\n")
		b.WriteString(styles.Detail.Label.Render("the Body tab (2) shows the body as it came") + "\n")
	}
	for _, d := range v.Drift {
		b.WriteString(styles.Detail.Note.Render("drift: "+sanitize.Line(d.String())) + "\n")
	}
	for _, sec := range v.Sections {
		b.WriteString("\n" + styles.PaneTitle.Render(sanitize.Line(sec.Title)) + "\n")
		width := 0
		for _, f := range sec.Fields {
			width = max(width, len([]rune(f.Label)))
		}
		width = min(width, 28)
		for _, f := range sec.Fields {
			b.WriteString("  " + styles.Detail.Label.Render(format.Pad(sanitize.Line(f.Label), width)) + "  " + sanitize.Line(f.Value) + "\n")
		}
		if sec.Table != nil {
			writeTable(&b, sec.Table, styles)
		}
	}
	return b.String()
}

func writeTable(b *strings.Builder, t *decode.Table, styles *theme.Styles) {
	widths := make([]int, len(t.Columns))
	for i, c := range t.Columns {
		widths[i] = len([]rune(c))
		for _, r := range t.Rows {
			if i < len(r) {
				widths[i] = max(widths[i], len([]rune(sanitize.Line(r[i]))))
			}
		}
		widths[i] = min(widths[i], 32)
	}
	row := func(cells []string, header bool) {
		parts := make([]string, len(widths))
		for i := range widths {
			c := ""
			if i < len(cells) {
				c = sanitize.Line(cells[i])
			}
			parts[i] = format.Pad(c, widths[i])
		}
		line := "  " + strings.Join(parts, "  ")
		if header {
			line = styles.List.Header.Render(line)
		}
		b.WriteString(strings.TrimRight(line, " ") + "\n")
	}
	row(t.Columns, true)
	for _, r := range t.Rows {
		row(r, false)
	}
}

// renderSignature explains the signature check.
func renderSignature(in registry.Inspection, styles *theme.Styles) string {
	s := in.Signature
	var b strings.Builder
	line := func(label, value string) {
		if value != "" {
			b.WriteString(styles.Detail.Label.Render(format.Pad(label, 10)) + sanitize.Line(value) + "\n")
		}
	}
	status := format.Badge(s.Status) + " " + string(s.Status)
	switch s.Status {
	case decode.SigValid:
		status = styles.Status.OK.Render(status)
	case decode.SigInvalid, decode.SigMissing:
		status = styles.Status.ServerErr.Render(status)
	default:
		status = styles.Status.ClientErr.Render(status)
	}
	b.WriteString(styles.Detail.Label.Render(format.Pad("status", 10)) + status + "\n")
	line("scheme", s.Scheme)
	line("header", s.Header)
	line("signed", s.Signed)
	line("encoding", s.Encoding)
	line("reason", s.Reason)
	if s.Status == decode.SigInvalid {
		b.WriteString("\n")
		line("received", s.Received)
		if s.ExpectedPrefix != "" {
			line("expected", s.ExpectedPrefix+"… (the start only: the whole value would sign a body anyone chose)")
		}
	}
	if in.SecretConfig != "" {
		b.WriteString("\n" + styles.Detail.Label.Render("To check signatures, set the secret") + "\n")
		b.WriteString("  in the config file (--config):  " + in.SecretConfig + "\n")
		b.WriteString("  or in the environment:          " + in.SecretEnv + "\n")
		b.WriteString(styles.Detail.Label.Render("The secret never appears in hookscope's output.") + "\n")
	}
	return b.String()
}
