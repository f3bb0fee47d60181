package reply

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/hookscope/hookscope/capture/store"
)

// rows is a store holding these rule rows.
type rows struct {
	list []store.RuleRow
	err  error
}

func (r rows) Rules(context.Context) ([]store.RuleRow, int64, error) { return r.list, 7, r.err }

func TestReadRulesKeepsTheReadableAndNamesTheRest(t *testing.T) {
	src := rows{list: []store.RuleRow{
		{ID: 1, Position: 0, Data: `{"provider":"spiffy","status":200}`},
		{ID: 2, Position: 1, Data: `{"status":"not a number"}`},
		{ID: 3, Position: 2, Data: `{"path":"/hooks/*","status":202}`},
	}}
	rules, version, err := ReadRules(context.Background(), src)
	if !errors.Is(err, ErrUnreadableRule) || !strings.Contains(err.Error(), "reply rule 2") {
		t.Errorf("error %v, want one that is ErrUnreadableRule and names rule 2", err)
	}
	if version != 7 || len(rules) != 2 || rules[0].ID != 1 || rules[0].Provider != "spiffy" || rules[1].ID != 3 || rules[1].Position != 2 {
		t.Errorf("version %d, rules %+v; want 7 and rules 1 and 3 in order", version, rules)
	}

	src.list = src.list[:1]
	if rules, _, err := ReadRules(context.Background(), src); err != nil || len(rules) != 1 {
		t.Errorf("all readable: %d rules, error %v", len(rules), err)
	}

	broken := errors.New("database is locked")
	if _, _, err := ReadRules(context.Background(), rows{err: broken}); !errors.Is(err, broken) || errors.Is(err, ErrUnreadableRule) {
		t.Errorf("a failed read: %v, want the store's error alone", err)
	}
}
