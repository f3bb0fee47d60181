package cli

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strings"
	"time"

	"github.com/spf13/pflag"

	"github.com/hookscope/hookscope/capture/store"
	"github.com/hookscope/hookscope/capture/store/filter"
	"github.com/hookscope/hookscope/replay/export"
	"github.com/hookscope/hookscope/ui/sanitize"
)

// selectFlags choose deliveries for list, replay, export, delete and mark:
// --filter EXPR in the filter language (capture/store/filter, the TUI's
// `/`), and the older flags, each a shorthand for one term of it, ANDed
// with --filter. Every command selects through selection(), so the store
// does the filtering, in SQL, the same way for all of them.
type selectFlags struct {
	filter                  string
	provider, topic         string
	since, until, signature string
}

func (s *selectFlags) register(fs *pflag.FlagSet, what string) {
	fs.StringVar(&s.filter, "filter", "", what+" matching `expr`, e.g. 'sig:invalid provider:spiffy' or 'status:5xx \"order 1402\"' (README, Filters)")
	fs.StringVar(&s.provider, "provider", "", what+" from this `provider` (provider:ID)")
	fs.StringVar(&s.topic, "topic", "", what+" of this `topic`; * is a wildcard (topic:T)")
	fs.StringVar(&s.since, "since", "", what+" received since `when`: a duration ago (2h, 3d) or a time (after:WHEN)")
	fs.StringVar(&s.until, "until", "", what+" received before `when`: a duration ago (30m) or a time (before:WHEN)")
	fs.StringVar(&s.signature, "signature", "", what+" whose signature check was `status`: "+strings.Join(filter.SigStatuses, ", ")+" (sig:STATUS)")
}

// given reports whether any selection flag was given.
func (s selectFlags) given() bool {
	return s.filter != "" || s.provider != "" || s.topic != "" || s.since != "" || s.until != "" || s.signature != ""
}

// selection is the store filter the flags describe, its relative times
// (after:2h, --since 2h) counted back from now; the zero Filter when no
// flag was given. A bad expression or value is a usage error naming the
// flag, and for --filter the column (`unknown field "stauts" at 1; did you
// mean status?`).
func (s selectFlags) selection(now time.Time) (store.Filter, error) {
	var terms []filter.Expr
	if strings.TrimSpace(s.filter) != "" {
		e, err := filter.Parse(s.filter)
		if err == nil && e != nil {
			_, _, err = filter.Compile(e, now)
		}
		if err != nil {
			return store.Filter{}, usagef("--filter %s: %s", sanitize.Line(filter.Quote(s.filter)), sanitize.Line(err.Error()))
		}
		if e != nil {
			terms = append(terms, e)
		}
	}
	short, err := s.shorthands(now)
	if err != nil {
		return store.Filter{}, err
	}
	if short != "" {
		e, err := filter.Parse(short)
		if err != nil { // the terms are built with filter.Quote: a bug here
			return store.Filter{}, fmt.Errorf("selection %s: %w", sanitize.Line(short), err)
		}
		terms = append(terms, e)
	}
	f := store.Filter{Now: now}
	switch len(terms) {
	case 0:
	case 1:
		f.Expr = terms[0]
	default:
		f.Expr = &filter.And{Terms: terms}
	}
	return f, nil
}

// shorthands is the expression the flags other than --filter stand for,
// each value quoted (filter.Quote) so that it is read as a value, never
// as syntax; "" when none was given.
func (s selectFlags) shorthands(now time.Time) (string, error) {
	var terms []string
	if s.provider != "" {
		if err := checkProvider(s.provider); err != nil {
			return "", err
		}
		terms = append(terms, "provider:"+filter.Quote(s.provider))
	}
	if s.topic != "" {
		terms = append(terms, "topic:"+filter.Quote(s.topic))
	}
	for _, b := range []struct{ flag, field, value string }{{"--since", "after", s.since}, {"--until", "before", s.until}} {
		if b.value == "" {
			continue
		}
		term, err := timeTerm(b.flag, b.field, b.value, now)
		if err != nil {
			return "", err
		}
		terms = append(terms, term)
	}
	if s.signature != "" {
		if !knownSigStatus(s.signature) {
			return "", usagef("--signature %q: want one of %s", s.signature, strings.Join(filter.SigStatuses, ", "))
		}
		terms = append(terms, "sig:"+filter.Quote(s.signature))
	}
	return strings.Join(terms, " "), nil
}

// timeTerm is --since or --until as an after: or before: term. Go
// durations (90s, 1h30m) and RFC 3339 times, which these flags always
// took, become the moment they name; anything else the filter language
// reads as a time (3d, 2026-11-30) is passed on as it is.
func timeTerm(flag, field, v string, now time.Time) (string, error) {
	at := func(t time.Time) string { return field + ":" + filter.Quote(t.UTC().Format(time.RFC3339Nano)) }
	if d, err := time.ParseDuration(v); err == nil && d > 0 {
		return at(now.Add(-d)), nil
	}
	if t, err := time.Parse(time.RFC3339Nano, v); err == nil {
		return at(t), nil
	}
	term := field + ":" + filter.Quote(v)
	if e, err := filter.Parse(term); err == nil {
		if _, _, err := filter.Compile(e, now); err == nil {
			return term, nil
		}
	}
	return "", usagef("%s %q: want a duration ago such as 30m, 2h or 3d, or a time such as 2026-11-23T09:00:00Z", flag, v)
}

func knownSigStatus(s string) bool {
	for _, k := range filter.SigStatuses {
		if s == k {
			return true
		}
	}
	return false
}

// openSelecting opens the existing store to run f on: for reading only,
// unless f reads what the store derives behind its writer (free text,
// header:, is:retry), which only a writer can bring up to date first —
// a read-only store would answer from an index that may lag behind (a
// capture that was killed before it indexed). Retention stays off.
func openSelecting(ctx context.Context, o *options, f store.Filter) (*store.Store, error) {
	if f.Expr == nil || !filter.NeedsIndex(f.Expr) {
		return openForReading(ctx, o)
	}
	return openExisting(ctx, o)
}

// openExisting opens the existing store for writing, with retention off:
// for the commands that change deliveries (delete, mark) or bring the
// index up to date, never for creating a store.
func openExisting(ctx context.Context, o *options) (*store.Store, error) {
	path, err := o.storePath()
	if err != nil {
		return nil, err
	}
	if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("no store at %s yet: run `hookscope` or `hookscope serve` to capture deliveries first", path)
	}
	return o.openStore(ctx, store.Options{Keep: -1})
}

// selectedIDs are the whole ids of the deliveries given by id (whole or a
// unique suffix, as list prints them), each once, in the order given, or
// else of every delivery f matches, oldest first.
func selectedIDs(ctx context.Context, st *store.Store, args []string, f store.Filter) ([]string, error) {
	var ids []string
	if len(args) > 0 {
		seen := map[string]bool{}
		for _, a := range args {
			d, err := st.Get(ctx, a)
			if err != nil {
				return nil, err
			}
			if !seen[d.ID] {
				seen[d.ID] = true
				ids = append(ids, d.ID)
			}
		}
		return ids, nil
	}
	err := export.EachListed(ctx, st, f, func(d *store.Delivery) error {
		ids = append(ids, d.ID)
		return nil
	})
	return ids, err
}

// idsOrSelection refuses ids together with selection flags: which should
// win is a guess.
func idsOrSelection(args []string, s selectFlags) error {
	if len(args) > 0 && s.given() {
		return usagef("give delivery ids or --filter (and --provider, --topic, --since, --until, --signature), not both")
	}
	return nil
}
