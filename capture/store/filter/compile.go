package filter

import (
	"fmt"
	"strings"
	"time"
)

// Compile turns e into a WHERE condition on the deliveries table (columns
// unqualified, so the table may be aliased) and its arguments, in order,
// for the condition's `?` placeholders. User values only ever travel as
// arguments. now anchors relative times (`after:2h`) and gives the zone for
// dates written without one. A nil e compiles to "1": everything.
//
// Every condition it produces is true or false, never NULL, so a negated
// term selects exactly the deliveries the term does not.
func Compile(e Expr, now time.Time) (where string, args []any, err error) {
	if e == nil {
		return "1", nil, nil
	}
	c := &compiler{now: now}
	if err := c.expr(e, 0); err != nil {
		return "", nil, err
	}
	return c.sql.String(), c.args, nil
}

type compiler struct {
	now   time.Time
	sql   strings.Builder
	args  []any
	terms int
}

func (c *compiler) expr(e Expr, depth int) error {
	if depth > maxDepth*2 {
		return errorf(e.Pos(), "", "nested more than %d deep", maxDepth)
	}
	switch e := e.(type) {
	case *And:
		return c.and(e, depth)
	case *Or:
		if len(e.Terms) == 0 {
			return errorf(1, "", "empty OR")
		}
		c.sql.WriteString("(")
		for i, t := range e.Terms {
			if i > 0 {
				c.sql.WriteString(" OR ")
			}
			if err := c.expr(t, depth+1); err != nil {
				return err
			}
		}
		c.sql.WriteString(")")
	case *Not:
		if e.X == nil {
			return errorf(e.At, "", "- with no term after it")
		}
		c.sql.WriteString("NOT ")
		return c.expr(e.X, depth+1)
	case *Text:
		return c.match([]*Text{e})
	case *Field:
		if err := c.count(e.At); err != nil {
			return err
		}
		f, err := compileField(e, c.now)
		if err != nil {
			return err
		}
		c.sql.WriteString(f.sql)
		c.args = append(c.args, f.args...)
	case nil:
		return errorf(1, "", "missing term")
	default:
		return fmt.Errorf("filter: unknown expression %T", e)
	}
	return nil
}

// and compiles the free-text terms it holds directly as one FTS5 query
// (FTS5 ANDs the phrases of a query), one index lookup instead of several.
func (c *compiler) and(e *And, depth int) error {
	if len(e.Terms) == 0 {
		return errorf(1, "", "empty AND")
	}
	var texts []*Text
	var rest []Expr
	for _, t := range e.Terms {
		if tx, ok := t.(*Text); ok {
			texts = append(texts, tx)
		} else {
			rest = append(rest, t)
		}
	}
	c.sql.WriteString("(")
	if len(texts) > 0 {
		if err := c.match(texts); err != nil {
			return err
		}
	}
	for i, t := range rest {
		if i > 0 || len(texts) > 0 {
			c.sql.WriteString(" AND ")
		}
		if err := c.expr(t, depth+1); err != nil {
			return err
		}
	}
	c.sql.WriteString(")")
	return nil
}

func (c *compiler) count(pos int) error {
	if c.terms++; c.terms > maxTerms {
		return errorf(pos, "", "more than %d terms", maxTerms)
	}
	return nil
}

// match looks the phrases up in the full-text index; rowid there is the
// delivery's seq.
func (c *compiler) match(texts []*Text) error {
	phrases := make([]string, 0, len(texts))
	for _, t := range texts {
		if err := c.count(t.At); err != nil {
			return err
		}
		if !hasWordChar(t.Text) {
			return errorf(t.At, "free text matches words and numbers", "nothing to search for in %s", Quote(t.Text))
		}
		// Inside an FTS5 string only the double quote is special, and it
		// is escaped by doubling: the user's text cannot become syntax.
		// SQLite reads the query as a C string: a NUL would end it early.
		text := strings.ReplaceAll(t.Text, "\x00", " ")
		p := `"` + strings.ReplaceAll(text, `"`, `""`) + `"`
		if t.Prefix {
			p += "*"
		}
		phrases = append(phrases, p)
	}
	c.sql.WriteString("seq IN (SELECT rowid FROM " + FTSTable + " WHERE " + FTSTable + " MATCH ?)")
	c.args = append(c.args, strings.Join(phrases, " "))
	return nil
}
