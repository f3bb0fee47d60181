// Package vercel decodes Vercel webhooks (account webhooks and an
// integration's): a JSON envelope {type, id, createdAt, region, payload}
// whose type is the topic (deployment.succeeded); x-vercel-signature is the
// hex HMAC-SHA1 of the raw body, keyed with the webhook's secret (an
// integration's client secret for integration webhooks).
package vercel

import (
	"github.com/hookscope/hookscope/decode"
	"github.com/hookscope/hookscope/decode/excerpt"
	"github.com/hookscope/hookscope/decode/scheme"
)

// Provider is Vercel.
var Provider decode.Provider = &decode.Platform{Key: "vercel", Title: "Vercel", Spec: &scheme.Vercel,
	EventList: []decode.Event{{Topic: decode.Any, New: func() decode.Summarizer { return &Event{} }}},
	Detector:  detect}

func detect(r *decode.Request) (decode.Detection, bool) {
	if r.Header.Get("X-Vercel-Signature") == "" {
		return decode.Detection{}, false
	}
	return decode.Claim("vercel", decode.JSONString(r.Body, "type"), decode.High, "header x-vercel-signature")
}

// Event is Vercel's webhook envelope; the payload's fields depend on the
// type, and those of the deployment and project events are named.
type Event struct {
	decode.Partial
	Type      string     `json:"type"`
	ID        string     `json:"id"`
	CreatedAt decode.Int `json:"createdAt"`
	Region    string     `json:"region,omitempty"`
	Payload   Payload    `json:"payload"`
}

// Payload is the event's payload: who, which deployment and project.
type Payload struct {
	decode.Partial
	Team *struct {
		decode.Partial
		ID string `json:"id"`
	} `json:"team,omitempty"`
	User *struct {
		decode.Partial
		ID string `json:"id"`
	} `json:"user,omitempty"`
	Deployment *struct {
		decode.Partial
		ID   string            `json:"id"`
		Name string            `json:"name,omitempty"`
		URL  string            `json:"url,omitempty"`
		Meta map[string]string `json:"meta,omitempty"`
	} `json:"deployment,omitempty"`
	Links *struct {
		decode.Partial
		Deployment string `json:"deployment,omitempty"`
		Project    string `json:"project,omitempty"`
	} `json:"links,omitempty"`
	Target  string `json:"target,omitempty"`
	Project *struct {
		decode.Partial
		ID   string `json:"id"`
		Name string `json:"name,omitempty"`
	} `json:"project,omitempty"`
	Plan    string   `json:"plan,omitempty"`
	Regions []string `json:"regions,omitempty"`
}

// Summary implements decode.Summarizer: "Vercel deployment.succeeded ·
// my-app · my-app-1a2b3c.vercel.app · production · main@3f2a1b9".
func (e *Event) Summary() string {
	p := e.Payload
	name, url, commit := "", "", ""
	if d := p.Deployment; d != nil {
		name, url = d.Name, d.URL
		if sha := d.Meta["githubCommitSha"]; sha != "" {
			commit = d.Meta["githubCommitRef"] + "@" + sha[:min(7, len(sha))]
		}
	}
	if name == "" && p.Project != nil {
		name = p.Project.Name
	}
	// The commit message's subject: its first line.
	commit = decode.Join(commit, excerpt.Quote(p.deploymentMeta("githubCommitMessage")))
	return decode.Join("Vercel "+e.Type, name, url, p.Target, commit)
}

func (p Payload) deploymentMeta(key string) string {
	if p.Deployment == nil {
		return ""
	}
	return p.Deployment.Meta[key]
}
