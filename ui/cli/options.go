package cli

import (
	"context"
	"fmt"
	"log"
	"strconv"
	"time"

	"github.com/spf13/pflag"

	"github.com/hookscope/hookscope/capture"
	"github.com/hookscope/hookscope/capture/ratelog"
	"github.com/hookscope/hookscope/capture/reply"
	"github.com/hookscope/hookscope/capture/store"
	"github.com/hookscope/hookscope/decode/registry"
	"github.com/hookscope/hookscope/replay"
	"github.com/hookscope/hookscope/ui/sanitize"
)

// options gathers every flag. Settings that the environment and the config
// file can also give are resolved in resolve (settings.go) as: flag, else
// environment variable, else config file, else default.
type options struct {
	getenv func(string) string
	// configPath is --config; configFile is the file resolve read (or
	// "" for none) and configFrom what chose it.
	configPath string
	configFile string
	configFrom string

	db        setting[string]
	listen    setting[string]
	maxBody   setting[int64]
	keep      setting[int]
	keepBytes setting[byteSize]
	keepFor   setting[age]
	publicURL setting[string] // over the config's public_url
	mouse     setting[bool]   // the TUI's only

	// tuneStore, when set, adjusts the options of the stores that capture
	// and import open: tests shrink the segment size through it.
	tuneStore func(store.Options) store.Options

	cfg      Config             // resolved by resolve()
	sources  map[string]string  // resolved by resolve(): config key -> where its value came from
	analyzer *registry.Analyzer // built by resolve() from routes and secrets

	// per command
	json      bool
	limit     int
	to        string
	bodies    bool
	bodyOut   string
	secretEnv string
	send      sendFlags
	sel       selectFlags // --filter and its shorthands: list, replay, export, delete, mark
	yes       bool        // delete without asking
	all       bool        // delete every delivery
	unmark    bool
	replies   replyFlags
	replay    replayFlags
	forward   forwardFlags
	tunnel    tunnelFlags
	export    exportFlags
}

// forwardFlags are the live forwarding flags of the TUI and serve.
type forwardFlags struct {
	to    string
	relay bool
	wait  time.Duration
}

func newOptions(getenv func(string) string) *options {
	def := defaultConfig(getenv)
	return &options{
		getenv:  getenv,
		db:      setting[string]{value: def.DB},
		listen:  setting[string]{value: def.Listen},
		maxBody: setting[int64]{value: def.MaxBody},
		keep:    setting[int]{value: def.Keep},
		mouse:   setting[bool]{value: def.Mouse},
	}
}

// settingValue is what a setting holds.
type settingValue interface {
	string | int | int64 | bool | byteSize | age
}

// setting is a flag value that remembers whether the user gave it, so a
// config file value is not overridden by a flag's default.
type setting[T settingValue] struct {
	value T
	set   bool
}

func (s *setting[T]) String() string { return fmt.Sprint(s.value) }

// Type names the value in help, where the usage text does not.
func (s *setting[T]) Type() string {
	switch any(s.value).(type) {
	case string:
		return "string"
	case byteSize:
		return "size"
	case age:
		return "duration"
	case bool:
		return "bool"
	default:
		return "n"
	}
}

func (s *setting[T]) Set(v string) error {
	switch p := any(&s.value).(type) {
	case *string:
		*p = v
	case *bool:
		b, err := strconv.ParseBool(v)
		if err != nil {
			return fmt.Errorf("want true or false, got %q", v)
		}
		*p = b
	case *int:
		n, err := strconv.Atoi(v)
		if err != nil {
			return fmt.Errorf("want a whole number, got %q", v)
		}
		*p = n
	case *int64:
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			return fmt.Errorf("want a whole number, got %q", v)
		}
		*p = n
	case *byteSize:
		n, problem := parseByteSize(v)
		if problem != "" {
			return fmt.Errorf("%s, got %q", problem, v)
		}
		*p = n
	case *age:
		d, problem := parseAge(v)
		if problem != "" {
			return fmt.Errorf("%s, got %q", problem, v)
		}
		*p = d
	}
	s.set = true
	return nil
}

// registerGlobal declares the settings every command takes, each also an
// environment variable and a config file key (see settings).
func (o *options) registerGlobal(fs *pflag.FlagSet) {
	fs.StringVar(&o.configPath, "config", o.configPath, "`path` of the TOML config file (default: $HOOKSCOPE_CONFIG, else "+configDefaultHint+"; `hookscope config` explains)")
	fs.Var(&o.db, "db", "`path` of the delivery store (SQLite), created on first run [$HOOKSCOPE_DB]")
	fs.Var(&o.listen, "listen", "`address` the capture server listens on; port 0 picks a free one [$HOOKSCOPE_LISTEN]")
	fs.Var(&o.maxBody, "max-body", "largest body stored whole, in `bytes`; larger ones get 413 and are kept truncated [$HOOKSCOPE_MAX_BODY]")
	fs.Var(&o.keep, "keep", "keep the newest `n` deliveries, deleting older ones (negative keeps all) [$HOOKSCOPE_KEEP]")
	fs.Var(&o.keepBytes, "keep-bytes", "bound the stored bodies to `size` (500MB, 2GiB; KB is 1000, KiB 1024), deleting the oldest whole segments; 0: no bound [$HOOKSCOPE_KEEP_BYTES]")
	fs.Var(&o.keepFor, "keep-for", "delete whole segments whose newest delivery is older than `duration` (72h, 7d, 1d12h); 0: no bound [$HOOKSCOPE_KEEP_FOR]")
	fs.Var(&o.publicURL, "public-url", "the `url` platforms call to reach hookscope (a tunnel's), for signatures over the URL (Twilio, Square, HubSpot); default: rebuilt from Host and X-Forwarded-Proto [$HOOKSCOPE_PUBLIC_URL]")
}

