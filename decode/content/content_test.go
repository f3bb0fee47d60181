package content

import (
	"bytes"
	"compress/flate"
	"compress/gzip"
	"compress/zlib"
	"encoding/hex"
	"errors"
	"io"
	"runtime"
	"strings"
	"testing"
)

func compress(t *testing.T, w func(io.Writer) io.WriteCloser, data []byte) []byte {
	t.Helper()
	var b bytes.Buffer
	zw := w(&b)
	zw.Write(data)
	zw.Close()
	return b.Bytes()
}

func gz(w io.Writer) io.WriteCloser   { return gzip.NewWriter(w) }
func zl(w io.Writer) io.WriteCloser   { return zlib.NewWriter(w) }
func rawf(w io.Writer) io.WriteCloser { f, _ := flate.NewWriter(w, 5); return f }

func TestDecodeEncodings(t *testing.T) {
	plain := []byte(`{"id":1}`)
	for _, tc := range []struct {
		encoding string
		body     []byte
	}{
		{"", plain},
		{"identity", plain},
		{"gzip", compress(t, gz, plain)},
		{"GZIP", compress(t, gz, plain)},
		{"deflate", compress(t, zl, plain)},
		{"deflate", compress(t, rawf, plain)},
		{"gzip, gzip", compress(t, gz, compress(t, gz, plain))},
	} {
		got, err := Decode(tc.body, tc.encoding, 0)
		if err != nil || !bytes.Equal(got, plain) {
			t.Errorf("Decode(%q) = %q, %v", tc.encoding, got, err)
		}
	}
}

func TestDecodeCapsGzipBomb(t *testing.T) {
	// 8 MiB of zeros compresses to about 8 KiB.
	bomb := compress(t, gz, make([]byte, 8<<20))
	got, err := Decode(bomb, "gzip", 1<<20)
	if !errors.Is(err, ErrDecodedTooLarge) {
		t.Fatalf("err = %v, want ErrDecodedTooLarge", err)
	}
	if len(got) != 1<<20 {
		t.Fatalf("returned %d bytes, want the first 1 MiB", len(got))
	}
}

func TestDecodeBadInputIsAnErrorNotAPanic(t *testing.T) {
	if _, err := Decode([]byte("not gzip"), "gzip", 0); err == nil {
		t.Error("garbage gzip decoded without error")
	}
	if _, err := Decode([]byte("x"), "br", 0); err == nil {
		t.Error("unsupported encoding accepted")
	}
	truncated := compress(t, gz, bytes.Repeat([]byte("abc"), 1000))
	if _, err := Decode(truncated[:len(truncated)/2], "gzip", 0); err == nil {
		t.Error("truncated gzip decoded without error")
	}
}

func TestDetect(t *testing.T) {
	for _, tc := range []struct {
		ct   string
		body string
		want Kind
	}{
		{"application/json", `{}`, JSON},
		{"application/json; charset=utf-8", `[]`, JSON},
		{"application/vnd.api+json", `{}`, JSON},
		{"", ` {"a":1}`, JSON},
		{"text/xml", `<a/>`, XML},
		{"", `<?xml version="1.0"?><a/>`, XML},
		{"application/x-www-form-urlencoded", `a=1&b=2`, Form},
		{"text/plain", `hello`, Text},
		{"application/json", "\xff\xfe{}", Binary},
		{"", "a\x00b", Binary},
		{"application/json", ``, Empty},
	} {
		if got := Detect(tc.ct, []byte(tc.body)); got != tc.want {
			t.Errorf("Detect(%q, %q) = %v, want %v", tc.ct, tc.body, got, tc.want)
		}
	}
}

// A reader must learn what the text does not show: that the body came
// compressed, and that a body sent as JSON is not JSON.
func TestDisplaySaysWhatTheTextDoesNotShow(t *testing.T) {
	plain := []byte(`{"id":1}`)
	for _, tc := range []struct {
		name, ct, ce string
		body         []byte
		wantText     string
		wantNote     string
	}{
		{"gzip", "application/json", "gzip", compress(t, gz, plain), "{\n  \"id\": 1\n}",
			"arrived gzip-compressed (32 bytes), shown decoded (8 bytes)"},
		{"gzip twice", "application/json", "gzip, gzip", compress(t, gz, compress(t, gz, plain)), "{\n  \"id\": 1\n}",
			"arrived gzip+gzip-compressed"},
		{"invalid JSON", "application/json; charset=utf-8", "", []byte(`{"id": 1,}`), `{"id": 1,}`,
			"sent as application/json but is not valid JSON (invalid character '}' looking for beginning of object key string at byte 10); shown as sent"},
		{"truncated JSON", "application/json", "", []byte(`{"id": [1, 2`), `{"id": [1, 2`,
			"sent as application/json but is not valid JSON (unexpected end of JSON input at byte 12)"},
		{"sniffed JSON", "", "", []byte(`{not json}`), `{not json}`, "looks like JSON but is not valid JSON"},
		{"not UTF-8", "application/json", "", []byte("{\"a\":\"\xff\"}"), "", "sent as application/json but not UTF-8"},
		{"NUL", "application/json", "", []byte("{\"a\":\"\x00\"}"), "", "sent as application/json but holds NUL bytes"},
		{"valid", "application/json", "identity", plain, "{\n  \"id\": 1\n}", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			text, _, note := Display(tc.body, tc.ct, tc.ce)
			if tc.wantText != "" && string(text) != tc.wantText {
				t.Errorf("text %q, want %q", text, tc.wantText)
			}
			if tc.wantNote == "" && note != "" || !strings.Contains(note, tc.wantNote) {
				t.Errorf("note %q, want %q", note, tc.wantNote)
			}
		})
	}
}

// A gzip bomb inflates no further than the cap (plus the one byte that
// tells it is longer): 100 MB of zeros, about 100 KB gzipped.
func TestDisplayLimitInflatesAtMostTheCap(t *testing.T) {
	var b bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&b, gzip.BestCompression)
	chunk := make([]byte, 1<<20)
	for i := 0; i < 100; i++ {
		zw.Write(chunk)
	}
	zw.Close()
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	text, _, note := DisplayLimit(b.Bytes(), "application/octet-stream", "gzip", ShowLimit)
	runtime.ReadMemStats(&after)
	if !strings.Contains(note, "the first 256.0 KiB of 100.0 MiB decoded") {
		t.Errorf("note %q", note)
	}
	if want := len(hex.Dump(make([]byte, ShowLimit))); len(text) != want {
		t.Errorf("shown %d bytes, want the hex dump of %d", len(text), ShowLimit)
	}
	// The cap, its hex dump (5x) and the inflaters' windows: far from 100 MB.
	if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 8<<20 {
		t.Errorf("decoding allocated %d KiB", alloc>>10)
	}
}

// Two formatters once put "5.8 MiB" beside a caption saying "5.2 MiB" for
// one body; sizes are written one way, in powers of 1024.
func TestSizeIsWrittenOneWay(t *testing.T) {
	for n, want := range map[int64]string{0: "0 B", 1023: "1023 B", 1024: "1.0 KiB", 256 << 10: "256.0 KiB",
		5<<20 + 200<<10: "5.2 MiB", 100 << 20: "100.0 MiB", 3 << 30: "3.0 GiB"} {
		if got := Size(n); got != want {
			t.Errorf("Size(%d) = %q, want %q", n, got, want)
		}
	}
}
