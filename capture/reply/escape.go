package reply

import (
	"encoding/json"
	"fmt"
	"math/big"
	"mime"
	"strings"
	"text/template"
	tparse "text/template/parse"
)

// JSON reply bodies are templates of JSON text, and the values put into
// them come from the delivery: an id like `SKU "A" 12` written raw into
// "ref_id": "{{…}}" ends the string early. So every action of a JSON
// template is escaped for where it stands, as html/template does for
// HTML: inside a JSON string its text is escaped as string content, outside
// one the value is written as a JSON value (a string quoted, a number as a
// number, absent as null). Helpers that already produce JSON (json, cents,
// int, raw) return jsonText, which is written as it is.

// jsonText is text that is already JSON and is written unescaped.
type jsonText string

// Names of the escapers appended to every action; not for templates.
const (
	escString = "_hookscope_json_string"
	escValue  = "_hookscope_json_value"
)

func init() {
	funcs[escString] = escapeInString
	funcs[escValue] = escapeValue
}

// isJSON reports whether a reply with these headers has a JSON body: no
// Content-Type (the default reply type) or a JSON media type.
func isJSON(headers map[string]string) bool {
	ct := ""
	for k, v := range headers {
		if strings.EqualFold(k, "Content-Type") {
			ct = v
		}
	}
	if ct == "" {
		return true
	}
	mt, _, err := mime.ParseMediaType(ct)
	return err == nil && (mt == "application/json" || strings.HasSuffix(mt, "+json"))
}

// escapeJSON rewrites t so that every action's output is JSON-escaped for
// its place in the text.
func escapeJSON(t *template.Template) {
	for _, tt := range t.Templates() {
		if tt.Tree != nil && tt.Tree.Root != nil {
			escapeList(tt.Tree, tt.Tree.Root, false)
		}
	}
}

// escapeList walks a list of nodes, tracking whether the text so far has
// left an open JSON string; it returns that state at the list's end.
func escapeList(tree *tparse.Tree, list *tparse.ListNode, inString bool) bool {
	if list == nil {
		return inString
	}
	for _, n := range list.Nodes {
		switch n := n.(type) {
		case *tparse.TextNode:
			inString = scanJSON(n.Text, inString)
		case *tparse.ActionNode:
			if len(n.Pipe.Decl) > 0 {
				continue // {{$x := …}} writes nothing
			}
			name := escValue
			if inString {
				name = escString
			}
			n.Pipe.Cmds = append(n.Pipe.Cmds, &tparse.CommandNode{NodeType: tparse.NodeCommand, Pos: n.Pos,
				Args: []tparse.Node{tparse.NewIdentifier(name).SetTree(tree).SetPos(n.Pos)}})
		case *tparse.IfNode:
			escapeList(tree, n.ElseList, inString)
			inString = escapeList(tree, n.List, inString)
		case *tparse.RangeNode:
			escapeList(tree, n.ElseList, inString)
			inString = escapeList(tree, n.List, inString)
		case *tparse.WithNode:
			escapeList(tree, n.ElseList, inString)
			inString = escapeList(tree, n.List, inString)
		}
	}
	return inString
}

// scanJSON follows JSON text from state inString and returns whether it
// ends inside a string.
func scanJSON(text []byte, inString bool) bool {
	for i := 0; i < len(text); i++ {
		switch c := text[i]; {
		case inString && c == '\\':
			i++
		case c == '"':
			inString = !inString
		}
	}
	return inString
}

// escapeInString writes v's text as the content of a JSON string: quotes,
// backslashes, control characters, <, >, & and U+2028/U+2029 escaped.
func escapeInString(v any) string {
	var s string
	switch x := v.(type) {
	case jsonText:
		s = string(x)
	case *big.Rat:
		s = ratText(x)
	default:
		s = fmt.Sprint(v)
	}
	b, _ := json.Marshal(s)
	return string(b[1 : len(b)-1])
}

// escapeValue writes v as a JSON value.
func escapeValue(v any) (string, error) {
	switch x := v.(type) {
	case jsonText:
		return string(x), nil
	case *big.Rat:
		return ratText(x), nil
	}
	b, err := json.Marshal(v)
	if err != nil {
		b, err = json.Marshal(fmt.Sprint(v))
	}
	return string(b), err
}

// ratText is an exact amount as a JSON number: every decimal amount has a
// finite expansion; other fractions (a third) get ten places.
func ratText(r *big.Rat) string {
	if r.IsInt() {
		return r.RatString()
	}
	if s, exact := r.FloatPrec(); exact {
		return r.FloatString(s)
	}
	return r.FloatString(10)
}