// registerTUI declares the settings only the TUI has, each also an
// environment variable and a config file key.
func (o *options) registerTUI(fs *pflag.FlagSet) {
	fs.Var(&o.mouse, "mouse", "give the TUI the mouse: the wheel scrolls, a click selects (most terminals still select text with shift held); --mouse=false leaves it to the terminal [$HOOKSCOPE_MOUSE]")
	fs.Lookup("mouse").NoOptDefVal = "true"
}

// registerCapture declares the flags of the commands that capture: the TUI
// and serve.
func (o *options) registerCapture(fs *pflag.FlagSet) {
	fs.StringVar(&o.forward.to, "forward-to", "", "forward every capture to `url` as it arrives (its path joined to the delivery's)")
	fs.BoolVar(&o.forward.relay, "relay", false, "with --forward-to: answer senders with the target's reply, or the canned one when it fails or is too slow")
	fs.DurationVar(&o.forward.wait, "relay-wait", 0, "with --relay: wait at most `duration` for the target (default: 4/5 of the platform's timeout, else 5s)")
}

// forwarder starts forwarding to --forward-to, recording every attempt in
// st and logging failures to failures (a dead target fails every capture:
// one line per failure would flood the terminal); nil without
// --forward-to.
func (o *options) forwarder(st *store.Store, logger *log.Logger, failures *ratelog.Log) (*replay.Forwarder, error) {
	if o.forward.wait < 0 {
		return nil, usagef("--relay-wait %s: want a positive duration such as 3s", o.forward.wait)
	}
	if o.forward.to == "" {
		if o.forward.relay {
			return nil, usagef("--relay needs --forward-to URL")
		}
		return nil, nil
	}
	opts := replay.Options{Target: o.forward.to, Timeout: 30 * time.Second}
	if err := replay.CheckTarget(opts.Target); err != nil {
		return nil, usagef("--forward-to: %v", err)
	}
	save := func(batch []*store.Attempt) {
		if err := st.InsertAttempts(context.Background(), batch); err != nil {
			logger.Print(err)
		}
		for _, r := range batch {
			if !r.OK() {
				outcome := r.Err
				if outcome == "" {
					outcome = fmt.Sprintf("answered %d", r.Status)
				}
				failures.Failed(fmt.Sprintf("of %s to %s: %s", r.DeliveryID, sanitize.Line(r.URL), sanitize.Line(outcome)),
					r.Kind+" "+sanitize.Line(outcome))
			}
		}
	}
	return replay.NewForwarder(opts, replay.ForwardOptions{}, save), nil
}

// forwardOptions hook fw into capture: relayed when asked, else forwarded
// after commit.
func (o *options) forwardOptions(fw *replay.Forwarder) []capture.Option {
	switch {
	case fw == nil:
		return nil
	case o.forward.relay:
		return []capture.Option{capture.WithRelay(func(ctx context.Context, d *store.Delivery) { fw.Answer(ctx, d, o.forward.wait) })}
	default:
		return []capture.Option{capture.WithForwarder(fw.Forward)}
	}
}

// openStore opens the store at the resolved path: --db, else the config
// file's db, else the default under the home directory, which there may
// not be.
func (o *options) openStore(ctx context.Context, so store.Options) (*store.Store, error) {
	path, err := o.storePath()
	if err != nil {
		return nil, err
	}
	// A store that writes indexes what it stores, and needs decode to
	// name each delivery's event.
	if so.EventKeys == nil {
		so.EventKeys = capture.EventKeys
	}
	return store.Open(ctx, path, so)
}

// storePath is where the store is, or errNoHome.
func (o *options) storePath() (string, error) {
	if o.cfg.DB == "" {
		return "", errNoHome
	}
	return o.cfg.DB, nil
}

// storeOptions are the options of a store opened to capture into or to
// import into: the retention settings.
func (o *options) storeOptions() store.Options {
	so := store.Options{Keep: o.cfg.Keep, KeepBytes: int64(o.cfg.KeepBytes), KeepFor: time.Duration(o.cfg.KeepFor)}
	if o.tuneStore != nil {
		so = o.tuneStore(so)
	}
	return so
}

// rulesInterval is how often capture checks the store for edited reply
// rules, by this process or another sharing the store.
const rulesInterval = 500 * time.Millisecond

func (o *options) captureOptions(ctx context.Context, st *store.Store) ([]capture.Option, error) {
	rules, err := reply.NewLive(ctx, st, rulesInterval)
	if err != nil {
		return nil, err
	}
	return []capture.Option{capture.WithMaxBody(o.cfg.MaxBody), capture.WithAnalyzer(o.analyzer),
		capture.WithRequestReplier(reply.RequestResponder(rules))}, nil
}
