package scheme

import (
	"testing"
	"time"
)

// FuzzVerify feeds arbitrary signature headers, timestamps and bodies to
// every built-in scheme: each must answer with a status, never panic.
func FuzzVerify(f *testing.F) {
	for _, v := range vectors() {
		sig := ""
		for k := range v.header {
			sig = v.header.Get(k)
		}
		f.Add(sig, "1700000000", v.body)
	}
	f.Add("t=,v1=", "", "")
	f.Add("v1, v1a,=", "2019-11-16T10:11:12Z", `{"signature":{"signature":7}}`)
	f.Add("ts=1;h1=;;", "-99999999999999999999", "a=%zz")
	f.Fuzz(func(t *testing.T, sig, ts, body string) {
		for _, s := range Builtins {
			for _, sp := range append([]Spec{*s}, s.Alternates...) {
				h := hdr("Content-Type", "application/x-www-form-urlencoded")
				if sp.Header != "" {
					h.Set(sp.Header, sig)
				}
				for _, k := range []string{sp.TimestampHeader, sp.IDHeader} {
					if k != "" {
						h.Set(k, ts)
					}
				}
				r := s.Verify(Input{Method: "POST", URL: "https://x.example/?bodySHA256=" + ts, Header: h, Body: []byte(body),
					ReceivedAt: time.Unix(1700000000, 0), Secrets: secrets("whsec_AAAA", ts)})
				switch r.Status {
				case Valid, Invalid, Stale, Missing, Malformed:
				default:
					t.Fatalf("%s: status %q", sp.ID, r.Status)
				}
			}
		}
	})
}
