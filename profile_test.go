package main

import (
	"bytes"
	"os"
	"path/filepath"
	"runtime/pprof"
	"strings"
	"testing"
)

// A profile asked for is written as pprof data (gzip-compressed protobuf),
// and one that cannot be written is an error naming the variable.
func TestCPUProfile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "cpu.pprof")
	stop, err := startCPUProfile(func(k string) string {
		if k == cpuProfileEnv {
			return path
		}
		return ""
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := stop(); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(data, []byte{0x1f, 0x8b}) {
		t.Fatalf("profile is not gzip-compressed pprof data: % x", data[:min(len(data), 8)])
	}

	_, err = startCPUProfile(func(string) string { return filepath.Join(t.TempDir(), "missing", "cpu.pprof") })
	if err == nil || !strings.Contains(err.Error(), cpuProfileEnv) {
		t.Fatalf("unwritable profile path: got %v, want an error naming %s", err, cpuProfileEnv)
	}
	// The failed start left no profile running.
	if err := pprof.StartCPUProfile(&bytes.Buffer{}); err != nil {
		t.Fatalf("a profile is still running after a failed start: %v", err)
	}
	pprof.StopCPUProfile()
}

// Unset, nothing is profiled and stopping is a no-op.
func TestCPUProfileUnset(t *testing.T) {
	stop, err := startCPUProfile(func(string) string { return "" })
	if err != nil || stop() != nil {
		t.Fatalf("unset: %v", err)
	}
	if err := pprof.StartCPUProfile(&bytes.Buffer{}); err != nil {
		t.Fatalf("a profile was started although none was asked for: %v", err)
	}
	pprof.StopCPUProfile()
}
