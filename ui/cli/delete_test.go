package cli

import (
	"bytes"
	"context"
	"strings"
	"testing"
)

// runAtTerminal runs the CLI as from a terminal, typing input.
func runAtTerminal(t *testing.T, env map[string]string, input string, args ...string) result {
	t.Helper()
	var stdout, stderr bytes.Buffer
	e := Env{
		Stdin: strings.NewReader(input), Stdout: &stdout, Stderr: &stderr,
		Getenv:     func(k string) string { return env[k] },
		IsTerminal: func() bool { return true },
	}
	code := Run(context.Background(), args, e)
	return result{code, stdout.String(), stderr.String()}
}

func TestDeleteSaysHowManyAndAsksOnATerminal(t *testing.T) {
	s := selectionStore(t)
	all := []string{s.validSpiffy, s.invalidSpiffy, s.vend, s.note}

	// Without a terminal and without --yes: refused, in one line that
	// says how many and what to pass; nothing deleted.
	r := runCLI(t, s.env, "delete", "--db", s.db, "--filter", "provider:spiffy")
	wantUsage(t, r, "2 deliveries match", "pass --yes")
	if strings.Count(r.stderr, "\n") != 1 {
		t.Errorf("not one line: %q", r.stderr)
	}
	if got := s.listed(t); !sameIDs(got, all...) {
		t.Fatalf("a refused delete deleted: %v left", got)
	}

	// On a terminal: the question names the count; anything but y keeps them.
	for _, answer := range []string{"n\n", "\n", "", "yes please\n"} {
		r = runAtTerminal(t, s.env, answer, "delete", "--db", s.db, "--filter", "provider:spiffy")
		if r.code != 1 || !strings.Contains(r.stderr, "delete 2 deliveries? [y/N] ") || !strings.Contains(r.stderr, "nothing deleted") {
			t.Errorf("answer %q: %+v", answer, r)
		}
	}
	if got := s.listed(t); !sameIDs(got, all...) {
		t.Fatalf("a declined delete deleted: %v left", got)
	}
	r = runAtTerminal(t, s.env, "y\n", "delete", "--db", s.db, "--filter", "provider:spiffy")
	if r.code != 0 || r.stdout != "deleted 2 deliveries\n" {
		t.Fatalf("delete, answered y: %+v", r)
	}
	if got := s.listed(t); !sameIDs(got, s.vend, s.note) {
		t.Fatalf("after deleting provider:spiffy: %v", got)
	}

	// --yes, by a free-text filter and by an id suffix.
	if r := runCLI(t, s.env, "delete", "--db", s.db, "--filter", `"order 1402"`, "--yes"); r.code != 0 || r.stdout != "deleted 1 delivery\n" {
		t.Fatalf("delete --yes: %+v", r)
	}
	if r := runCLI(t, s.env, "delete", "--db", s.db, s.vend[len(s.vend)-6:], "--yes"); r.code != 0 || r.stdout != "deleted 1 delivery\n" {
		t.Fatalf("delete by id suffix: %+v", r)
	}
	if r := runCLI(t, s.env, "list", "--db", s.db); !strings.Contains(r.stderr, "no deliveries yet") {
		t.Errorf("after deleting every delivery: %+v", r)
	}
	if r := runCLI(t, s.env, "delete", "--db", s.db, "--all", "--yes"); r.code != 0 || !strings.Contains(r.stderr, "no deliveries match; nothing deleted") {
		t.Errorf("delete of nothing: %+v", r)
	}
}

// answerAfter is stdin that first runs arrive (a delivery comes in while
// the question waits), then answers.
type answerAfter struct {
	arrive func()
	answer *strings.Reader
}

func (a *answerAfter) Read(p []byte) (int, error) {
	if a.arrive != nil {
		a.arrive()
		a.arrive = nil
	}
	return a.answer.Read(p)
}

