package cli

import (
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/BurntSushi/toml"

	"github.com/hookscope/hookscope/capture/store/filter"
	"github.com/hookscope/hookscope/decode/content"
)

// This file reads the retention bounds beside --keep: --keep-bytes SIZE and
// --keep-for DURATION, from a flag, the environment or the config file.
// Zero is no bound for both. The store removes whole segments
// (capture/store/retention.go); these settings only say how far.

// byteSize is a size in bytes: --keep-bytes 500MB, keep_bytes = "2GiB"
// or keep_bytes = 1048576.
type byteSize int64

// age is a duration with days: --keep-for 7d, keep_for = "1d12h".
type age time.Duration

// Problems with a retention value. None quotes the value: in the config
// file it sits beside secrets.
const (
	sizeWant        = "want a size such as 500MB, 2GiB or 1048576 (" + sizeUnitsNote + "); 0 for no bound"
	sizeUnitsNote   = "KB, MB, GB, TB are powers of 1000, KiB, MiB, GiB, TiB of 1024"
	sizeNegative    = "must not be negative; 0 is no bound"
	sizeTooLarge    = "is too large (at most 8 PiB)"
	ageWant         = "want a duration such as 72h, 7d or 1d12h (units d, h, m, s, ms, us, ns); 0 for no bound"
	ageNegative     = "must not be negative; 0 is no bound"
	ageTooLong      = "is too long (at most 106751d)"
	ageWantInConfig = "want a duration in quotes such as \"7d\"; 0 for no bound"
)

// parseByteSize reads a size the way the filter language's size: does
// (filter.ParseSize, the one reader of sizes), telling a sign or an
// overflow apart from text that is no size.
func parseByteSize(v string) (byteSize, string) {
	v = strings.TrimSpace(v)
	if strings.HasPrefix(v, "-") {
		return 0, sizeNegative
	}
	n, err := filter.ParseSize(v)
	switch {
	case err != nil && strings.Contains(err.Error(), "too large"):
		return 0, sizeTooLarge
	case err != nil:
		return 0, sizeWant
	}
	return byteSize(n), ""
}

// days finds the day counts in a duration: 7d, 1.5d.
var days = regexp.MustCompile(`([0-9]*\.?[0-9]+)d`)

// parseAge reads a Go duration with days added (24h each): 7d, 1d12h.
func parseAge(v string) (age, string) {
	v = strings.TrimSpace(v)
	if strings.HasPrefix(v, "-") {
		return 0, ageNegative
	}
	if v == "0" {
		return 0, ""
	}
	tooLong := false
	hours := days.ReplaceAllStringFunc(v, func(d string) string {
		n, err := strconv.ParseFloat(strings.TrimSuffix(d, "d"), 64)
		if err != nil || n*24 > float64(time.Duration(1<<63-1)/time.Hour) {
			tooLong = true
			return d
		}
		return strconv.FormatFloat(n*24, 'f', -1, 64) + "h"
	})
	if tooLong {
		return 0, ageTooLong
	}
	d, err := time.ParseDuration(hours)
	switch {
	case err != nil && goDuration.MatchString(hours):
		return 0, ageTooLong
	case err != nil:
		return 0, ageWant
	}
	return age(d), ""
}

// goDuration is the shape of a duration time.ParseDuration reads; one of
// this shape that it refuses is too long.
var goDuration = regexp.MustCompile(`^([0-9]*\.?[0-9]+(ns|us|µs|μs|ms|s|m|h))+$`)

// String is the size in bytes, as it is given to the store.
func (b byteSize) String() string { return strconv.FormatInt(int64(b), 10) }

// String is the duration with whole days as d: 7d, 1d12h0m0s, 0.
func (a age) String() string {
	d := time.Duration(a)
	if d == 0 {
		return "0"
	}
	if d < 24*time.Hour {
		return d.String()
	}
	s := fmt.Sprintf("%dd", d/(24*time.Hour))
	if rest := d % (24 * time.Hour); rest != 0 {
		s += rest.String()
	}
	return s
}

// show is the size as `config show` prints it: the bytes, and in MiB or
// GiB when that is shorter to read.
func (b byteSize) show() string {
	if b == 0 {
		return "0 (no bound)"
	}
	if b < 1<<10 {
		return b.String()
	}
	return fmt.Sprintf("%d (%s)", b, content.Size(int64(b)))
}

func (a age) show() string {
	if a == 0 {
		return "0 (no bound)"
	}
	return a.String()
}

// UnmarshalTOML takes keep_bytes as a whole number of bytes or a size
// in quotes.
func (b *byteSize) UnmarshalTOML(v any) error {
	n, problem := byteSizeFromTOML(v)
	if problem != "" {
		return errors.New(problem)
	}
	*b = n
	return nil
}

func byteSizeFromTOML(v any) (byteSize, string) {
	switch v := v.(type) {
	case int64:
		if v < 0 {
			return 0, sizeNegative
		}
		return parseByteSize(strconv.FormatInt(v, 10))
	case string:
		return parseByteSize(v)
	}
	return 0, sizeWant
}

// UnmarshalTOML takes keep_for as a duration in quotes, or 0.
func (a *age) UnmarshalTOML(v any) error {
	d, problem := ageFromTOML(v)
	if problem != "" {
		return errors.New(problem)
	}
	*a = d
	return nil
}

func ageFromTOML(v any) (age, string) {
	switch v := v.(type) {
	case int64:
		if v < 0 {
			return 0, ageNegative
		}
		if v == 0 {
			return 0, ""
		}
	case string:
		return parseAge(v)
	}
	return 0, ageWantInConfig
}

// retentionProblem explains a config file that did not decode because of
// keep_bytes or keep_for: the key and what is wrong with its value, ""
// when those are fine or the file is not TOML at all (tomlError says why).
// The TOML library would report the problem as a syntax error.
func retentionProblem(text string) (key, problem string) {
	var m map[string]any
	if _, err := toml.Decode(text, &m); err != nil {
		return "", ""
	}
	if v, ok := m["keep_bytes"]; ok {
		if _, problem := byteSizeFromTOML(v); problem != "" {
			return "keep_bytes", problem
		}
	}
	if v, ok := m["keep_for"]; ok {
		if _, problem := ageFromTOML(v); problem != "" {
			return "keep_for", problem
		}
	}
	return "", ""
}
