package segment

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"testing"
)

const crashChildEnv = "SEGMENT_CRASH_CHILD_DIR"

// TestCrashChild is the child of TestKilledWriterLosesNothingAcknowledged:
// it appends batches forever and prints each record's number and position
// once its Append returned, until it is killed.
func TestCrashChild(t *testing.T) {
	dir := os.Getenv(crashChildEnv)
	if dir == "" {
		t.Skip("run by TestKilledWriterLosesNothingAcknowledged")
	}
	l, err := Open(dir, Options{SegmentSize: 256 << 10})
	if err != nil {
		fmt.Println("open:", err)
		os.Exit(1)
	}
	for n := 0; ; {
		batch := 1 + n%13
		var recs [][]byte
		for j := range batch {
			recs = append(recs, payload(n+j))
		}
		pos, err := l.Append(recs)
		if err != nil {
			fmt.Println("append:", err)
			os.Exit(1)
		}
		var line strings.Builder
		for j, p := range pos {
			fmt.Fprintf(&line, "%d %d %d\n", n+j, p.Segment, p.Offset)
		}
		os.Stdout.WriteString(line.String()) // one write: atomic in the pipe
		n += batch
	}
}

// kill -9 in the middle of appends loses no record whose Append returned,
// and recovery leaves only whole records, in order.
func TestKilledWriterLosesNothingAcknowledged(t *testing.T) {
	dir := t.TempDir()
	cmd := exec.Command(os.Args[0], "-test.run=^TestCrashChild$")
	cmd.Env = append(os.Environ(), crashChildEnv+"="+dir)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	acked := map[int]Pos{}
	sc := bufio.NewScanner(out)
	killed := false
	for sc.Scan() {
		var n int
		var p Pos
		if _, err := fmt.Sscanf(sc.Text(), "%d %d %d", &n, &p.Segment, &p.Offset); err != nil {
			t.Fatalf("child said %q", sc.Text())
		}
		acked[n] = p
		if len(acked) >= 3000 && !killed {
			cmd.Process.Signal(syscall.SIGKILL)
			killed = true // keep reading what it acknowledged before dying
		}
	}
	cmd.Wait()
	if !killed {
		t.Fatalf("child stopped after %d records", len(acked))
	}

	l := openLog(t, dir, Options{SegmentSize: 256 << 10})
	for n, p := range acked {
		b, err := l.Read(p)
		if err != nil || !bytes.Equal(b, payload(n)) {
			t.Fatalf("acknowledged record %d at %s after kill -9: %v", n, p, err)
		}
	}
	got := scanAll(t, l)
	if len(got) < len(acked) {
		t.Fatalf("log holds %d records, fewer than the %d acknowledged", len(got), len(acked))
	}
	for i, b := range got {
		if !bytes.Equal(b, payload(i)) {
			t.Fatalf("record %d in the log is not what was appended", i)
		}
	}
	t.Logf("%d acknowledged, %d in the log after kill -9 (recovery dropped %d bytes)",
		len(acked), len(got), l.Recovered().DroppedBytes)
}
