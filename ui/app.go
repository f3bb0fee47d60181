// Package ui is hookscope's terminal interface (Bubble Tea): a live list of
// deliveries, a detail pane with tabs, and a status bar.
//
// The root Model owns focus and layout and routes messages: keys go to the
// focused pane, results of commands go to the pane that asked. Deliveries
// captured by this process arrive from the hub through a channel that a
// tea.Cmd waits on; those captured by another process sharing the store are
// noticed by polling the store's data version. Nothing outside Update
// touches the model.
package ui

import (
	"context"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"

	"github.com/hookscope/hookscope/capture/store"
	"github.com/hookscope/hookscope/capture/store/filter"
	"github.com/hookscope/hookscope/capture/tunnel"
	"github.com/hookscope/hookscope/decode"
	"github.com/hookscope/hookscope/decode/content"
	"github.com/hookscope/hookscope/replay"
	"github.com/hookscope/hookscope/ui/confirm"
	"github.com/hookscope/hookscope/ui/copymenu"
	"github.com/hookscope/hookscope/ui/deliverylist"
	"github.com/hookscope/hookscope/ui/detail"
	"github.com/hookscope/hookscope/ui/filterline"
	"github.com/hookscope/hookscope/ui/format"
	"github.com/hookscope/hookscope/ui/pager"
	"github.com/hookscope/hookscope/ui/replaydialog"
	"github.com/hookscope/hookscope/ui/replyeditor"
	"github.com/hookscope/hookscope/ui/rulelist"
	"github.com/hookscope/hookscope/ui/sanitize"
	"github.com/hookscope/hookscope/ui/savedialog"
	"github.com/hookscope/hookscope/ui/sidebar"
	"github.com/hookscope/hookscope/ui/theme"
)

// Store is what the UI reads.
type Store interface {
	deliverylist.Source
	detail.Getter
	sidebar.Source
	replyeditor.RuleStore
	rulelist.Store
	replaydialog.Store
	Curator
}

// Options wire the UI to the rest of hookscope.
type Options struct {
	Store Store
	// Arrivals signals deliveries stored by this process (the hub).
	Arrivals <-chan store.Delivery
	// Overflow signals that Arrivals dropped events; the UI reloads.
	Overflow <-chan struct{}
	// Changed reports commits by any process since its last call; it is
	// polled every PollInterval. Nil disables polling.
	Changed      func(context.Context) (bool, error)
	PollInterval time.Duration
	// Problems carries capture errors to show (store failures: 503s).
	Problems <-chan string
	// Addr is the capture server's address, shown in the status bar.
	Addr string
	// Inspect analyses a delivery for the Overview and Signature tabs.
	Inspect detail.Inspector
	// Secret is a provider's configured signing secret, for re-signed
	// replays; nil when none.
	Secret func(provider string) []byte
	// ForwardTo is where every capture is forwarded (--forward-to), shown
	// in the status bar and offered as the first replay target; Relay says
	// its answers are relayed to senders.
	ForwardTo   string
	Relay       bool
	Styles      *theme.Styles
	ChromaStyle string
	// FilterHistory is the file that keeps the filters typed at `/`
	// across runs; "" keeps them for this run only.
	FilterHistory string
	// Mouse gives hookscope the mouse (wheel, clicks); off, the terminal
	// keeps it for selecting text.
	Mouse bool
	// Terminal is where the copy menu's OSC 52 sequences go: the program's
	// output (Run gives stdout). Nil: nothing can be copied.
	Terminal io.Writer
	// TmuxOption reads tmux's options inside tmux, for the copy menu's
	// note; nil asks the tmux on $PATH.
	TmuxOption copymenu.TmuxOption
	// Getenv reads the environment (TERM, TMUX, PAGER); nil means
	// os.Getenv.
	Getenv func(string) string
	// Tunnel finds the public URL that reaches the capture server
	// (public_url, ngrok, cloudflared), shown in the status bar; nil
	// looks for none. TunnelPolicy times its checks and warnings (zero:
	// tunnel.DefaultPolicy).
	Tunnel       *tunnel.Detector
	TunnelPolicy tunnel.Policy
	// Providers are the provider ids to register; RoutePrefixes the path
	// a configured route gives some of them.
	Providers     []string
	RoutePrefixes map[string]string
	// Now is the clock; nil means time.Now.
	Now func() time.Time
	// ExportSecrets are every configured secret, scrubbed from copied
	// command lines and exports as `hookscope export` scrubs them.
	ExportSecrets [][]byte
}

type focusArea int

const (
	focusSidebar focusArea = iota
	focusList
	focusDetail
	numFocus
)

// modalKind names the dialog that has the keys.
type modalKind int

const (
	modalNone modalKind = iota
	modalEditor
	modalRules
	modalReplay
	modalConfirm
	modalCopy
	modalSave
)

