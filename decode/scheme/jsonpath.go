package scheme

import (
	"bytes"
	"encoding/json"
	"strings"
)

// jsonDoc decodes a body at most once for the {json:…} parts and JSON
// signature and timestamp locations a Spec uses.
type jsonDoc struct {
	done bool
	root any
}

// lookup returns the text of the value at a dotted path: strings as they
// are, numbers as written, other values as compact JSON.
func (d *jsonDoc) lookup(body []byte, path string) (string, bool) {
	if d == nil {
		return "", false
	}
	if !d.done {
		d.done = true
		dec := json.NewDecoder(bytes.NewReader(body))
		dec.UseNumber()
		if dec.Decode(&d.root) != nil {
			d.root = nil
		}
	}
	v := d.root
	for _, k := range strings.Split(path, ".") {
		m, ok := v.(map[string]any)
		if !ok {
			return "", false
		}
		if v, ok = m[k]; !ok {
			return "", false
		}
	}
	switch v := v.(type) {
	case string:
		return v, true
	case json.Number:
		return v.String(), true
	case nil:
		return "", false
	default:
		b, _ := json.Marshal(v)
		return string(b), true
	}
}
