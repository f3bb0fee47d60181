package segment

import (
	"os"
	"syscall"
)

// openDirect opens path for writing past the page cache (O_DIRECT), each
// write durable when it returns (O_DSYNC), as if an fdatasync followed it.
func openDirect(path string) (*os.File, error) {
	return os.OpenFile(path, os.O_WRONLY|syscall.O_DIRECT|syscall.O_DSYNC, 0)
}