// Model is the root of the TUI.
type Model struct {
	opts   Options
	styles *theme.Styles
	keys   keyMap
	help   help.Model

	sidebar sidebar.Model
	list    deliverylist.Model
	detail  detail.Model
	editor  replyeditor.Model
	rules   rulelist.Model
	replay  replaydialog.Model
	filter  filterline.Model
	confirm confirm.Model
	undos   []store.Undo // the deletes u can undo, the last last
	copy    copymenu.Model
	save    savedialog.Model
	focus   focusArea
	// modal is the dialog that has every key, modalNone when none; under
	// is the one it returns to when it closes (the rules screen under the
	// editor it opened).
	modal, under modalKind
	held         typeahead // keys typed while modal loads (typeahead.go)

	width, height int
	listHeight    int  // inside the list pane's border
	detailHeight  int  // inside the detail pane's border
	sideHeight    int  // inside the sidebar's border
	sideOuter     int  // the sidebar's width with its border; 0 when hidden
	treeWant      int  // the tree's wanted width the layout was made for
	detailHidden  bool // the full help took the detail pane's room
	footerHeight  int  // the status bar's and footer's lines the layout left
	problem       string
	notice        string        // the last thing done, e.g. a rule saved
	noticeGen     int           // which notice shows, for its expiry (notice.go)
	noticeTTL     time.Duration // how long a notice stays: 0 noticeFor, <0 for ever
	// tunnel is what is known of the public URL; tunnelSeq numbers the
	// detection rounds, so that only the latest one counts.
	tunnel    tunnel.State
	tunnelSeq int
}

