package report

import (
	"github.com/hookscope/hookscope/decode"
	"github.com/hookscope/hookscope/decode/registry"
	"github.com/hookscope/hookscope/ui/format"
	"github.com/hookscope/hookscope/ui/sanitize"
)

// Signature is the signature check explained.
type Signature struct {
	Status decode.SigStatus
	// Badge is the status's one-character mark (✓ ✗ ! – ?).
	Badge string
	// Reason says why the status is what it is.
	Reason string
	// Details are scheme, header, what is signed and the encoding, where
	// known.
	Details []Row
	// Mismatch, for an invalid signature, is what came and the start of
	// what the secret gives.
	Mismatch []Row
	// SecretFrom says where the secret in use came from (never its value);
	// "" when none is in use.
	SecretFrom string
	// SetSecret says where a secret can be set, when the provider signs
	// and none is in use or the one in use gave an invalid signature;
	// SetSecretTitle introduces it.
	SetSecret      []Row
	SetSecretTitle string
}

// ExpectedNote follows the expected prefix: why only the start is shown.
const ExpectedNote = "… (the start only: the whole value would sign a body anyone chose)"

func newSignature(in registry.Inspection) Signature {
	s := in.Signature
	out := Signature{Status: s.Status, Badge: format.Badge(s.Status), Reason: sanitize.Line(s.Reason)}
	for _, r := range []Row{{"scheme", s.Scheme}, {"header", s.Header}, {"signed", s.Signed}, {"encoding", s.Encoding}} {
		if r.Value != "" {
			out.Details = append(out.Details, Row{r.Label, sanitize.Line(r.Value)})
		}
	}
	if s.Status == decode.SigInvalid {
		if s.Received != "" {
			out.Mismatch = append(out.Mismatch, Row{"received", sanitize.Line(s.Received)})
		}
		if s.ExpectedPrefix != "" {
			out.Mismatch = append(out.Mismatch, Row{"expected", sanitize.Line(s.ExpectedPrefix) + ExpectedNote})
		}
	}
	if in.SecretFrom != "" {
		out.SecretFrom = "from " + sanitize.Line(in.SecretFrom) + " (its value is never shown)"
	}
	switch {
	case in.SecretConfig == "":
	case in.SecretFrom == "":
		out.SetSecretTitle = "To check signatures, set the secret"
	case s.Status == decode.SigInvalid:
		out.SetSecretTitle = "To check with another secret, set it"
	}
	if out.SetSecretTitle != "" {
		out.SetSecret = []Row{
			{"in the config file (--config)", in.SecretConfig},
			{"or in the environment", in.SecretEnv},
		}
	}
	return out
}
