// Package bitbucket decodes Bitbucket Cloud webhooks: the event key in
// X-Event-Key (repo:push, pullrequest:created) beside X-Hook-UUID and
// X-Request-UUID; with a secret set, X-Hub-Signature is sha256=<hex
// HMAC-SHA256 of the raw body>.
package bitbucket

import (
	"github.com/hookscope/hookscope/decode"
	"github.com/hookscope/hookscope/decode/excerpt"
	"github.com/hookscope/hookscope/decode/scheme"
)

// Provider is Bitbucket Cloud. Bitbucket waits 10 s (UNCONFIRMED).
var Provider decode.Provider = &decode.Platform{Key: "bitbucket", Title: "Bitbucket", Spec: &scheme.Bitbucket,
	EventList: []decode.Event{{Topic: decode.Any, New: func() decode.Summarizer { return &Event{} }, Timeout: "10s"}},
	Detector:  detect}

// detect needs X-Event-Key with one of Bitbucket's UUID headers: X-Event-Key
// alone is a name other senders could use.
func detect(r *decode.Request) (decode.Detection, bool) {
	key := r.Header.Get("X-Event-Key")
	if key == "" {
		return decode.Detection{}, false
	}
	for _, h := range []string{"X-Hook-UUID", "X-Request-UUID"} {
		if r.Header.Get(h) != "" {
			return decode.Claim("bitbucket", key, decode.High, "headers X-Event-Key and "+h)
		}
	}
	return decode.Claim("bitbucket", key, decode.Low, "header X-Event-Key without Bitbucket's X-Hook-UUID or X-Request-UUID")
}

// Event is the fields of Bitbucket's repository and pull request events a
// summary names.
type Event struct {
	decode.Partial
	decode.Topic
	Push *struct {
		decode.Partial
		Changes []Change `json:"changes"`
	} `json:"push,omitempty"`
	PullRequest *struct {
		decode.Partial
		ID          decode.Int `json:"id"`
		Title       string     `json:"title"`
		State       string     `json:"state"`
		Source      *Endpoint  `json:"source,omitempty"`
		Destination *Endpoint  `json:"destination,omitempty"`
		Author      *Account   `json:"author,omitempty"`
	} `json:"pullrequest,omitempty"`
	Repository *struct {
		decode.Partial
		FullName string `json:"full_name"`
		UUID     string `json:"uuid,omitempty"`
	} `json:"repository,omitempty"`
	Actor *Account `json:"actor,omitempty"`
}

// Change is one ref a push moved.
type Change struct {
	decode.Partial
	New *struct {
		decode.Partial
		Type   string `json:"type" hs:"col"`
		Name   string `json:"name" hs:"col"`
		Target *struct {
			decode.Partial
			Hash    string `json:"hash"`
			Message string `json:"message"`
		} `json:"target,omitempty"`
	} `json:"new"`
	Created bool `json:"created" hs:"col"`
	Closed  bool `json:"closed" hs:"col"`
	Forced  bool `json:"forced" hs:"col"`
	Commits []struct {
		decode.Partial
		Hash    string `json:"hash"`
		Message string `json:"message"`
	} `json:"commits,omitempty"`
}

// Endpoint is a pull request's branch.
type Endpoint struct {
	decode.Partial
	Branch struct {
		decode.Partial
		Name string `json:"name"`
	} `json:"branch"`
}

// Account is a Bitbucket user.
type Account struct {
	decode.Partial
	DisplayName string `json:"display_name"`
	Nickname    string `json:"nickname,omitempty"`
	UUID        string `json:"uuid,omitempty"`
}

// Summary implements decode.Summarizer: "Bitbucket repo:push · team/repo ·
// main · 2 commits · by Jane Doe".
func (e *Event) Summary() string {
	repo := ""
	if e.Repository != nil {
		repo = e.Repository.FullName
	}
	by := ""
	if e.Actor != nil && e.Actor.DisplayName != "" {
		by = "by " + e.Actor.DisplayName
	}
	s := "Bitbucket " + e.Name()
	switch {
	case e.PullRequest != nil:
		pr := e.PullRequest
		branches := ""
		if pr.Source != nil && pr.Destination != nil {
			branches = pr.Source.Branch.Name + " → " + pr.Destination.Branch.Name
		}
		return decode.Join(s, repo+"#"+pr.ID.String(), excerpt.Line(pr.Title), branches, pr.State, by)
	case e.Push != nil && len(e.Push.Changes) > 0:
		c := e.Push.Changes[0]
		ref := ""
		if c.New != nil {
			ref = c.New.Name
		}
		return decode.Join(s, repo, ref, decode.Plural(len(c.Commits), "commit", "commits"), by)
	}
	return decode.Join(s, repo, by)
}
