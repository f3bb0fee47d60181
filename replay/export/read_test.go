package export

import (
	"bytes"
	"net/http"
	"strings"
	"testing"
)

// TestBadFilesNameTheEntryAndField: every refusal says where.
func TestBadFilesNameTheEntryAndField(t *testing.T) {
	good := `{"id":"01A","received_at":"2024-05-01T12:00:00Z","method":"POST","uri":"/x","proto":"HTTP/1.1","host":"h","remote_addr":"","headers":{},"body":"","size":0,"declared_length":-1,"truncated":false,"provider":"","topic":"","signature":null,"summary":"","reply":{"status":200,"duration_ms":1,"rule":"","headers":{},"body":""}}`
	har := func(entry string) string {
		return `{"log":{"version":"1.2","creator":{"name":"x","version":"1"},"entries":[` + entry + `]}}`
	}
	for _, c := range []struct {
		name, data, want string
	}{
		{"ndjson body encoding", good + "\n" + strings.Replace(good, `"body":""`, `"body":"%%","body_encoding":"base64"`, 1), "line 2: body: not base64"},
		{"ndjson time", strings.Replace(good, `2024-05-01T12:00:00Z`, `yesterday`, 1), "line 1: received_at:"},
		{"ndjson type", strings.Replace(good, `"size":0`, `"size":"big"`, 1), "line 1: size: want int64"},
		{"ndjson unknown field", strings.Replace(good, `"size":0`, `"sise":0`, 1), "line 1: sise: not a field"},
		{"ndjson header value", strings.Replace(good, `"headers":{}`, `"headers":{"X":["a\r\nInjected: 1"]}`, 1), "line 1: headers.X: value"},
		{"ndjson method", strings.Replace(good, `"POST"`, `"PO ST"`, 1), "line 1: method:"},
		{"ndjson without body", strings.Replace(good, `"body":"",`, ``, 1), "line 1: body: missing"},
		{"har url", har(`{"startedDateTime":"2024-05-01T12:00:00Z","request":{"method":"GET","url":"ftp://x/"},"response":{}}`), "entries[0]: request.url:"},
		{"har time", har(`{"request":{"method":"GET","url":"http://x/"},"response":{}}`), "entries[0]: startedDateTime: missing"},
		{"har header", har(`{"startedDateTime":"2024-05-01T12:00:00Z","request":{"method":"GET","url":"http://x/","headers":[{"name":"a b","value":"1"}]},"response":{}}`), "entries[0]: request.headers[0].name:"},
		{"har encoding", har(`{"startedDateTime":"2024-05-01T12:00:00Z","request":{"method":"POST","url":"http://x/","postData":{"mimeType":"","text":"x","encoding":"rot13"}},"response":{}}`), `entries[0]: request.postData.text: unknown encoding "rot13"`},
		{"har no log", `{"log":null}`, "HAR: log: missing"},
		{"curl option", "curl http://x/ --upload-file f", "command 1 (line 1): --upload-file: a curl option"},
		{"curl expansion", "curl http://x/\ncurl -H \"X: $(id)\" http://x/", "line 2: shell expansion"},
		{"curl file body", "# two\ncurl http://x/\n\ncurl --data-binary @body.json http://x/", "command 2 (line 4): --data-binary:"},
		{"curl no url", "curl -X POST", "command 1 (line 1): url: missing"},
		{"curl quote", "curl 'http://x/", "line 1: a single quote is never closed"},
	} {
		t.Run(c.name, func(t *testing.T) {
			f, err := Detect("file", []byte(c.data))
			if err != nil {
				t.Fatalf("detect: %v", err)
			}
			_, err = Read(f, []byte(c.data))
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("error %v, want it to say %q", err, c.want)
			}
		})
	}
	if _, err := Detect("x.json", []byte("GET / HTTP/1.1\r\n")); err == nil || !strings.Contains(err.Error(), "not HAR, NDJSON or curl") {
		t.Errorf("unknown content: %v", err)
	}
}

// TestDevtoolsCopyAsCurlImports reads Chrome's "Copy as cURL (bash)",
// which quotes with $'…'.
func TestDevtoolsCopyAsCurlImports(t *testing.T) {
	cmd := `curl 'https://shop.example/webhooks/spiffy' \
  -H 'content-type: application/json' \
  -H $'x-note: it\'s \x41' \
  --data-raw $'{"a":"\u00e9\\n"}' \
  --compressed`
	items, err := Read(Curl, []byte(cmd))
	if err != nil {
		t.Fatal(err)
	}
	d := items[0].Delivery
	if d.Method != "POST" || d.Host != "shop.example" || d.URI != "/webhooks/spiffy" || d.Headers.Get("X-Note") != "it's A" ||
		string(d.Body) != `{"a":"é\n"}` || d.Headers.Get("Content-Type") != "application/json" {
		t.Errorf("read %s %s %s %v %q", d.Method, d.Host, d.URI, d.Headers, d.Body)
	}
}

// TestRedactBlanksNamedHeadersAndScrubsSecrets: in every format, the named
// headers' values are gone, and a configured secret (here a token sent as
// is, GitLab style, and echoed in the query and body) appears nowhere.
func TestRedactBlanksNamedHeadersAndScrubsSecrets(t *testing.T) {
	const secret = "s3cr3t-token-value"
	d := hostileDeliveries(t)[0]
	d.Headers = d.Headers.Clone()
	d.Headers["Authorization"] = []string{"Bearer abc.def"}
	d.Headers["Cookie"] = []string{"session=xyz123"}
	d.Headers["X-Gitlab-Token"] = []string{secret}
	d.URI = "/hook?token=" + secret
	d.Body = []byte(`{"echo":"` + secret + `"}`)
	d.ReplyHeaders = http.Header{"Set-Cookie": {"session=xyz123"}}
	for _, f := range Formats {
		var buf bytes.Buffer
		x, _ := NewWriter(&buf, f, Options{Redact: []string{"authorization,cookie", "set-cookie"}, Secrets: [][]byte{[]byte(secret)}})
		if err := x.Write(d, nil); err != nil {
			t.Fatal(err)
		}
		x.Close()
		out := buf.String()
		for _, leak := range []string{secret, "abc.def", "xyz123"} {
			if strings.Contains(out, leak) {
				t.Errorf("%s export holds %q", f, leak)
			}
		}
		if !strings.Contains(out, Redacted) {
			t.Errorf("%s export does not say what was redacted", f)
		}
	}
	if d.Headers.Get("Authorization") == "" || !bytes.Contains(d.Body, []byte(secret)) {
		t.Error("redaction changed the stored delivery")
	}
}