// New returns the root model.
func New(opts Options) Model {
	if opts.Styles == nil {
		opts.Styles = theme.New(theme.Default())
	}
	if opts.ChromaStyle == "" {
		opts.ChromaStyle = opts.Styles.Theme.ChromaDark
	}
	if opts.Getenv == nil {
		opts.Getenv = os.Getenv
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.TunnelPolicy == (tunnel.Policy{}) {
		opts.TunnelPolicy = tunnel.DefaultPolicy()
	}
	if opts.TmuxOption == nil {
		opts.TmuxOption = copymenu.ExecTmuxOption
	}
	if opts.PollInterval <= 0 {
		// A TUI beside a serve on one store must show its deliveries
		// within half a second (issue 12), and the store may hold a row
		// up to 50 ms after its ack. The poll is one
		// PRAGMA data_version on an idle connection: cheap at this rate.
		opts.PollInterval = 100 * time.Millisecond
	}
	m := Model{
		opts:    opts,
		styles:  opts.Styles,
		keys:    defaultKeyMap(),
		help:    help.New(),
		sidebar: sidebar.New(opts.Store, opts.Styles),
		list:    deliverylist.New(opts.Store, opts.Styles),
		detail:  detail.New(opts.Store, opts.Inspect, opts.Styles, opts.ChromaStyle),
		editor:  replyeditor.New(opts.Store, opts.Styles),
		rules:   rulelist.New(opts.Store, opts.Styles),
		replay:  replaydialog.New(opts.Store, replaydialog.Options{Secret: opts.Secret, Target: opts.ForwardTo}, opts.Styles),
		filter:  filterline.New(opts.Styles, opts.FilterHistory),
		confirm: confirm.New(opts.Styles),
		copy: copymenu.New(opts.Store, copymenu.Options{Out: opts.Terminal, Getenv: opts.Getenv,
			TmuxOption: opts.TmuxOption, Secrets: opts.ExportSecrets}, opts.Styles),
		save: savedialog.New(opts.Store, opts.ExportSecrets, opts.Styles),
	}
	if opts.Addr != "" {
		m.list.SetCaptureURL("http://" + opts.Addr + "/")
	}
	m.keys.MouseSelect.SetEnabled(opts.Mouse) // help only: says how to select text
	m.setFocus(focusList)
	return m
}

type (
	startMsg   struct{}
	arrivedMsg struct{}
	pollMsg    struct{}
	changedMsg struct {
		changed bool
		err     error
	}
	problemMsg string
)

// Init starts listening for deliveries. The first load is asked for from
// Update (startMsg): Init has a copy of the model, and state it set would be
// lost.
func (m Model) Init() tea.Cmd {
	return tea.Batch(func() tea.Msg { return startMsg{} }, m.waitArrival(), m.waitProblem(), m.schedulePoll(), m.checkTunnel(), m.filter.Init())
}

// waitArrival blocks (in its goroutine) until deliveries arrive, then takes
// every one already queued, so a burst costs one reload, not one each.
func (m Model) waitArrival() tea.Cmd {
	arrivals, overflow := m.opts.Arrivals, m.opts.Overflow
	if arrivals == nil {
		return nil
	}
	return func() tea.Msg {
		select {
		case _, ok := <-arrivals:
			if !ok {
				return nil
			}
		case <-overflow:
		}
		for n := len(arrivals); n > 0; n-- {
			<-arrivals
		}
		return arrivedMsg{}
	}
}

func (m Model) waitProblem() tea.Cmd {
	problems := m.opts.Problems
	if problems == nil {
		return nil
	}
	return func() tea.Msg {
		p, ok := <-problems
		if !ok {
			return nil
		}
		return problemMsg(p)
	}
}

func (m Model) schedulePoll() tea.Cmd {
	if m.opts.Changed == nil {
		return nil
	}
	return tea.Tick(m.opts.PollInterval, func(time.Time) tea.Msg { return pollMsg{} })
}

func (m Model) poll() tea.Cmd {
	changed := m.opts.Changed
	return func() tea.Msg {
		c, err := changed(context.Background())
		return changedMsg{changed: c, err: err}
	}
}

// Update routes msg, then times the notice it left, if new.
func (m Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	if e, ok := msg.(noticeExpiredMsg); ok {
		m.expireNotice(e)
		return m, nil
	}
	before, modal := m.notice, m.modal
	m, cmd := m.route(msg)
	m, released := m.releaseKeys()
	cmd = tea.Batch(cmd, released)
	if m.modal != modal {
		m.help.ShowAll = false // the help shown was of what had the keys
	}
	if m.statusHeight() != m.footerHeight {
		cmd = tea.Batch(cmd, m.layout()) // a dialog's footer takes two lines
	}
	return m, tea.Batch(cmd, m.timeNotice(before))
}

// route routes msg. Letters that arrived in one read (fast typing, SSH,
// tmux send-keys) come as one KeyRunes message, "jjj": unless a text field
// has the keyboard, each rune is handled as its own key, so every binding
// acts on every rune.
// Both return the Model itself, not a tea.Model: boxing the root model
// (over 100 KB) into an interface and back on every message, and on every
// rune of a burst, was most of what a message cost.
func (m Model) route(msg tea.Msg) (Model, tea.Cmd) {
	k, ok := msg.(tea.KeyMsg)
	if !ok || k.Type != tea.KeyRunes || len(k.Runes) < 2 || k.Paste {
		return m.update(msg)
	}
	var cmds []tea.Cmd
	for i, r := range k.Runes {
		if m.textFocused() {
			// A rune opened a text field ("e"): the rest is typed into it.
			rest := k
			rest.Runes = k.Runes[i:]
			next, cmd := m.update(rest)
			return next, tea.Batch(append(cmds, cmd)...)
		}
		one := k
		one.Runes = []rune{r}
		var cmd tea.Cmd
		m, cmd = m.update(one)
		cmds = append(cmds, cmd)
	}
	return m, tea.Batch(cmds...)
}

// textFocused reports whether a text field has the keyboard, so that
// letters are text, not commands.
func (m Model) textFocused() bool {
	return m.modal == modalEditor || m.modal == modalReplay || m.modal == modalSave && m.save.TextFocused() || m.filter.IsOpen()
}

// openModal gives the keys to dialog k, which cmd opens; nothing changes
// when cmd is nil (nothing to open).
func (m *Model) openModal(k modalKind, cmd tea.Cmd) tea.Cmd {
	if cmd != nil {
		m.modal, m.under = k, modalNone
		if m.detailHidden {
			return tea.Batch(cmd, m.layout()) // the dialog needs the detail pane
		}
	}
	return cmd
}

// settleModal returns the keys to what was under a dialog that closed, at
// once: a key typed right after esc must not go to the closed dialog while
// its ClosedMsg is on the way.
func (m *Model) settleModal() {
	for m.modal != modalNone && !m.modalOpen(m.modal) {
		m.modal, m.under = m.under, modalNone
	}
}

func (m Model) modalOpen(k modalKind) bool {
	d := m.dialog(k)
	return d != nil && d.IsOpen()
}

// dialogFace is what the root reads of a dialog; Update stays per dialog,
// each returning its own type.
type dialogFace interface {
	IsOpen() bool
	Help() help.KeyMap
	View() string
}

// dialog is the dialog of kind k, nil for none.
func (m Model) dialog(k modalKind) dialogFace {
	switch k {
	case modalEditor:
		return m.editor
	case modalRules:
		return m.rules
	case modalReplay:
		return m.replay
	case modalConfirm:
		return m.confirm
	case modalCopy:
		return m.copy
	case modalSave:
		return m.save
	}
	return nil
}

func (m Model) update(msg tea.Msg) (Model, tea.Cmd) {
	var cmds []tea.Cmd
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.width, m.height = msg.Width, msg.Height
		cmds = append(cmds, m.layout())
	case tea.MouseMsg:
		cmd := m.handleMouse(msg)
		m.syncKeys()
		return m, tea.Batch(cmd, m.detail.Show(m.list.SelectedID()))
	case tea.KeyMsg:
		if key.Matches(msg, m.keys.ForceQuit) {
			m.replay.Stop()
			return m, tea.Quit // whatever is open: ctrl+c always leaves
		}
		if key.Matches(msg, m.keys.TextHelp) || !m.textFocused() && key.Matches(msg, m.keys.Help) {
			// The help of what has the keys, a dialog's too.
			m.help.ShowAll = !m.help.ShowAll
			return m, m.layout()
		}
		var cmd tea.Cmd
		if m.filter.IsOpen() {
			m.filter, cmd = m.filter.Update(msg)
			m.syncKeys()
			return m, cmd
		}
		if m.holdKey(msg) {
			return m, nil
		}
		switch m.modal {
		case modalEditor: // every key: q and 1-6 are text there
			m.editor, cmd = m.editor.Update(msg)
		case modalRules:
			m.rules, cmd = m.rules.Update(msg)
		case modalReplay:
			m.replay, cmd = m.replay.Update(msg)
		case modalConfirm:
			m.confirm, cmd = m.confirm.Update(msg)
		case modalCopy:
			m.copy, cmd = m.copy.Update(msg)
		case modalSave:
			m.save, cmd = m.save.Update(msg)
		}
		if m.modal != modalNone {
			m.settleModal()
			m.syncKeys()
			return m, cmd
		}
		if cmd, handled := m.handleKey(msg); handled {
			m.syncKeys()
			return m, cmd
		}
	case replyeditor.SavedMsg:
		m.notice = fmt.Sprintf("saved %s; it answers the next delivery", msg.Name)
		m.problem = ""
		m.settleModal()
		if m.modal == modalRules {
			cmds = append(cmds, m.rules.Reload())
		}
	case replaydialog.SentMsg:
		m.problem = ""
		cmds = append(cmds, m.detail.ReloadReplays())
	case replaydialog.ClosedMsg:
		// What was sent is in the Replays tab when it shows.
		cmds = append(cmds, m.reloadReplays())
	case copymenu.CopiedMsg:
		m.notice, m.problem = copiedNotice(msg), ""
		if msg.Err != nil {
			m.notice, m.problem = "", msg.Err.Error()
		}
	case savedialog.SavedMsg:
		verb := "saved "
		if msg.Export {
			verb = "exported "
		}
		m.notice, m.problem = verb+msg.What+" to "+msg.Path, ""
	case pagedMsg:
		if msg.err != nil {
			m.problem = msg.err.Error()
		}
	case rulelist.EditMsg:
		if cmd := m.editor.OpenRule(msg.Rule); cmd != nil {
			m.modal, m.under = modalEditor, modalRules
			cmds = append(cmds, cmd)
		}
	case rulelist.ClosedMsg:
		m.notice = "" // the rules screen's notices were about the rules
	case replyeditor.ClosedMsg:
		m.notice = "reply not changed"
		if msg.Err != nil {
			m.notice, m.problem = "", "cannot edit the reply: "+msg.Err.Error()
		}
	case startMsg:
		cmds = append(cmds, m.list.Refresh(), m.sidebar.Refresh())
	case arrivedMsg:
		m.tunnelDelivered()
		cmds = append(cmds, m.list.Refresh(), m.sidebar.Refresh(), m.waitArrival(), m.detail.RefreshRetries())
	case sidebar.FilterMsg:
		cmds = append(cmds, m.treeFilter(msg.Filter))
		m.setFocus(focusList)
	case filterline.AppliedMsg:
		cmds = append(cmds, m.applyExpr(msg))
	case filterline.ProblemMsg:
		m.problem = msg.Err.Error()
	case tunnelMsg:
		cmds = append(cmds, m.applyTunnel(msg))
	case tunnelTickMsg:
		if msg.seq == m.tunnelSeq {
			cmds = append(cmds, m.checkTunnel())
		}
	case pollMsg:
		cmds = append(cmds, m.poll())
	case changedMsg:
		if msg.err != nil {
			m.problem = msg.err.Error()
		} else if msg.changed {
			// The indexer's commits change it too: a retries section
			// left incomplete under load completes.
			cmds = append(cmds, m.list.Refresh(), m.sidebar.Refresh(), m.detail.RefreshRetries())
		}
		// Forwards are recorded by this process's forwarder, which the
		// data version does not show: while the Replays tab is open it is
		// re-read on every poll (one indexed query).
		cmds = append(cmds, m.reloadReplays())
		cmds = append(cmds, m.schedulePoll())
	case problemMsg:
		m.problem = string(msg)
		cmds = append(cmds, m.waitProblem())
	case markedMsg, deletedMsg, undeletedMsg:
		cmds = append(cmds, m.handleCurated(msg))
	}

	var cmd tea.Cmd
	m.sidebar, cmd = m.sidebar.Update(msg)
	cmds = append(cmds, cmd)
	m.list, cmd = m.list.Update(msg)
	cmds = append(cmds, cmd)
	m.detail, cmd = m.detail.Update(msg)
	cmds = append(cmds, cmd)
	if _, isKey := msg.(tea.KeyMsg); !isKey {
		m.editor, cmd = m.editor.Update(msg)
		cmds = append(cmds, cmd)
		m.rules, cmd = m.rules.Update(msg)
		cmds = append(cmds, cmd)
		m.replay, cmd = m.replay.Update(msg)
		cmds = append(cmds, cmd)
		m.copy, cmd = m.copy.Update(msg)
		cmds = append(cmds, cmd)
		m.save, cmd = m.save.Update(msg)
		cmds = append(cmds, cmd)
		m.filter, cmd = m.filter.Update(msg)
		cmds = append(cmds, cmd)
	}
	cmds = append(cmds, m.detail.Show(m.list.SelectedID()))
	m.syncFilterCount()
	m.detail.SetTerms(filter.Terms(m.list.Filter().Expr))
	m.settleModal()
	m.syncKeys()
	if m.sidebar.Want() != m.treeWant {
		cmds = append(cmds, m.layout()) // a longer name arrived
	}
	return m, tea.Batch(cmds...)
}

