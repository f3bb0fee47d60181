package spiffy

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"
)

// xmlToJSON turns a Spiffy XML resource into the JSON the same resource has:
// element names with dashes become snake_case keys, type="integer",
// "decimal" and "boolean" become JSON numbers and booleans, type="array" a
// list of its children, nil="true" null. Numbers keep their text.
func xmlToJSON(body []byte) ([]byte, error) {
	dec := xml.NewDecoder(bytes.NewReader(body))
	for {
		tok, err := dec.Token()
		if err != nil {
			return nil, fmt.Errorf("read XML body: %w", err)
		}
		if start, ok := tok.(xml.StartElement); ok {
			var out bytes.Buffer
			if err := writeElement(&out, dec, start, 0); err != nil {
				return nil, fmt.Errorf("read XML body: %w", err)
			}
			return out.Bytes(), nil
		}
	}
}

const maxXMLDepth = 64

func attr(e xml.StartElement, name string) string {
	for _, a := range e.Attr {
		if a.Name.Local == name {
			return a.Value
		}
	}
	return ""
}

func key(e xml.StartElement) string { return strings.ReplaceAll(e.Name.Local, "-", "_") }

// writeElement writes the value of the element that start opened.
func writeElement(out *bytes.Buffer, dec *xml.Decoder, start xml.StartElement, depth int) error {
	if depth > maxXMLDepth {
		return errors.New("nested too deeply")
	}
	typ := attr(start, "type")
	if attr(start, "nil") == "true" {
		out.WriteString("null")
		return dec.Skip()
	}
	var text strings.Builder
	first := true
	isArray := typ == "array"
	hasChildren := false
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			return errors.New("unexpected end")
		}
		if err != nil {
			return err
		}
		switch t := tok.(type) {
		case xml.CharData:
			text.Write(t)
		case xml.StartElement:
			if !hasChildren {
				hasChildren = true
				if isArray {
					out.WriteByte('[')
				} else {
					out.WriteByte('{')
				}
			}
			if !first {
				out.WriteByte(',')
			}
			first = false
			if !isArray {
				k, _ := json.Marshal(key(t))
				out.Write(k)
				out.WriteByte(':')
			}
			if err := writeElement(out, dec, t, depth+1); err != nil {
				return err
			}
		case xml.EndElement:
			switch {
			case hasChildren && isArray:
				out.WriteByte(']')
			case hasChildren:
				out.WriteByte('}')
			case isArray:
				out.WriteString("[]")
			default:
				writeScalar(out, typ, strings.TrimSpace(text.String()))
			}
			return nil
		}
	}
}

func writeScalar(out *bytes.Buffer, typ, s string) {
	switch typ {
	case "integer", "decimal", "float":
		if json.Valid([]byte(s)) && s != "" && (s[0] == '-' || s[0] >= '0' && s[0] <= '9') {
			out.WriteString(s)
			return
		}
	case "boolean":
		if s == "true" || s == "false" {
			out.WriteString(s)
			return
		}
	}
	b, _ := json.Marshal(s)
	out.Write(b)
}
