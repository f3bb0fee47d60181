// Package pane is the contract every TUI pane keeps, so that the root
// treats them alike: it routes messages through Update, draws View in the
// size it gave with SetSize, and shows Help's keys in the footer. Each pane
// package asserts at compile time that its Model keeps it.
package pane

import (
	"github.com/charmbracelet/bubbles/help"
	tea "github.com/charmbracelet/bubbletea"
)

// Pane is one part of the screen, of concrete type T: Update returns the
// pane itself, not a tea.Model, so the root keeps typed fields.
type Pane[T any] interface {
	// Update handles msg: the pane's own results, and keys while it has
	// the keyboard.
	Update(msg tea.Msg) (T, tea.Cmd)
	// View draws the pane in its size.
	View() string
	// SetSize gives the pane its size inside its border; a pane that must
	// reload for it returns the Cmd.
	SetSize(width, height int) tea.Cmd
	// Help is the keys that act now; bindings that do not apply are
	// disabled, which also hides them.
	Help() help.KeyMap
}
