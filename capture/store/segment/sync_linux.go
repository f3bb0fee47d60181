package segment

import (
	"os"
	"syscall"
)

// datasync makes a file's data durable, and its size: the metadata needed
// to read the data back, and none other (not the modification time).
func datasync(f *os.File) error {
	for {
		err := syscall.Fdatasync(int(f.Fd()))
		if err != syscall.EINTR {
			return err
		}
	}
}
