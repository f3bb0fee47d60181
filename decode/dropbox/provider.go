package dropbox

import (
	"net/http"
	"strings"

	"github.com/hookscope/hookscope/decode"
	"github.com/hookscope/hookscope/decode/scheme"
)

// Provider is Dropbox: a notification is a POST whose body names the
// accounts with changes (list_folder.accounts), signed in
// X-Dropbox-Signature as the hex HMAC-SHA256 of the body with the app
// secret; registering the URL is a GET with a challenge to echo
// (Handshake).
var Provider decode.Provider = &decode.Platform{Key: "dropbox", Title: "Dropbox", Spec: &scheme.Dropbox,
	EventList:  []decode.Event{{Topic: decode.Any, New: func() decode.Summarizer { return &Notification{} }, Timeout: "10s"}},
	Detector:   detect,
	Handshaker: Handshake}

// Topics: what a Dropbox request is.
const (
	TopicNotification = "notification"
	TopicVerification = "verification"
)

// detect claims X-Dropbox-Signature (high). The verification GET carries
// no header of Dropbox's own: a challenge query on a GET is only its shape
// (low), and its User-Agent, when it names Dropbox, raises it to medium.
func detect(r *decode.Request) (decode.Detection, bool) {
	if r.Header.Get("X-Dropbox-Signature") != "" {
		return decode.Claim("dropbox", TopicNotification, decode.High, "header X-Dropbox-Signature")
	}
	if r.Method != http.MethodGet || r.Query.Get("challenge") == "" {
		return decode.Detection{}, false
	}
	if strings.Contains(strings.ToLower(r.Header.Get("User-Agent")), "dropbox") {
		return decode.Claim("dropbox", TopicVerification, decode.Medium, "GET with a challenge query, User-Agent "+r.Header.Get("User-Agent"))
	}
	return decode.Claim("dropbox", TopicVerification, decode.Low, "GET with a challenge query only")
}

// Notification is a Dropbox webhook body: which accounts (and, in the
// older form, users) have changes to fetch.
type Notification struct {
	decode.Partial
	ListFolder struct {
		decode.Partial
		Accounts []string `json:"accounts"`
	} `json:"list_folder"`
	Delta struct {
		decode.Partial
		Users []decode.Int `json:"users"`
	} `json:"delta,omitempty"`
}

// Summary implements decode.Summarizer: "Dropbox notification · 2
// accounts with changes".
func (n *Notification) Summary() string {
	if len(n.ListFolder.Accounts) == 0 && len(n.Delta.Users) == 0 {
		return "Dropbox verification"
	}
	return decode.Join("Dropbox notification", decode.Plural(len(n.ListFolder.Accounts), "account", "accounts")+" with changes")
}
