package cli

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hookscope/hookscope/capture"
	"github.com/hookscope/hookscope/capture/capturetest"
	"github.com/hookscope/hookscope/capture/store"
	"github.com/hookscope/hookscope/decode"
)

// The expected signature of an invalid delivery was printed whole: a valid
// signature, under the real secret, for a body the sender chose.
func TestInvalidSignatureShowsOnlyAPrefixOfTheExpectedValue(t *testing.T) {
	db := filepath.Join(t.TempDir(), "h.db")
	env := map[string]string{"HOME": t.TempDir(), "HOOKSCOPE_SPIFFY_SECRET": "s3cret", "BAD": "wrong"}
	o := newOptions(func(k string) string { return env[k] })
	if err := o.resolve(); err != nil {
		t.Fatal(err)
	}
	st, err := store.Open(context.Background(), db, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	opts, err := o.captureOptions(context.Background(), st)
	if err != nil {
		t.Fatal(err)
	}
	ts := capturetest.Start(t, capture.New(st, opts...))
	defer st.Close()
	defer ts.Close()
	if r := runCLI(t, env, "send", "spiffy/orders-create", "--to", ts.URL, "--secret-env", "BAD"); r.code != 0 {
		t.Fatalf("send: %+v", r)
	}
	listed := runCLI(t, env, "list", "--db", db, "--json").stdout
	var row struct{ ID string }
	json.Unmarshal([]byte(strings.TrimSpace(listed)), &row)
	d, err := st.Get(context.Background(), row.ID)
	if err != nil {
		t.Fatal(err)
	}
	m := hmac.New(sha256.New, []byte("s3cret"))
	m.Write(d.Body)
	expected := hex.EncodeToString(m.Sum(nil))
	prefix := expected[:decode.ExpectedPrefixLen]

	text := runCLI(t, env, "show", row.ID, "--db", db)
	if !strings.Contains(text.stdout, "signature   invalid") || !strings.Contains(text.stdout, "expected  "+prefix+"…") {
		t.Errorf("show lacks the verdict or the expected prefix %s:\n%s", prefix, text.stdout)
	}
	shown := runCLI(t, env, "show", row.ID, "--db", db, "--json").stdout
	var j struct{ Signature decode.Signature }
	if err := json.Unmarshal([]byte(shown), &j); err != nil || j.Signature.ExpectedPrefix != prefix {
		t.Errorf("show --json signature %+v (%v); want expected_prefix %s", j.Signature, err, prefix)
	}
	for name, out := range map[string]string{"show": text.stdout, "show --json": shown, "list --json": listed, "stored signature": d.Signature} {
		if strings.Contains(strings.ToLower(out), expected[:decode.ExpectedPrefixLen+1]) {
			t.Errorf("%s shows more than %d characters of the expected signature %s:\n%s", name, decode.ExpectedPrefixLen, expected, out)
		}
	}
}
