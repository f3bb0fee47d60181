package replaydialog

import (
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/hookscope/hookscope/capture/store"
)

// openOffered opens the dialog on del and returns the target it offers.
func (d *dialog) openOffered(id string) string {
	d.t.Helper()
	for _, msg := range run(d.m.Open(id)) {
		d.update(msg)
	}
	return d.m.target.Value()
}

// Typing "?" into the target, then esc, left the next r offering
// http://127.0.0.1:18222?: the field kept text that was never sent. Each
// opening offers the last target sent, or the default before any.
func TestDialogOffersTheLastTargetSentNotUnsentTyping(t *testing.T) {
	d := newDialog(t)
	del := d.capture(hostile(t)[0])
	if got := d.openOffered(del.ID); got != DefaultTarget {
		t.Fatalf("first opening offers %q, want %q", got, DefaultTarget)
	}
	d.typeText("?")
	d.key(tea.KeyEsc)
	if got := d.openOffered(del.ID); got != DefaultTarget {
		t.Fatalf("after typing ? and esc the dialog offers %q, want %q (nothing was sent)", got, DefaultTarget)
	}

	app := newReceiver(t)
	d.key(tea.KeyCtrlU)
	d.typeText(app.URL)
	d.send()
	d.key(tea.KeyEsc)
	if got := d.openOffered(del.ID); got != app.URL {
		t.Fatalf("after a send the dialog offers %q, want the target sent, %q", got, app.URL)
	}
	d.typeText("/typo")
	d.key(tea.KeyEsc)
	if got := d.openOffered(del.ID); got != app.URL {
		t.Fatalf("after unsent typing the dialog offers %q, want %q", got, app.URL)
	}
	// A bulk replay is offered the same.
	d.key(tea.KeyEsc)
	d.m.OpenBulk(store.Filter{})
	if got := d.m.target.Value(); got != app.URL {
		t.Fatalf("R offers %q, want %q", got, app.URL)
	}
}
