package cli

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"

	"github.com/hookscope/hookscope/capture/store"
)

// openForReading opens an existing store without writing to it: no
// migration and no retention sweep, which belong to the capturing process.
func openForReading(ctx context.Context, o *options) (*store.Store, error) {
	path, err := o.storePath()
	if err != nil {
		return nil, err
	}
	if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("no store at %s yet: run `hookscope` or `hookscope serve` to capture deliveries first", path)
	}
	return o.openStore(ctx, store.Options{ReadOnly: true})
}