// reloadReplays reloads the Replays tab when it shows: a forward or a
// replay by another process may have been recorded.
func (m *Model) reloadReplays() tea.Cmd {
	if m.detail.Tab() != detail.TabReplays {
		return nil
	}
	return m.detail.ReloadReplays()
}

// handleKey takes the keys that belong to the root; the rest go to the
// focused pane through the routing in Update.
func (m *Model) handleKey(msg tea.KeyMsg) (tea.Cmd, bool) {
	switch {
	case key.Matches(msg, m.keys.Quit):
		m.replay.Stop() // a bulk replay in flight sends nothing more
		return tea.Quit, true
	case key.Matches(msg, m.keys.Focus):
		m.cycleFocus(1)
		return nil, true
	case key.Matches(msg, m.keys.FocusBack):
		m.cycleFocus(-1)
		return nil, true
	case key.Matches(msg, m.keys.ClearFilter):
		if m.focus == focusSidebar && m.sideOuter == 0 {
			m.setFocus(focusList) // out of the tree shown in the list's place
		}
		if m.list.Filter() == (store.Filter{}) {
			return nil, true
		}
		return m.clearFilters(), true
	case key.Matches(msg, m.keys.Filter):
		return m.filter.Open(), true
	case key.Matches(msg, m.keys.Mark):
		return m.toggleMark(), true
	case key.Matches(msg, m.keys.Delete):
		return m.askDelete(false), true
	case key.Matches(msg, m.keys.DeleteAll):
		return m.askDelete(true), true
	case key.Matches(msg, m.keys.Undo):
		return m.undoDelete(), true
	case key.Matches(msg, m.keys.Suspend):
		return tea.Suspend, true
	case key.Matches(msg, m.keys.Follow):
		return m.list.SetFollow(!m.list.Following()), true
	case key.Matches(msg, m.keys.EditReply):
		m.notice = ""
		return m.openModal(modalEditor, m.editor.Open(m.list.SelectedID())), true
	case key.Matches(msg, m.keys.EditExternal):
		m.notice = ""
		return m.openModal(modalEditor, m.editor.OpenExternal(m.list.SelectedID())), true
	case m.detail.Tab() == detail.TabBody && m.detail.Matches() > 0 && key.Matches(msg, m.keys.NextMatch, m.keys.PrevMatch):
		step := 1
		if key.Matches(msg, m.keys.PrevMatch) {
			step = -1
		}
		m.detail.NextMatch(step)
		return nil, true
	case m.detail.Tab() == detail.TabReplays && key.Matches(msg, m.detail.ReplayKeys().Diff):
		m.detail.ToggleDiff()
		return nil, true
	case key.Matches(msg, m.keys.Replay):
		m.notice = ""
		return m.openModal(modalReplay, m.replay.Open(m.list.SelectedID())), true
	case key.Matches(msg, m.keys.ReplayAll):
		m.notice = ""
		return m.openModal(modalReplay, m.replay.OpenBulk(m.list.Filter())), true
	case key.Matches(msg, m.keys.Copy):
		m.notice = ""
		return m.openModal(modalCopy, m.copy.Open(m.list.SelectedID(), m.publicURL())), true
	case key.Matches(msg, m.keys.Save):
		m.notice = ""
		return m.openModal(modalSave, m.save.OpenBody(m.list.SelectedID())), true
	case key.Matches(msg, m.keys.Page):
		m.notice = ""
		return m.page(m.list.SelectedID()), true
	case key.Matches(msg, m.keys.Export):
		m.notice = ""
		return m.openModal(modalSave, m.save.OpenExport(m.list.Filter(), sidebar.Label(m.list.Filter()))), true
	case key.Matches(msg, m.keys.Rules):
		m.notice = ""
		return m.openModal(modalRules, m.rules.Open(m.list.Selected())), true
	case key.Matches(msg, m.keys.Tabs[:]...):
		for i, b := range m.keys.Tabs {
			if key.Matches(msg, b) {
				m.detail.SetTab(detail.Tab(i))
			}
		}
		return m.reloadReplays(), true
	case key.Matches(msg, m.keys.NextTab):
		m.detail.SetTab((m.detail.Tab() + 1) % detail.Tab(detail.NumTabs))
		return m.reloadReplays(), true
	case key.Matches(msg, m.keys.PrevTab):
		m.detail.SetTab((m.detail.Tab() + detail.Tab(detail.NumTabs) - 1) % detail.Tab(detail.NumTabs))
		return m.reloadReplays(), true
	}
	return nil, false
}

