package segment

import (
	"syscall"
	"testing"
)

// The newest segment's direct file is open O_DSYNC: Append skips the
// fdatasync after a direct write on that promise.
func TestTheDirectFileIsOpenForDurableWrites(t *testing.T) {
	dir := t.TempDir()
	directWorks(t, dir)
	l := openLog(t, dir, Options{})
	if l.direct == nil {
		t.Fatal("the newest segment is not open for direct writes")
	}
	flags, _, errno := syscall.Syscall(syscall.SYS_FCNTL, l.direct.Fd(), syscall.F_GETFL, 0)
	if errno != 0 {
		t.Fatalf("fcntl F_GETFL: %v", errno)
	}
	if flags&syscall.O_DSYNC != syscall.O_DSYNC {
		t.Fatalf("direct file flags %#o lack O_DSYNC: a direct batch would be acknowledged before it is durable", flags)
	}
}
