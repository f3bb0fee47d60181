package detail

import (
	"strings"

	"github.com/hookscope/hookscope/decode"
	"github.com/hookscope/hookscope/ui/format"
	"github.com/hookscope/hookscope/ui/report"
	"github.com/hookscope/hookscope/ui/theme"
)

// renderOverview is the typed view: summary, what the delivery is and why
// hookscope thinks so, drift and decoding problems, then the sections.
func renderOverview(r *report.Report, styles *theme.Styles) string {
	var b strings.Builder
	if r.Summary != "" {
		b.WriteString(styles.PaneTitle.Render(r.Summary) + "\n")
	}
	what := r.What()
	if r.Detection != "" {
		what += " (" + r.Detection + ")"
	}
	b.WriteString(styles.Detail.Label.Render(what) + "\n")
	b.WriteString(styles.Detail.Label.Render("signature ") + r.Signature.Badge + " " + string(r.Signature.Status) + "\n")
	if r.Retry != "" {
		b.WriteString(styles.Detail.Note.Render(r.Retry) + "\n")
	}
	if r.OutOfOrder != "" {
		b.WriteString(styles.Detail.Note.Render(r.OutOfOrder) + "\n")
	}
	switch {
	case r.Unknown:
		b.WriteString("\n" + styles.Detail.Label.Render("No known platform sent this delivery, so there is no typed view.") + "\n")
		b.WriteString(styles.Detail.Label.Render("The Body tab (2) shows it pretty-printed; a [[routes]] entry in the config can name its provider.") + "\n")
	case r.Decoding != "":
		b.WriteString("\n" + styles.Detail.Note.Render("cannot show a typed view: "+r.Decoding) + "\n")
		b.WriteString(styles.Detail.Label.Render("the Body tab (2) shows the body as it came") + "\n")
	}
	for _, d := range r.Drift {
		b.WriteString(styles.Detail.Note.Render("drift: "+d) + "\n")
	}
	for _, sec := range r.Sections {
		b.WriteString("\n" + styles.PaneTitle.Render(sec.Title) + "\n")
		width := sec.LabelWidth()
		for _, f := range sec.Fields {
			b.WriteString("  " + styles.Detail.Label.Render(format.Pad(f.Label, width)) + "  " + f.Value + "\n")
		}
		if t := sec.Table; t != nil {
			b.WriteString(styles.List.Header.Render("  "+t.Header()) + "\n")
			for _, l := range t.Lines() {
				b.WriteString("  " + l + "\n")
			}
		}
	}
	return b.String()
}

// renderSignature explains the signature check.
func renderSignature(r *report.Report, styles *theme.Styles) string {
	s := r.Signature
	var b strings.Builder
	line := func(label, value string) {
		b.WriteString(styles.Detail.Label.Render(format.Pad(label, 10)) + value + "\n")
	}
	status := s.Badge + " " + string(s.Status)
	switch s.Status {
	case decode.SigValid:
		status = styles.Status.OK.Render(status)
	case decode.SigInvalid, decode.SigMissing:
		status = styles.Status.ServerErr.Render(status)
	default:
		status = styles.Status.ClientErr.Render(status)
	}
	line("status", status)
	for _, row := range s.Details {
		line(row.Label, row.Value)
	}
	if s.Reason != "" {
		line("reason", s.Reason)
	}
	if len(s.Mismatch) > 0 {
		b.WriteString("\n")
		for _, row := range s.Mismatch {
			line(row.Label, row.Value)
		}
	}
	if s.SecretFrom != "" {
		b.WriteString("\n")
		line("secret", s.SecretFrom)
	}
	if len(s.SetSecret) > 0 {
		b.WriteString("\n" + styles.Detail.Label.Render(s.SetSecretTitle) + "\n")
		width := report.LabelWidth(s.SetSecret) + 1
		for _, row := range s.SetSecret {
			b.WriteString("  " + format.Pad(row.Label+":", width) + "  " + row.Value + "\n")
		}
		b.WriteString(styles.Detail.Label.Render("The secret never appears in hookscope's output.") + "\n")
	}
	return b.String()
}
