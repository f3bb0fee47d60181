// Package storetest opens a store for a test, in the test's temporary
// directory, closed when the test ends: the few lines every package that
// tests against a real store would otherwise write again.
package storetest

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/hookscope/hookscope/capture/store"
)

// Open opens a new store with opts for t, and closes it when t ends.
func Open(t testing.TB, opts store.Options) *store.Store {
	t.Helper()
	st, err := store.Open(context.Background(), filepath.Join(t.TempDir(), "h.db"), opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}
