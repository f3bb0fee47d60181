// Package gitlab decodes GitLab webhooks: the event in X-Gitlab-Event
// (Push Hook), authenticated by X-Gitlab-Token (the secret itself) or, with
// a signing token, by Standard Webhooks headers. X-Gitlab-Event is GitLab's
// own header, so it wins over the generic svix claim on those headers.
package gitlab

import (
	"fmt"

	"github.com/hookscope/hookscope/decode"
	"github.com/hookscope/hookscope/decode/excerpt"
	"github.com/hookscope/hookscope/decode/scheme"
)

// Provider is GitLab. GitLab.com waits 10 s.
var Provider decode.Provider = &decode.Platform{Key: "gitlab", Title: "GitLab", Spec: &scheme.GitLab,
	EventList: []decode.Event{{Topic: decode.Any, New: func() decode.Summarizer { return &Event{} }, Timeout: "10s"}},
	Detector:  detect}

func detect(r *decode.Request) (decode.Detection, bool) {
	if e := r.Header.Get("X-Gitlab-Event"); e != "" {
		return decode.Claim("gitlab", e, decode.High, "header X-Gitlab-Event")
	}
	return decode.Detection{}, false
}

// Event is the fields of GitLab's push, merge request and issue events a
// summary names.
type Event struct {
	decode.Partial
	decode.Topic
	ObjectKind string `json:"object_kind"`
	Ref        string `json:"ref,omitempty"`
	UserName   string `json:"user_name,omitempty"`
	Project    *struct {
		decode.Partial
		PathWithNamespace string `json:"path_with_namespace"`
	} `json:"project,omitempty"`
	TotalCommitsCount decode.Int `json:"total_commits_count,omitempty"`
	User              *struct {
		decode.Partial
		Username string `json:"username"`
	} `json:"user,omitempty"`
	ObjectAttributes *struct {
		decode.Partial
		IID    decode.Int `json:"iid"`
		Title  string     `json:"title,omitempty"`
		Action string     `json:"action,omitempty"`
		State  string     `json:"state,omitempty"`
	} `json:"object_attributes,omitempty"`
}

// Summary implements decode.Summarizer: "GitLab Merge Request Hook ·
// group/app!7 · Add the cache · open".
func (e *Event) Summary() string {
	proj := ""
	if e.Project != nil {
		proj = e.Project.PathWithNamespace
	}
	s := "GitLab " + e.Name()
	if a := e.ObjectAttributes; a != nil {
		sep := "#"
		if e.ObjectKind == "merge_request" {
			sep = "!"
		}
		by := ""
		if e.User != nil {
			by = "by " + e.User.Username
		}
		return decode.Join(s, fmt.Sprintf("%s%s%s", proj, sep, a.IID), excerpt.Line(a.Title), a.Action, by)
	}
	commits := ""
	if n, ok := e.TotalCommitsCount.Int64(); ok {
		commits = decode.Plural(int(n), "commit", "commits")
	}
	by := ""
	if e.UserName != "" {
		by = "by " + e.UserName
	}
	return decode.Join(s, proj, e.Ref, commits, by)
}
