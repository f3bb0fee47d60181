package filter_test

import (
	"errors"
	"testing"

	"github.com/hookscope/hookscope/capture/store/filter"
)

// FuzzParse feeds arbitrary text through Parse and Compile and runs what
// compiles against a real store: no panic, and every input is either an
// *Error or SQL that SQLite runs without error.
func FuzzParse(f *testing.F) {
	for _, s := range []string{
		"provider:spiffy topic:orders/*", "status:5xx -sig:invalid OR (is:marked replayed:yes)",
		`header:x-foo="a b" json:data.items[0].price>=12.5`, `"quoted \"phrase\"" ord* -x`, "size:>1MB after:2h before:2026-11-30T10:00Z",
		"((a)", "a OR", `json:$.a="" json:a<b`, "stauts:1", "-(-(-a))", `\( \" é 日本`,
	} {
		f.Add(s)
	}
	db := openStore(f)
	f.Fuzz(func(t *testing.T, input string) {
		e, err := filter.Parse(input)
		if err != nil {
			var fe *filter.Error
			if !errors.As(err, &fe) {
				t.Fatalf("Parse(%q) error is %T, not *Error: %v", input, err, err)
			}
			return
		}
		where, args, err := filter.Compile(e, now)
		if err != nil {
			t.Fatalf("Parse(%q) accepted what Compile refuses: %v", input, err)
		}
		rows, err := db.Query(`SELECT id FROM deliveries WHERE `+where, args...)
		if err != nil {
			t.Fatalf("%q: SQL %s %v: %v", input, where, args, err)
		}
		for rows.Next() {
		}
		if err := rows.Err(); err != nil {
			t.Fatalf("%q: SQL %s %v: %v", input, where, args, err)
		}
		rows.Close()
		if e != nil {
			if _, err := filter.Parse(e.String()); err != nil {
				t.Fatalf("String of %q is %q, which does not parse: %v", input, e.String(), err)
			}
		}
	})
}
