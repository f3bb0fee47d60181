package ui

import (
	"time"

	tea "github.com/charmbracelet/bubbletea"
)

// A notice ("saved rule 3 …", "reply not changed") says what was just
// done; it goes after noticeFor. Each notice shown gets a generation, and
// its expiry tick carries it: a tick of an older notice finds a newer one
// and leaves it.

// noticeFor is how long a notice stays in the status bar.
const noticeFor = 5 * time.Second

// noticeExpiredMsg is the expiry of the notice of generation gen.
type noticeExpiredMsg struct{ gen int }

// timeNotice starts the expiry of the notice when Update changed it from
// before; whatever set it (a save, a close, a key), it expires alike.
func (m *Model) timeNotice(before string) tea.Cmd {
	if m.notice == "" || m.notice == before {
		return nil
	}
	m.noticeGen++
	if m.noticeTTL < 0 {
		return nil // tests: time does not pass in settle
	}
	ttl, gen := m.noticeTTL, m.noticeGen
	if ttl == 0 {
		ttl = noticeFor
	}
	return tea.Tick(ttl, func(time.Time) tea.Msg { return noticeExpiredMsg{gen: gen} })
}

// expireNotice clears the notice msg is the expiry of, if it still shows.
func (m *Model) expireNotice(msg noticeExpiredMsg) {
	if msg.gen == m.noticeGen {
		m.notice = ""
	}
}
