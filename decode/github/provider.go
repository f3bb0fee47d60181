// Package github decodes GitHub webhooks: the event in X-GitHub-Event, the
// body's action appended (pull_request.opened); JSON or form-encoded (the
// JSON in the payload field); signed in X-Hub-Signature-256 (legacy
// X-Hub-Signature, SHA-1).
package github

import (
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/hookscope/hookscope/decode"
	"github.com/hookscope/hookscope/decode/excerpt"
	"github.com/hookscope/hookscope/decode/scheme"
)

// Provider is GitHub. GitHub waits 10 s for a 2xx.
var Provider decode.Provider = &decode.Platform{Key: "github", Title: "GitHub", Spec: &scheme.GitHub,
	EventList: []decode.Event{{Topic: decode.Any, New: func() decode.Summarizer { return &Event{} }, Timeout: "10s"}},
	Detector:  detect, Extract: payload, Versioner: version}

func detect(r *decode.Request) (decode.Detection, bool) {
	event := r.Header.Get("X-GitHub-Event")
	if event == "" {
		return decode.Detection{}, false
	}
	topic := event
	if body, err := payload(r); err == nil {
		if a := decode.JSONString(body, "action"); a != "" {
			topic += "." + a
		}
	}
	return decode.Claim("github", topic, decode.High, "header X-GitHub-Event")
}

// payload is the JSON body, or the payload field of a form-encoded one
// (the hook's content type application/x-www-form-urlencoded).
func payload(r *decode.Request) ([]byte, error) {
	if r.MediaType() == "application/x-www-form-urlencoded" {
		if p := r.Form().Get("payload"); p != "" {
			return []byte(p), nil
		}
		return nil, errors.New("form-encoded body without a payload field")
	}
	if len(r.Body) == 0 {
		return nil, errors.New("empty body")
	}
	return r.Body, nil
}

// version is the pull request or issue the event is about, by its id
// (unique across repositories, unlike its number), as of its updated_at.
func version(r *decode.Request) (string, time.Time, bool) {
	body, err := payload(r)
	if err != nil {
		return "", time.Time{}, false
	}
	type item struct {
		ID        decode.Int  `json:"id"`
		UpdatedAt decode.Time `json:"updated_at"`
	}
	var ev struct {
		PullRequest *item `json:"pull_request"`
		Issue       *item `json:"issue"`
	}
	if json.Unmarshal(body, &ev) != nil {
		return "", time.Time{}, false
	}
	for _, it := range []struct {
		kind string
		item *item
	}{{"pull_request", ev.PullRequest}, {"issue", ev.Issue}} {
		if it.item != nil && it.item.ID.Valid() && !it.item.UpdatedAt.IsZero() {
			return decode.ResourceKey(it.kind, it.item.ID.String()), it.item.UpdatedAt.Time, true
		}
	}
	return "", time.Time{}, false
}

// Event is the fields GitHub's events share that a summary names.
type Event struct {
	decode.Partial
	Action     string `json:"action,omitempty"`
	Zen        string `json:"zen,omitempty"`
	Ref        string `json:"ref,omitempty"`
	Repository *struct {
		decode.Partial
		FullName string `json:"full_name"`
	} `json:"repository,omitempty"`
	PullRequest *Item `json:"pull_request,omitempty"`
	Issue       *Item `json:"issue,omitempty"`
	Commits     []struct {
		decode.Partial
		ID      string `json:"id" hs:"col"`
		Message string `json:"message" hs:"col"`
	} `json:"commits,omitempty"`
	Sender *struct {
		decode.Partial
		Login string `json:"login"`
	} `json:"sender,omitempty"`
	decode.Topic
}

// Item is a pull request or an issue.
type Item struct {
	decode.Partial
	Number decode.Int `json:"number"`
	Title  string     `json:"title"`
	State  string     `json:"state,omitempty"`
}

// Summary implements decode.Summarizer: "GitHub pull_request.opened ·
// octo/widgets#42 · Fix the flux capacitor".
func (e *Event) Summary() string {
	repo := ""
	if e.Repository != nil {
		repo = e.Repository.FullName
	}
	by := ""
	if e.Sender != nil && e.Sender.Login != "" {
		by = "by " + e.Sender.Login
	}
	kind := "GitHub"
	for _, it := range []*Item{e.PullRequest, e.Issue} {
		if it != nil {
			return decode.Join(kind+" "+e.topic(), fmt.Sprintf("%s#%s", repo, it.Number), excerpt.Line(it.Title), by)
		}
	}
	if e.Ref != "" {
		return decode.Join(kind+" "+e.topic(), repo, e.Ref, decode.Plural(len(e.Commits), "commit", "commits"), by)
	}
	return decode.Join(kind+" "+e.topic(), repo, e.Zen, by)
}

func (e *Event) topic() string { return e.Name() }
