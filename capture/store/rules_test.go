package store

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"
)

func ruleOrder(t *testing.T, s *Store) string {
	t.Helper()
	rows, _, err := s.Rules(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	var out string
	for _, r := range rows {
		out += fmt.Sprintf("%d:%s ", r.ID, r.Data)
	}
	return out
}

// Undoing a delete puts the rule back where it was, under its id when no
// rule added since took it, and other processes see the change.
func TestRestoreRulePutsADeletedRuleBackInPlace(t *testing.T) {
	ctx := context.Background()
	s, err := Open(ctx, filepath.Join(t.TempDir(), "h.db"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	for _, d := range []string{"a", "b", "c"} {
		if _, err := s.PutRule(ctx, 0, d); err != nil {
			t.Fatal(err)
		}
	}
	rows, _, _ := s.Rules(ctx)
	b := rows[1]
	if err := s.DeleteRule(ctx, b.ID); err != nil {
		t.Fatal(err)
	}
	before, _ := s.RulesVersion(ctx)
	id, err := s.RestoreRule(ctx, b.ID, b.Position, b.Data)
	if err != nil || id != b.ID {
		t.Fatalf("restore: id %d, %v", id, err)
	}
	if got := ruleOrder(t, s); got != "1:a 2:b 3:c " {
		t.Fatalf("after restore: %s", got)
	}
	if after, _ := s.RulesVersion(ctx); after == before {
		t.Fatal("restore did not bump the rules version")
	}

	// The last rule deleted, a new one added (SQLite reuses the id), then
	// the delete undone: the old rule gets a new id and its position back.
	rows, _, _ = s.Rules(ctx)
	c := rows[2]
	s.DeleteRule(ctx, c.ID)
	s.PutRule(ctx, 0, "new")
	id, err = s.RestoreRule(ctx, c.ID, c.Position, c.Data)
	if err != nil || id == c.ID {
		t.Fatalf("restore over a reused id: id %d, %v", id, err)
	}
	if got := ruleOrder(t, s); got != fmt.Sprintf("1:a 2:b 3:new %d:c ", id) {
		t.Fatalf("after restore: %s", got)
	}
}
