package replaydialog

import (
	"fmt"
	"strings"

	"github.com/hookscope/hookscope/decode/content"
	"github.com/hookscope/hookscope/replay"
	"github.com/hookscope/hookscope/ui/format"
	"github.com/hookscope/hookscope/ui/replays"
	"github.com/hookscope/hookscope/ui/sanitize"
)

// View draws the dialog.
func (m Model) View() string {
	if m.state == stateClosed || m.width <= 0 {
		return ""
	}
	s := m.styles
	if m.state == stateLoading {
		return s.List.Placeholder.Render("loading…")
	}
	var b strings.Builder
	b.WriteString(s.PaneTitle.Render(m.title()) + "\n")
	label := func(f field, text string) string {
		return s.FieldLabel(text, m.field == f && m.state == stateEditing)
	}
	b.WriteString(label(fieldTarget, "target  ") + " " + m.target.View() + "\n")
	b.WriteString(s.FieldLabel("re-sign ", false) + " " + m.resignView() + "\n")
	if m.bulk {
		b.WriteString(label(fieldConcurrency, "in flight") + " " + m.concurrency.View() +
			s.Detail.Label.Render("  (1 keeps the original order)") + "\n")
	}
	if m.err != nil {
		b.WriteString(s.Bar.Error.Render(format.Pad(sanitize.Line(m.err.Error()), m.width)) + "\n")
	}
	switch {
	case m.bulk:
		b.WriteString("\n" + m.bulkView())
	case m.state == stateSending:
		b.WriteString("\n" + s.List.Placeholder.Render("sending…"))
	case m.state == stateDone && m.result != nil:
		b.WriteString("\n" + m.resultView())
	default:
		b.WriteString(label(fieldHeaders, "headers") + "\n" + m.headers.View() + "\n")
		b.WriteString(label(fieldBody, "body") + "\n")
		if m.bodyNote != "" {
			note := m.bodyNote
			if m.fromEditor {
				note = fmt.Sprintf("replaced from $EDITOR: %s will be sent", content.Size(int64(len(m.bodyBase))))
			}
			b.WriteString(s.Detail.Note.Render(sanitize.Line(note)))
		} else {
			b.WriteString(m.body.View())
		}
	}
	return b.String()
}

func (m Model) title() string {
	if m.bulk {
		scope := "every delivery in the list"
		if m.filter.Provider != "" {
			scope = "every " + m.filter.Provider + " delivery"
			if m.filter.Topic != "" {
				scope = "every " + m.filter.Provider + " " + m.filter.Topic + " delivery"
			}
		}
		return sanitize.Line(fmt.Sprintf("Replay %s (%d)", scope, len(m.ids)))
	}
	if m.delivery == nil {
		return "Replay"
	}
	d := m.delivery
	return sanitize.Line(fmt.Sprintf("Replay %s %s · %s", d.Method, d.URI, content.Size(d.Size)))
}

func (m Model) resignView() string {
	s := m.styles
	if !m.resign {
		return s.Detail.Label.Render("off  (ctrl+t: sign with the provider's configured secret)")
	}
	if m.bulk {
		return s.Status.OK.Render("on") + s.Detail.Label.Render("  each delivery with its provider's secret; unsigned providers as captured")
	}
	if _, err := m.secret(m.delivery.Provider); err != nil {
		return s.Bar.Error.Render("on, but " + sanitize.Line(err.Error()))
	}
	return s.Status.OK.Render("on") + s.Detail.Label.Render("  with the configured "+sanitize.Line(m.delivery.Provider)+" secret")
}

func (m Model) resultView() string {
	s := m.styles
	lines := strings.Split(strings.TrimRight(replays.RenderExchange(m.result, s), "\n"), "\n")
	// Room below the title, target and re-sign lines and above the hint.
	if room := max(1, m.height-7); len(lines) > room {
		lines = append(lines[:room], s.Detail.Label.Render("… the Replays tab (7) shows it all"))
	}
	return strings.Join(lines, "\n") + "\n\n" + s.Detail.Label.Render("ctrl+s sends again · any key edits · esc closes")
}

func (m Model) bulkView() string {
	s := m.styles
	var b strings.Builder
	switch {
	case len(m.ids) == 0:
		return s.List.Empty.Render("no deliveries in the list to replay")
	case m.state == stateEditing:
		return s.Detail.Label.Render(fmt.Sprintf("ctrl+s sends %d deliveries, oldest first", len(m.ids)))
	}
	// The bar shows the count itself, not the spring animation toward it,
	// which lagged behind (1% at 34/76) and began a new run from the old
	// run's end.
	fmt.Fprintf(&b, "%s  %d/%d\n", m.progress.ViewAs(float64(m.done)/float64(len(m.ids))), m.done, len(m.ids))
	for i := range m.last {
		r := &m.last[i]
		line := fmt.Sprintf("%s  %s %s → %s", r.DeliveryID, r.Method, r.URL, replay.Outcome(r))
		b.WriteString(s.Detail.Label.Render(format.Pad(sanitize.Line(line), m.width)) + "\n")
	}
	if m.summary != nil {
		b.WriteString("\n" + s.PaneTitle.Render(sanitize.Line(m.summary.String())) + "\n")
		if m.unrecorded > 0 {
			b.WriteString(s.Bar.Error.Render(format.Pad(sanitize.Line(fmt.Sprintf("%d sent but not recorded: %v", m.unrecorded, m.recordErr)), m.width)) + "\n")
		}
		b.WriteString(s.Detail.Label.Render("ctrl+s sends them all again · esc closes"))
	} else if m.stopping {
		b.WriteString(s.Detail.Note.Render("stopping: sending nothing more, waiting for the requests in flight…"))
	} else {
		b.WriteString(s.Detail.Label.Render("esc stops; what was sent is recorded"))
	}
	return b.String()
}
