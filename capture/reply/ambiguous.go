package reply

import (
	"fmt"
	"strings"

	"github.com/hookscope/hookscope/decode"
	"github.com/hookscope/hookscope/decode/registry"
)

// ambiguousDefault is the default reply for a delivery of provider whose
// topic is ambiguous: when some candidate events expect a reply, the first
// of them whose request type the body fits answers with its documented
// default, and the rule's name says so. AmeriCommerce's order_payment body
// is AuthorizingPayment, CapturingPayment or PaymentProcessed; a plain
// {"ok":true} would decline the first two, which read approved from the
// reply. The topic returned is the event the reply was chosen for.
func ambiguousDefault(provider string, r *decode.Request) (Rule, string, bool) {
	p, ok := registry.Lookup(provider)
	if !ok {
		return Rule{}, "", false
	}
	det, _ := p.Detect(r)
	if !det.Ambiguous() {
		return Rule{}, "", false
	}
	payload, err := p.Payload(r)
	if err != nil {
		return Rule{}, "", false
	}
	var expecting []string
	chosen := ""
	for _, topic := range det.Candidates {
		e, ok := decode.FindEvent(p, topic)
		if !ok || e.NewReply == nil {
			continue
		}
		expecting = append(expecting, topic)
		if _, errs := decode.Conform(payload, e.New()); chosen == "" && len(errs) == 0 {
			chosen = topic
		}
	}
	if chosen == "" {
		return Rule{}, "", false
	}
	rule := Default(provider, chosen)
	rule.Name = fmt.Sprintf("%s (topic ambiguous: one of %s; of those expecting a reply, %s, the body fits %s)",
		rule.Name, strings.Join(det.Candidates, ", "), strings.Join(expecting, ", "), chosen)
	return rule, chosen, true
}