func (m *Model) setFocus(f focusArea) {
	m.focus = f
	m.sidebar.SetFocused(f == focusSidebar)
	m.list.SetFocused(f == focusList)
	m.detail.SetFocused(f == focusDetail)
}

// cycleFocus moves focus by step. The tree is reachable at every width:
// where there is no room beside the list, it shows in the list's place
// while it has focus.
func (m *Model) cycleFocus(step int) {
	m.setFocus((m.focus + focusArea(step) + numFocus) % numFocus)
}

// layout splits the screen: the provider/topic tree on the left, the list
// above the detail pane on the right, status and help at the bottom. Sizes
// come from the styles' frames, not constants. The tree is as wide as its
// names want, and sits beside the list only while the list keeps every
// column; otherwise it narrows, and then hides (tab still reaches it).
func (m *Model) layout() tea.Cmd {
	if m.width == 0 || m.height == 0 {
		return nil
	}
	frameW, frameH := m.styles.Pane.GetFrameSize()
	m.footerHeight = m.statusHeight()
	rest := max(0, m.height-m.footerHeight)
	m.treeWant = m.sidebar.Want()
	spare := m.width - frameW - deliverylist.AllColumnsWidth() - frameW // for the tree's inside
	m.sideOuter = 0
	if spare >= sidebar.MinWidth {
		m.sideOuter = min(spare, m.treeWant) + frameW
	}
	right := m.width - m.sideOuter
	listOuter := max(frameH+3, rest*2/5)
	detailOuter := max(0, rest-listOuter)
	// On a short screen every key takes the detail pane's room: a tab bar
	// alone shows nothing of a delivery. A dialog (drawn there) brings it
	// back (openModal).
	m.detailHidden = m.help.ShowAll && m.modal == modalNone && detailOuter < frameH+2
	if m.detailHidden {
		listOuter, detailOuter = rest, 0
	}
	m.listHeight, m.detailHeight = max(0, listOuter-frameH), max(0, detailOuter-frameH)
	m.sideHeight = max(0, rest-frameH)
	m.help.Width = m.width
	if m.sideOuter > 0 {
		m.sidebar.SetSize(m.sideOuter-frameW, m.sideHeight)
	} else {
		m.sidebar.SetSize(max(0, m.width-frameW), m.sideHeight)
	}
	// The widest the list is with the tree hidden (one cell short of the
	// tree's room): only beyond it do its columns grow.
	m.list.SetGrowFrom(deliverylist.AllColumnsWidth() + sidebar.MinWidth + frameW)
	m.detail.SetSize(max(0, right-frameW), m.detailHeight)
	m.editor.SetSize(max(0, right-frameW), m.detailHeight)
	m.rules.SetSize(max(0, right-frameW), m.detailHeight)
	m.replay.SetSize(max(0, right-frameW), m.detailHeight)
	m.confirm.SetSize(max(0, right-frameW), m.detailHeight)
	m.filter.SetWidth(max(0, right-frameW))
	m.copy.SetSize(max(0, right-frameW), m.detailHeight)
	m.save.SetSize(max(0, right-frameW), m.detailHeight)
	// The list's last line is its footer (listFooter).
	return m.list.SetSize(max(0, right-frameW), max(0, m.listHeight-1))
}

