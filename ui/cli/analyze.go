package cli

import (
	"encoding/json"

	"github.com/hookscope/hookscope/capture/store"
	"github.com/hookscope/hookscope/decode"
	"github.com/hookscope/hookscope/decode/registry"
)

// analyzeLimit caps how much of a compressed body capture decodes to
// analyse it; display decodes up to 64 MiB later, off the request path.
const analyzeLimit = 4 << 20

// storedSignature is the part of a signature check kept with a delivery.
type storedSignature struct {
	Status decode.SigStatus `json:"status"`
	Scheme string           `json:"scheme,omitempty"`
	Reason string           `json:"reason,omitempty"`
}

// annotator fills in provider, topic, signature and summary at capture.
func annotator(a *registry.Analyzer) func(*store.Delivery) {
	return func(d *store.Delivery) {
		r := decode.NewRequestLimit(d.Method, d.URI, d.Headers, d.Body, analyzeLimit)
		res := a.Analyze(r)
		d.Provider, d.Topic, d.Summary = res.Detection.Provider, res.Detection.Topic, res.Summary
		sig, _ := json.Marshal(storedSignature{res.Signature.Status, res.Signature.Scheme, res.Signature.Reason})
		d.Signature = string(sig)
	}
}
