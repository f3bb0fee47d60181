//go:build unix

package segment

import (
	"bytes"
	"fmt"
	"syscall"
	"testing"
	"time"
)

// processCPU is the user and system CPU time this process has used.
func processCPU() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// BenchmarkAppend2KB appends 2 KB records in batches of 1, 16, 64 and 256:
// one write and one fdatasync per batch, over the zeros the log keeps
// ahead of its records (prezero.go), whose cost the Append that crosses
// into the last of them pays and this counts; in each segment format:
// direct (version 2, where the file system takes direct writes) and
// buffered (version 1, through the page cache).
//
//	go test -run '^$' -bench Append2KB ./capture/store/segment
func BenchmarkAppend2KB(b *testing.B) {
	rec := bytes.Repeat([]byte("x"), 2048)
	for _, size := range []int{1, 16, 64, 256} {
		for _, format := range formats {
			b.Run(fmt.Sprintf("batch=%d/%s", size, format.name), func(b *testing.B) {
				appendBench(b, format.opts, rec, size)
			})
		}
	}
}

func appendBench(b *testing.B, opts Options, rec []byte, size int) {
	l, err := Open(b.TempDir(), opts)
	if err != nil {
		b.Fatal(err)
	}
	defer l.Close()
	batch := make([][]byte, size)
	for i := range batch {
		batch[i] = rec
	}
	b.SetBytes(int64(len(rec)))
	cpu0 := processCPU()
	b.ResetTimer()
	for done := 0; done < b.N; done += size {
		if _, err := l.Append(batch[:min(size, b.N-done)]); err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(b.N), "µs/record")
	b.ReportMetric(float64((processCPU()-cpu0).Microseconds())/float64(b.N), "cpu-µs/record")
}