func (m Model) statusHeight() int {
	return 1 + strings.Count(m.helpView(), "\n") + 1
}

// helpView is the footer's keys: one line, or with ? every key that acts
// now. A dialog's keys take two lines when one does not hold them, and
// keep its esc and its help key whatever the width.
func (m Model) helpView() string {
	h := m.helpKeys()
	if m.help.ShowAll {
		if lines := fullHelpView(m.help.Styles, h.FullHelp(), m.width); len(lines) > 0 {
			// What to register, when the panes keep room to show a
			// delivery (three list rows and one of the detail pane).
			if reg := m.registerLines(); !h.editing && len(reg) > 0 {
				_, frameH := m.styles.Pane.GetFrameSize()
				if m.height-1-len(lines)-len(reg) >= 2*frameH+4 {
					lines = append(lines, reg...)
				}
			}
			return strings.Join(lines, "\n")
		}
	}
	if !h.editing {
		return shortHelpView(m.help.Styles, h.ShortHelp(), []key.Binding{h.help}, m.width, 1)
	}
	var pinned []key.Binding
	for _, b := range h.short {
		if b.Enabled() && b.Help().Key == "esc" {
			pinned = append(pinned, b)
		}
	}
	return shortHelpView(m.help.Styles, h.short, append(pinned, h.help), m.width, 2)
}

