// Package theme holds the TUI's colours and every lipgloss style built from
// them, grouped by screen area. Components receive *Styles; none defines
// styles of its own, so the look changes in one place.
package theme

import (
	"github.com/charmbracelet/lipgloss"

	"github.com/hookscope/hookscope/decode"
)

// Theme is the palette, adaptive to light and dark terminals.
type Theme struct {
	Text       lipgloss.AdaptiveColor
	Muted      lipgloss.AdaptiveColor
	Accent     lipgloss.AdaptiveColor
	Border     lipgloss.AdaptiveColor
	Focus      lipgloss.AdaptiveColor
	SelectedBg lipgloss.AdaptiveColor
	OK         lipgloss.AdaptiveColor
	Warn       lipgloss.AdaptiveColor
	Error      lipgloss.AdaptiveColor
	Info       lipgloss.AdaptiveColor
	// ChromaDark and ChromaLight name the chroma styles for bodies.
	ChromaDark  string
	ChromaLight string
}

// Default is hookscope's palette.
func Default() Theme {
	return Theme{
		Text:        lipgloss.AdaptiveColor{Light: "235", Dark: "252"},
		Muted:       lipgloss.AdaptiveColor{Light: "244", Dark: "243"},
		Accent:      lipgloss.AdaptiveColor{Light: "25", Dark: "111"},
		Border:      lipgloss.AdaptiveColor{Light: "250", Dark: "238"},
		Focus:       lipgloss.AdaptiveColor{Light: "25", Dark: "111"},
		SelectedBg:  lipgloss.AdaptiveColor{Light: "254", Dark: "236"},
		OK:          lipgloss.AdaptiveColor{Light: "28", Dark: "114"},
		Warn:        lipgloss.AdaptiveColor{Light: "130", Dark: "214"},
		Error:       lipgloss.AdaptiveColor{Light: "160", Dark: "203"},
		Info:        lipgloss.AdaptiveColor{Light: "31", Dark: "80"},
		ChromaDark:  "monokai",
		ChromaLight: "github",
	}
}

// Styles are the theme turned into lipgloss styles.
type Styles struct {
	Theme Theme

	Pane        lipgloss.Style // a pane's border when not focused
	PaneFocused lipgloss.Style
	PaneTitle   lipgloss.Style

	List struct {
		Header      lipgloss.Style
		Row         lipgloss.Style
		Selected    lipgloss.Style // selected row, list focused
		SelectedDim lipgloss.Style // selected row, list not focused
		Placeholder lipgloss.Style
		Empty       lipgloss.Style
	}

	Status struct {
		OK, Redirect, ClientErr, ServerErr lipgloss.Style
	}

	Detail struct {
		Tab         lipgloss.Style
		ActiveTab   lipgloss.Style
		Note        lipgloss.Style
		HeaderName  lipgloss.Style
		HeaderValue lipgloss.Style
		Label       lipgloss.Style
		// Match marks a filter's word in the body; MatchCurrent the one
		// n/N went to.
		Match, MatchCurrent lipgloss.Style
	}

	Diff struct {
		Add, Del, Hunk lipgloss.Style
	}

	Bar struct {
		Base   lipgloss.Style
		Addr   lipgloss.Style
		Follow lipgloss.Style
		Error  lipgloss.Style
		Muted  lipgloss.Style
	}

	// Form is a dialog's fields: the one with the keys stands out.
	Form struct {
		Label, LabelFocused   lipgloss.Style
		Border, BorderFocused lipgloss.Style // a text area's left bar
	}
}

// FocusMarker marks the label of the field that has the keys; it reads
// without colour (NO_COLOR, TERM=dumb). Other labels get as many spaces,
// so that labels line up.
const FocusMarker = "▸ "

// FieldLabel draws a form field's label: marked and in the Focus colour
// while the field has the keys, muted otherwise.
func (s *Styles) FieldLabel(text string, focused bool) string {
	if focused {
		return s.Form.LabelFocused.Render(FocusMarker + text)
	}
	return s.Form.Label.Render("  " + text)
}

