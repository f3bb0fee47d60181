package reply

import (
	"context"
	"errors"

	"github.com/hookscope/hookscope/capture/store"
)

// RuleReader is where stored rules are read from: the store.
type RuleReader interface {
	Rules(ctx context.Context) ([]store.RuleRow, int64, error)
}

// ErrUnreadableRule marks the error ReadRules returns for stored rules this
// build cannot decode.
var ErrUnreadableRule = errors.New("unreadable reply rule")

// ReadRules reads every stored rule, in order, and the rules version they
// are. Every reader of the stored rules reads them here. A rule that does
// not decode is left out of rules and named in an error that is
// ErrUnreadableRule, so each caller chooses: a listing refuses and says
// which, the capture path answers with the rules it could read.
func ReadRules(ctx context.Context, src RuleReader) (rules []UserRule, version int64, err error) {
	rows, version, err := src.Rules(ctx)
	if err != nil {
		return nil, 0, err
	}
	rules = make([]UserRule, 0, len(rows))
	var bad []error
	for _, r := range rows {
		u, err := DecodeRule(r.ID, r.Position, r.Data)
		if err != nil {
			bad = append(bad, err)
			continue
		}
		rules = append(rules, u)
	}
	if len(bad) > 0 {
		err = errors.Join(append([]error{ErrUnreadableRule}, bad...)...)
	}
	return rules, version, err
}