// helpKey is the key that shows every key: ? unless a text field has the
// keys and ? is text.
func (m Model) helpKey() key.Binding {
	if m.textFocused() {
		return m.keys.TextHelp
	}
	return m.keys.Help
}

func (m Model) helpKeys() helpKeys {
	h := helpKeys{root: m.keys, help: m.helpKey()}
	var km help.KeyMap
	if m.filter.IsOpen() {
		km = m.filter.Help()
	}
	if d := m.dialog(m.modal); d != nil {
		km = d.Help()
	}
	if km != nil {
		h.short, h.full, h.editing = km.ShortHelp(), km.FullHelp(), true
		return h
	}
	switch m.focus {
	case focusSidebar:
		km = m.sidebar.Help()
	case focusList:
		km = m.list.Help()
	case focusDetail:
		km = m.detail.Help()
	}
	h.short, h.full = km.ShortHelp(), km.FullHelp()
	return h
}

// syncKeys enables the root's keys that act now, which is also what help
// shows: nothing to edit or replay on an empty list, nothing to clear
// without a filter.
func (m *Model) syncKeys() {
	selected := m.list.SelectedID() != ""
	m.keys.EditReply.SetEnabled(selected)
	m.keys.EditExternal.SetEnabled(selected)
	m.keys.Replay.SetEnabled(selected)
	m.keys.Copy.SetEnabled(selected)
	m.keys.Save.SetEnabled(selected)
	m.keys.Page.SetEnabled(selected)
	m.keys.Export.SetEnabled(m.list.Total() > 0)
	m.keys.ReplayAll.SetEnabled(m.list.Total() > 0)
	m.keys.Mark.SetEnabled(selected)
	m.keys.Delete.SetEnabled(selected)
	m.keys.DeleteAll.SetEnabled(m.list.Total() > 0)
	m.keys.Undo.SetEnabled(len(m.undos) > 0)
	matches := m.detail.Tab() == detail.TabBody && m.detail.Matches() > 0
	m.keys.NextMatch.SetEnabled(matches)
	m.keys.PrevMatch.SetEnabled(matches)
	m.keys.ClearFilter.SetEnabled(m.list.Filter() != (store.Filter{}) || m.focus == focusSidebar && m.sideOuter == 0)
}

// View draws the screen.
func (m Model) View() string {
	if m.width == 0 || m.height == 0 {
		return ""
	}
	pane := func(f focusArea) lipgloss.Style {
		if m.focus == f {
			return m.styles.PaneFocused
		}
		return m.styles.Pane
	}
	// lipgloss sizes include padding but not the border.
	borderW := m.styles.Pane.GetHorizontalBorderSize()
	borderH := m.styles.Pane.GetVerticalBorderSize()
	w := max(0, m.width-m.sideOuter-borderW)
	inner := max(0, w-m.styles.Pane.GetHorizontalPadding())
	list := pane(focusList).Width(w).Height(m.listHeight).MaxHeight(m.listHeight + borderH).Render(m.list.View() + "\n" + m.listFooter(inner))
	detailView := m.detail.View()
	if d := m.dialog(m.modal); d != nil {
		detailView = d.View()
	}
	det := pane(focusDetail).Width(w).Height(m.detailHeight).MaxHeight(m.detailHeight + borderH).Render(clip(detailView, m.detailHeight))
	main := lipgloss.JoinVertical(lipgloss.Left, list, det)
	if m.detailHidden {
		main = list
	}
	switch {
	case m.sideOuter > 0:
		side := pane(focusSidebar).Width(m.sideOuter - borderW).Height(m.sideHeight).MaxHeight(m.sideHeight + borderH).Render(m.sidebar.View())
		main = lipgloss.JoinHorizontal(lipgloss.Top, side, main)
	case m.focus == focusSidebar:
		// No room beside the list: the tree takes its place while chosen.
		main = pane(focusSidebar).Width(max(0, m.width-borderW)).Height(m.sideHeight).MaxHeight(m.sideHeight + borderH).Render(m.sidebar.View())
	}
	return lipgloss.JoinVertical(lipgloss.Left, main, m.statusLine(), m.helpView())
}

