//go:build !linux

package segment

import (
	"errors"
	"os"
)

// openDirect is Linux's O_DIRECT; elsewhere the log writes through the
// page cache, in the unaligned format.
func openDirect(string) (*os.File, error) { return nil, errors.ErrUnsupported }
