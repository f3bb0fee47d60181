package cli

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/spf13/cobra"
)

func newCmdConfigInit(f *factory, runF runFunc) *cobra.Command {
	return &cobra.Command{
		Use:   "init [PATH]",
		Short: "Write a commented example config with every key, where hookscope reads it",
		Long: `Write a config file with every key, commented out, each with what it does: to PATH, else where
hookscope reads its config (` + "`hookscope config path`" + `). An existing file is never overwritten.
The file is readable by you only: it is where secrets go.`,
		Example: `  hookscope config init
  hookscope config init ./hookscope.toml`,
		Args: maxArgs(1, "config init takes at most one path"),
		RunE: f.plain(orDefault(runF, runConfigInit)),
	}
}

func runConfigInit(ctx context.Context, env Env, o *options, args []string) error {
	path, err := configArg(o, args)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return fmt.Errorf("config init: %w", err)
	}
	// O_EXCL: a file that appeared since anyone looked is not overwritten.
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if errors.Is(err, fs.ErrExist) {
		return fmt.Errorf("config init: %s already exists; not overwriting it (`hookscope config check` checks it)", path)
	}
	if err != nil {
		return fmt.Errorf("config init: %w", err)
	}
	_, werr := f.WriteString(exampleConfig)
	if cerr := f.Close(); werr == nil {
		werr = cerr
	}
	if werr != nil {
		os.Remove(path)
		return fmt.Errorf("config init: %w", werr)
	}
	fmt.Fprintf(env.Stderr, "wrote %s: every key is commented out; uncomment what you need\n", path)
	return nil
}

// exampleConfig is what config init writes. Every key the file takes is
// here, commented out as "# key = value" (a test uncomments them and
// parses the result), with its default where it has one.
const exampleConfig = `# hookscope config file. Every setting is commented out: the value shown is
# the default, or an example. A flag wins over an environment variable, which
# wins over this file. ` + "`hookscope config show`" + ` says where each value came from,
# ` + "`hookscope config check`" + ` checks this file.

# The delivery store (SQLite). Default: $XDG_DATA_HOME/hookscope/hookscope.db,
# else ~/.local/share/hookscope/hookscope.db. Also --db, $HOOKSCOPE_DB.
# db = "/home/me/.local/share/hookscope/hookscope.db"

# The address the capture server listens on; port 0 picks a free one.
# Also --listen, $HOOKSCOPE_LISTEN.
# listen = "127.0.0.1:4747"

# The largest body stored whole, in bytes (up to 512 MiB); larger ones are
# answered 413 and kept truncated. Also --max-body, $HOOKSCOPE_MAX_BODY.
# max_body = 16777216

# Keep the newest this many deliveries, deleting older ones; negative keeps
# all. Also --keep, $HOOKSCOPE_KEEP.
# keep = 100000

# Bound the stored bodies (the segment files beside the store) to this size,
# deleting the oldest whole segments (64 MiB each) with their deliveries; the
# newest segment always stays. A size in quotes ("500MB", "2GiB"; KB, MB, GB,
# TB are powers of 1000, KiB, MiB, GiB, TiB of 1024) or a number of bytes;
# 0 is no bound. keep still applies: whichever deletes more wins. Also
# --keep-bytes, $HOOKSCOPE_KEEP_BYTES.
# keep_bytes = "2GiB"

# Delete whole segments whose newest delivery is older than this: a Go
# duration with days ("72h", "7d", "1d12h"); 0 is no bound. Also --keep-for,
# $HOOKSCOPE_KEEP_FOR.
# keep_for = "30d"

# The URL platforms call to reach hookscope (a tunnel's), for the platforms
# that sign the URL they call (Twilio, Square, HubSpot). Also --public-url,
# $HOOKSCOPE_PUBLIC_URL.
# public_url = "https://abc.ngrok.app"

# The TUI takes the mouse: the wheel scrolls the pane under the pointer, a
# click selects a row, a tree node or a tab, and shift+drag selects text in
# most terminals. false leaves the mouse to the terminal. --mouse, $HOOKSCOPE_MOUSE.
# mouse = true

# A built-in provider's settings: its secret for checking signatures (the
# environment's HOOKSCOPE_<ID>_SECRET wins), more secrets tried after it
# (rotation, several endpoints), and the URL it calls when not public_url.
# [providers.stripe]
# secret = "whsec_…"
# secrets = ["whsec_old…"]
# public_url = "https://abc.ngrok.app/stripe"

# The platforms that sign with a private key (Discord, SendGrid) give you
# their public key instead of a secret.
# [providers.discord]
# public_key = "…"

# Your own provider: a [providers.ID] table whose id is not built in, with
# how to recognise its deliveries, where their topic is, and how they are
# signed.
# [providers.acme]
# name = "Acme Payments"
# secret = "…"
# match = { header = "X-Acme-Event" }   # or path_prefix = "/hooks/acme", or json = "acme_version"
# topic = { json = "event.type" }       # or header = "X-Acme-Event"
# [providers.acme.signature]
# header = "X-Acme-Signature"
# prefix = "sha256="
# algorithm = "hmac-sha256"
# encoding = "hex"
# signed = "{timestamp}.{body}"
# timestamp_header = "X-Acme-Timestamp"
# timestamp_unit = "seconds"
# id_header = "X-Acme-Delivery"
# tolerance = "5m"

# Settle detection for a path: deliveries under prefix are provider's (and
# of topic, when given), whatever they look like.
# [[routes]]
# prefix = "/shop/tax"
# provider = "americommerce"
# topic = "GetTax"
`