func (m Model) statusLine() string {
	s := m.styles.Bar
	// Parts in the order shown, each with how much it matters: when the
	// line is too wide the least important go first, so an error (a
	// failing forward, a store that cannot write) is never the part cut.
	type part struct {
		text   string
		weight int
	}
	const (
		detail = iota
		useful
		news // what just happened: a notice, the public URL
		vital
	)
	parts := []part{{s.Addr.Render("● http://" + m.opts.Addr), useful}}
	if u := m.publicURL(); u != "" {
		parts = append(parts, part{s.Follow.Render("⇢ " + sanitize.Line(u)), news})
	}
	if m.opts.ForwardTo != "" {
		verb := "→ forwarding to "
		if m.opts.Relay {
			verb = "⇄ relaying to "
		}
		parts = append(parts, part{s.Follow.Render(verb + sanitize.Line(replay.Redact(m.opts.ForwardTo))), detail})
	}
	count := decode.Plural(m.list.Total(), "delivery", "deliveries")
	if n := m.list.Unindexed(); n > 0 {
		// The count may be short of them: said next to it, so that a
		// long filter after it is what the edge cuts (the list's footer
		// names the filter too).
		count += " (" + format.Count(int(n)) + " not indexed yet)"
	}
	if f := m.list.Filter(); f != (store.Filter{}) {
		// Whatever the width, the filter in force is named, with its way out.
		count += " in " + m.filterLabel() + " (esc: all)"
	}
	parts = append(parts, part{s.Base.Render(count), vital})
	if m.list.Following() {
		parts = append(parts, part{s.Follow.Render("following"), detail})
	} else {
		parts = append(parts, part{s.Muted.Render("paused (f follows)"), detail})
	}
	if err := m.list.Err(); err != nil {
		parts = append(parts, part{s.Error.Render("store: " + sanitize.Line(err.Error())), vital})
	}
	if m.problem != "" {
		parts = append(parts, part{s.Error.Render(sanitize.Line(m.problem)), vital})
	}
	if w := m.tunnel.Warning; w != "" {
		parts = append(parts, part{s.Error.Render(sanitize.Line(w)), vital})
	}
	if m.notice != "" {
		parts = append(parts, part{s.Follow.Render(sanitize.Line(m.notice)), news})
	}
	sep := s.Muted.Render("  ·  ")
	join := func() string {
		texts := make([]string, len(parts))
		for i, p := range parts {
			texts[i] = p.text
		}
		return strings.Join(texts, sep)
	}
	// One part at a time, the least important first (the earlier of
	// equals): a long notice costs the address, not everything else too.
	// News and vital parts stay; the edge cuts the last of them, a notice
	// or the public URL.
	for lipgloss.Width(join()) > m.width {
		drop := -1
		for i, p := range parts {
			if p.weight < news && (drop < 0 || p.weight < parts[drop].weight) {
				drop = i
			}
		}
		if drop < 0 {
			break
		}
		parts = append(parts[:drop], parts[drop+1:]...)
	}
	// Still too wide: the news give way, the last first, cut while a
	// readable start is left, else dropped; vital parts stay whole.
	for i := len(parts) - 1; i >= 0 && lipgloss.Width(join()) > m.width; i-- {
		if parts[i].weight != news {
			continue
		}
		keep := lipgloss.Width(parts[i].text) - (lipgloss.Width(join()) - m.width)
		if keep >= 16 {
			parts[i].text = ansi.Truncate(parts[i].text, keep, "…")
		} else {
			parts = append(parts[:i], parts[i+1:]...)
		}
	}
	return format.Pad(join(), m.width)
}

// copiedNotice says what a copy put on the clipboard, and why it may not
// have arrived.
func copiedNotice(msg copymenu.CopiedMsg) string {
	n := fmt.Sprintf("copied %s (%s) to the clipboard", msg.What, content.Size(int64(msg.Size)))
	if msg.Note != "" {
		n += " (" + msg.Note + ")"
	}
	return n
}

// pagedMsg says the pager exited.
type pagedMsg struct{ err error }

// page shows delivery id's body in $PAGER as the Body tab reads it:
// decoded, pretty-printed and sanitized, since a pager other than less
// would pass escape sequences from the body to the terminal.
func (m Model) page(id string) tea.Cmd {
	if id == "" {
		return nil
	}
	st := m.opts.Store
	text := func() ([]byte, error) {
		d, err := st.Get(context.Background(), id)
		if err != nil {
			return nil, err
		}
		if len(d.Body) == 0 {
			return nil, fmt.Errorf("the body of %s is empty", id)
		}
		b, _, _ := content.Display(d.Body, d.Headers.Get("Content-Type"), d.Headers.Get("Content-Encoding"))
		return []byte(sanitize.Text(string(b))), nil
	}
	return pager.Show(text, "hookscope-"+id+"-*.txt", m.opts.Getenv, func(err error) tea.Msg { return pagedMsg{err} })
}
