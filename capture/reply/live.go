package reply

import (
	"context"
	"errors"
	"sync"
	"time"

	"github.com/hookscope/hookscope/capture/store"
)

// Source is where rules are kept: the store.
type Source interface {
	Rules(ctx context.Context) ([]store.RuleRow, int64, error)
	RulesVersion(ctx context.Context) (int64, error)
	SequenceEpoch(ctx context.Context) (int64, error)
}

// Live keeps the store's rules in memory for the capture path and picks up
// edits: it checks the rules version at most once per interval, so a rule
// saved by any process sharing the store applies within that interval.
type Live struct {
	src      Source
	interval time.Duration
	rules    *Rules

	mu        sync.Mutex
	version   int64
	epoch     int64
	checkedAt time.Time
	err       error
}

// NewLive loads the rules from src.
func NewLive(ctx context.Context, src Source, interval time.Duration) (*Live, error) {
	l := &Live{src: src, interval: interval, rules: NewRules(), version: -1, epoch: -1}
	if err := l.Refresh(ctx); err != nil {
		return nil, err
	}
	return l, nil
}

// Refresh reloads the rules when their version changed.
func (l *Live) Refresh(ctx context.Context) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.refreshLocked(ctx)
}

func (l *Live) refreshLocked(ctx context.Context) error {
	l.checkedAt = time.Now()
	// Every edit bumps the version, a sequence reset included; the epoch
	// tells the two apart.
	v, err := l.src.RulesVersion(ctx)
	if err != nil || v == l.version {
		l.err = err
		return err
	}
	// A rule this build cannot read is skipped, not fatal.
	rules, v, err := ReadRules(ctx, l.src)
	if err != nil && !errors.Is(err, ErrUnreadableRule) {
		l.err = err
		return err
	}
	if epoch, err := l.src.SequenceEpoch(ctx); err == nil && epoch != l.epoch {
		l.rules.Reset()
		l.epoch = epoch
	}
	l.rules.Replace(rules)
	l.version, l.err = v, nil
	return nil
}

// Choose returns the reply rule and delay for a delivery, refreshing the
// rules first when the interval has passed. A failed refresh keeps the
// rules already loaded.
func (l *Live) Choose(provider, topic, method, path string) (Rule, time.Duration) {
	l.mu.Lock()
	if time.Since(l.checkedAt) >= l.interval {
		l.refreshLocked(context.Background())
	}
	l.mu.Unlock()
	return l.rules.Choose(provider, topic, method, path)
}

// Reset starts every sequence over.
func (l *Live) Reset() { l.rules.Reset() }