// The question names a count; a delivery matching the filter that
// arrives while it waits is not deleted with the ones counted.
func TestDeleteTakesOnlyWhatWasCounted(t *testing.T) {
	s := selectionStore(t)
	var stdout, stderr bytes.Buffer
	in := &answerAfter{answer: strings.NewReader("y\n"), arrive: func() {
		if r := runCLI(t, s.env, "send", "spiffy/orders-create", "--to", s.url); r.code != 0 {
			t.Fatalf("send: %+v", r)
		}
	}}
	e := Env{Stdin: in, Stdout: &stdout, Stderr: &stderr, Getenv: func(k string) string { return s.env[k] },
		IsTerminal: func() bool { return true }}
	if code := Run(context.Background(), []string{"delete", "--db", s.db, "--filter", "provider:spiffy"}, e); code != 0 ||
		!strings.Contains(stderr.String(), "delete 2 deliveries?") || stdout.String() != "deleted 2 deliveries\n" {
		t.Fatalf("delete: %d %q %q", code, stdout.String(), stderr.String())
	}
	if got := s.listed(t, "--filter", "provider:spiffy"); len(got) != 1 || got[0] == s.validSpiffy || got[0] == s.invalidSpiffy {
		t.Errorf("spiffy deliveries left: %v, want only the one that came during the question", got)
	}
}

func TestDeleteUsage(t *testing.T) {
	s := selectionStore(t)
	wantUsage(t, runCLI(t, s.env, "delete", "--db", s.db), "delete takes delivery ids, --filter EXPR")
	wantUsage(t, runCLI(t, s.env, "delete", "--db", s.db, "--all", "--filter", "1402"), "--all")
	wantUsage(t, runCLI(t, s.env, "delete", "--db", s.db, s.vend, "--filter", "1402"), "ids or --filter")
	r := runCLI(t, s.env, "delete", "--db", s.db, "NOSUCHID", "--yes")
	if r.code != 1 || !strings.Contains(r.stderr, "NOSUCHID") {
		t.Errorf("delete of an unknown id: %+v", r)
	}
	if got := s.listed(t); len(got) != 4 {
		t.Errorf("%d deliveries left, want 4", len(got))
	}
	if r := runCLI(t, s.env, "delete", "--db", s.db+".none", "--all", "--yes"); r.code != 1 || !strings.Contains(r.stderr, "no store at") {
		t.Errorf("delete in no store: %+v", r)
	}
}

func TestMarkFindsKeepsAndUnmarks(t *testing.T) {
	s := selectionStore(t)
	r := runCLI(t, s.env, "mark", "--db", s.db, s.vend, s.note[len(s.note)-6:], s.vend)
	if r.code != 0 || r.stdout != "marked 2 deliveries\n" {
		t.Fatalf("mark: %+v", r)
	}
	if got := s.listed(t, "--filter", "is:marked"); !sameIDs(got, s.vend, s.note) {
		t.Errorf("is:marked = %v", got)
	}
	lines := jsonLines(t, runCLI(t, s.env, "list", "--db", s.db, "--json").stdout)
	for i, want := range []bool{false, false, true, true} {
		if lines[i]["marked"] != want {
			t.Errorf("list --json line %d: marked %v, want %v", i+1, lines[i]["marked"], want)
		}
	}
	if r := runCLI(t, s.env, "mark", "--db", s.db, "--filter", "provider:vend OR sig:invalid"); r.stdout != "marked 1 delivery; 1 already marked\n" {
		t.Errorf("mark --filter: %+v", r)
	}
	// The count and the question say how many marked ones a delete takes.
	r = runCLI(t, s.env, "delete", "--db", s.db, "--filter", "-provider:spiffy OR sig:valid")
	wantUsage(t, r, "3 deliveries (2 marked) match")
	wantUsage(t, runCLI(t, s.env, "delete", "--db", s.db, s.vend), "1 delivery (1 marked) matches; not a terminal")
	if r := runCLI(t, s.env, "mark", "--db", s.db, "--unmark", s.vend); r.stdout != "unmarked 1 delivery\n" {
		t.Errorf("unmark: %+v", r)
	}
	if got := s.listed(t, "--filter", "is:marked"); !sameIDs(got, s.invalidSpiffy, s.note) {
		t.Errorf("is:marked after unmark = %v", got)
	}
	wantUsage(t, runCLI(t, s.env, "mark", "--db", s.db), "mark takes delivery ids")
	wantUsage(t, runCLI(t, s.env, "mark", "--db", s.db, "--unmark"), "unmark takes delivery ids")
}