// New builds the styles of t.
func New(t Theme) *Styles {
	s := &Styles{Theme: t}
	s.Pane = lipgloss.NewStyle().Border(lipgloss.RoundedBorder()).BorderForeground(t.Border).Padding(0, 1)
	s.PaneFocused = s.Pane.BorderForeground(t.Focus)
	s.PaneTitle = lipgloss.NewStyle().Foreground(t.Accent).Bold(true)

	s.List.Header = lipgloss.NewStyle().Foreground(t.Muted).Bold(true)
	s.List.Row = lipgloss.NewStyle().Foreground(t.Text)
	s.List.Selected = lipgloss.NewStyle().Foreground(t.Text).Background(t.SelectedBg).Bold(true)
	s.List.SelectedDim = lipgloss.NewStyle().Foreground(t.Text).Background(t.SelectedBg)
	s.List.Placeholder = lipgloss.NewStyle().Foreground(t.Muted).Faint(true)
	s.List.Empty = lipgloss.NewStyle().Foreground(t.Muted).Italic(true)

	s.Status.OK = lipgloss.NewStyle().Foreground(t.OK)
	s.Status.Redirect = lipgloss.NewStyle().Foreground(t.Info)
	s.Status.ClientErr = lipgloss.NewStyle().Foreground(t.Warn)
	s.Status.ServerErr = lipgloss.NewStyle().Foreground(t.Error).Bold(true)

	s.Detail.Tab = lipgloss.NewStyle().Foreground(t.Muted)
	s.Detail.ActiveTab = lipgloss.NewStyle().Foreground(t.Accent).Bold(true)
	s.Detail.Note = lipgloss.NewStyle().Foreground(t.Warn).Italic(true)
	s.Detail.HeaderName = lipgloss.NewStyle().Foreground(t.Accent)
	s.Detail.HeaderValue = lipgloss.NewStyle().Foreground(t.Text)
	s.Detail.Label = lipgloss.NewStyle().Foreground(t.Muted)
	s.Detail.Match = lipgloss.NewStyle().Reverse(true)
	s.Detail.MatchCurrent = lipgloss.NewStyle().Reverse(true).Bold(true).Foreground(t.Warn)

	s.Diff.Add = lipgloss.NewStyle().Foreground(t.OK)
	s.Diff.Del = lipgloss.NewStyle().Foreground(t.Error)
	s.Diff.Hunk = lipgloss.NewStyle().Foreground(t.Info)

	s.Bar.Base = lipgloss.NewStyle().Foreground(t.Text)
	s.Bar.Addr = lipgloss.NewStyle().Foreground(t.OK).Bold(true)
	s.Bar.Follow = lipgloss.NewStyle().Foreground(t.Info).Bold(true)
	s.Bar.Error = lipgloss.NewStyle().Foreground(t.Error).Bold(true)
	s.Bar.Muted = lipgloss.NewStyle().Foreground(t.Muted)

	s.Form.Label = lipgloss.NewStyle().Foreground(t.Muted)
	s.Form.LabelFocused = lipgloss.NewStyle().Foreground(t.Focus).Bold(true)
	s.Form.Border = lipgloss.NewStyle().Foreground(t.Muted)
	s.Form.BorderFocused = lipgloss.NewStyle().Foreground(t.Focus)
	return s
}

// SignatureStyle colours a signature badge: valid green, invalid and
// missing red, stale (a replay, or a clock far off) amber, the rest muted.
func (s *Styles) SignatureStyle(status decode.SigStatus) lipgloss.Style {
	switch status {
	case decode.SigValid:
		return s.Status.OK
	case decode.SigInvalid, decode.SigMissing:
		return s.Status.ServerErr
	case decode.SigStale:
		return s.Status.ClientErr
	}
	return s.Bar.Muted
}

// StatusStyle colours an HTTP status code by class.
func (s *Styles) StatusStyle(code int) lipgloss.Style {
	switch {
	case code >= 500:
		return s.Status.ServerErr
	case code >= 400:
		return s.Status.ClientErr
	case code >= 300:
		return s.Status.Redirect
	}
	return s.Status.OK
}
