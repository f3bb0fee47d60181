package content

import (
	"bytes"
	"compress/flate"
	"compress/gzip"
	"compress/zlib"
	"errors"
	"io"
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
