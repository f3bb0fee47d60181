package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hookscope/hookscope/decode/registry"
)

// leak is the first piece of secret, 6 characters or more (prefixes leak
// too), found in msg that is not also in the text around the secret or in
// hookscope's own wording; "" when there is none.
func leak(secret, msg, around string) string {
	const n = 6
	safe := around + "\n" + messageWords()
	for i := 0; i+n <= len(secret); i++ {
		w := secret[i : i+n]
		if strings.Contains(msg, w) && !strings.Contains(safe, w) {
			return w
		}
	}
	return ""
}

// messageWords is every fixed word config errors are made of.
func messageWords() string {
	var b strings.Builder
	for _, p := range parseProblems {
		b.WriteString(p.say + "\n")
	}
	for _, t := range []string{"string", "int64", "float64", "bool", "slice", "map", "integer", "float", "table", "array"} {
		b.WriteString(tomlType(t) + "\n")
	}
	for k := range keysOf(Config{}, registry.IDs()...) {
		// Keys are shown dotted and in backticks: `providers.spiffy.secret`.
		b.WriteString("`" + k + "` `" + k + ". ." + k + "` ." + k + ". …." + k + " " + k + ".…\n")
	}
	b.WriteString(strings.Join(registry.IDs(), ", ") + "\n")
	b.WriteString("config line key somewhere not valid TOML here the value is want unknown key under unknown provider (known: " +
		"unknown table at the top level (known: db, listen, max_body, keep, keep_bytes, keep_for, public_url, mouse, [providers.ID], [[routes]]) " +
		"must be between 1 and 536870912 bytes (512 MiB), got " + keepAllHint + " file does not exist\n" +
		strings.Join([]string{sizeWant, sizeNegative, sizeTooLarge, ageWant, ageNegative, ageTooLong, ageWantInConfig}, "\n"))
	return b.String()
}

// secretShapes put a secret on a secret line the ways people get it wrong.
var secretShapes = []func(s string) string{
	func(s string) string { return `secret = "` + s + `"` },
	func(s string) string { return `secret = ` + s },
	func(s string) string { return `secret = "` + s },
	func(s string) string { return `secret = '` + s },
	func(s string) string { return `secret = """` + s },
	func(s string) string { return `secret = ` + s + `"` },
	func(s string) string { return `secret = "` + s[:len(s)/2] + "\n" + s[len(s)/2:] + `"` },
	func(s string) string { return `secret = [` + s + `]` },
	func(s string) string { return `secret = { ` + s + ` }` },
	func(s string) string { return `secret = "` + s + `" ` + s },
	func(s string) string { return `secret = '''` + s + "\n" + s },
}

// configWithSecret is a config file with secret on spiffy's secret line,
// garbage before and after.
func configWithSecret(secret string, shape uint8, before, after string) (text, around string) {
	head := "listen = \"127.0.0.1:0\"\n" + before + "\n[providers.spiffy]\n"
	tail := "\n" + after + "\n[providers.vend]\nsecret = \"v\"\n"
	line := secretShapes[int(shape)%len(secretShapes)](secret)
	return head + line + tail, head + strings.ReplaceAll(line, secret, "\x00") + tail
}

func loadConfigText(t testing.TB, dir, text string) error {
	_, err := parseConfig(filepath.Join(dir, "hookscope.toml"), text, defaultConfig(func(string) string { return "" }))
	return err
}

