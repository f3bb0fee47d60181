package main

import (
	"fmt"
	"os"
	"runtime/pprof"
)

// cpuProfileEnv names a file to write a CPU profile of the whole run to.
// It is for measuring hookscope (the side-by-side capture benchmark sets it
// on `serve`), so it is an environment variable, not a flag in the help.
const cpuProfileEnv = "HOOKSCOPE_CPUPROFILE"

// startCPUProfile starts profiling when cpuProfileEnv is set and returns
// what stops it and writes the profile out; with the variable unset both
// are no-ops. A profile asked for but impossible is an error, so that a
// measurement is never silently missing.
func startCPUProfile(getenv func(string) string) (stop func() error, err error) {
	path := getenv(cpuProfileEnv)
	if path == "" {
		return func() error { return nil }, nil
	}
	f, err := os.Create(path)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", cpuProfileEnv, err)
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		f.Close()
		return nil, fmt.Errorf("%s: %w", cpuProfileEnv, err)
	}
	return func() error {
		pprof.StopCPUProfile()
		if err := f.Close(); err != nil {
			return fmt.Errorf("%s: %w", cpuProfileEnv, err)
		}
		return nil
	}, nil
}