// TestConfigParseErrorsNameTheLineNotTheSecret: the TOML library's message
// quoted an unquoted secret whole ("expected value but found
// "hunterTwoSecretLetters" instead") and the first characters of a
// base64 one.
func TestConfigParseErrorsNameTheLineNotTheSecret(t *testing.T) {
	dir := t.TempDir()
	for _, c := range []struct{ text, secret, want string }{
		{"[providers.spiffy]\nsecret = hunterTwoSecretLetters\n", "hunterTwoSecretLetters", "line 2, key `providers.spiffy.secret`: the value is not valid TOML (strings need quotes"},
		{"[providers.spiffy]\nsecret = aGVsbG8gd29ybGQgdGhpcyBpcyBh==\n", "aGVsbG8gd29ybGQgdGhpcyBpcyBh==", "line 2, key `providers.spiffy.secret`"},
		{"\n[providers.spiffy]\nsecret = \"whsec_MfKQ9r8GKYqrTwjUPD8\n", "whsec_MfKQ9r8GKYqrTwjUPD8", "line 3, key `providers.spiffy.secret`: a string does not end on its line"},
		{"[providers.spiffy]\nsecret = 2024-01-01Tsecretish\n", "2024-01-01Tsecretish", "line 2"},
		{"[providers.spiffy]\nsecret = 123456789012345678901234\n", "123456789012345678901234", "the number is too large"},
		{"[providers.spiffy]\nsecret = 1234567890\n", "1234567890", "the value is a whole number; want a string"},
		{"[providers.spiffy]\nsecret = \"ok\" trailingSecretPart\n", "trailingSecretPart", "line 2"},
	} {
		err := loadConfigText(t, dir, c.text)
		if err == nil {
			t.Fatalf("%q: no error", c.text)
		}
		if w := leak(c.secret, err.Error(), dir); w != "" {
			t.Errorf("%q: the error shows %q of the secret: %v", c.text, w, err)
		}
		if !strings.Contains(err.Error(), c.want) {
			t.Errorf("%q: %v; want %q", c.text, err, c.want)
		}
	}
}

func TestRepliesImportErrorsDoNotQuoteValues(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "rules.toml")
	for text, line := range map[string]string{
		"[[rule]]\npath = \"/x/\"\nheaders = { Authorization = Bearer hunterTwoSecretLetters }\n":     "line 3",
		"[[rule]]\npath = \"/x/\"\nbody = hunterTwoSecretLetters\n":                                   "line 3, key `rule.body`",
		"[[rule]]\npath = \"/x/\"\n[rule.headers]\nAuthorization = \"Bearer hunterTwoSecretLetters\n": "line 4",
	} {
		os.WriteFile(file, []byte(text), 0o600)
		r := runCLI(t, tempEnv(t), "replies", "import", file, "--db", filepath.Join(dir, "h.db"))
		if r.code == 0 || !strings.Contains(r.stderr, line) {
			t.Errorf("%q: exit %d, %q; want an error naming %s", text, r.code, r.stderr, line)
		}
		if w := leak("hunterTwoSecretLetters", r.stderr, dir); w != "" {
			t.Errorf("%q: the error shows %q: %s", text, w, r.stderr)
		}
	}
}

// FuzzConfigErrorsNeverLeakSecret puts a secret on a secret line in every
// shape of mistake, with garbage around it, and checks that no error
// message shows it or any piece of 6 characters or more. Plain `go test`
// runs the seeds; `go test -fuzz FuzzConfigErrorsNeverLeakSecret` explores.
func FuzzConfigErrorsNeverLeakSecret(f *testing.F) {
	for shape := range secretShapes {
		for _, s := range []string{"hunterTwoSecretLetters", "aGVsbG8gd29ybGQgdGhpcyBpcyBh==", "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2",
			"s3cr3t with spaces and \"quotes\"", "multi\nline\nsecretvalue", "0123456789abcdef0123456789abcdef", "2024-01-01T00:00:00Zsecret"} {
			f.Add(s, uint8(shape), "", "")
		}
	}
	f.Add("hunterTwoSecretLetters", uint8(1), "keep = \"x\"", "topic = [")
	f.Add("hunterTwoSecretLetters", uint8(0), "[[routes]]\nprefix = 1", "= = =")
	f.Add("abcdefghij", uint8(2), "max_body = 99999999999999999999999", "\x00\xff")
	dir := f.TempDir()
	f.Fuzz(func(t *testing.T, secret string, shape uint8, before, after string) {
		if len(secret) < 6 || len(secret)+len(before)+len(after) > 4096 {
			return // a config line is short; long inputs only slow the search
		}
		text, around := configWithSecret(secret, shape, before, after)
		err := loadConfigText(t, dir, text)
		if err == nil {
			return
		}
		if w := leak(secret, err.Error(), around+dir); w != "" {
			t.Fatalf("config error shows %q of the secret:\n%v\nconfig:\n%s", w, err, text)
		}
	})
}
