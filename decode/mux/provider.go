// Package mux decodes Mux webhooks: {type, object, id, environment, data,
// created_at, …} whose type is the topic (video.asset.ready) and whose data
// is the asset, upload or live stream; Mux-Signature is t=…,v1=… with the
// hex HMAC-SHA256 of "t.body" keyed with the endpoint's signing secret; the
// official SDK accepts 300 s.
package mux

import (
	"github.com/hookscope/hookscope/decode"
	"github.com/hookscope/hookscope/decode/scheme"
)

// Provider is Mux.
var Provider decode.Provider = &decode.Platform{Key: "mux", Title: "Mux", Spec: &scheme.Mux,
	EventList: []decode.Event{{Topic: decode.Any, New: func() decode.Summarizer { return &Event{} }}},
	Detector:  detect}

func detect(r *decode.Request) (decode.Detection, bool) {
	if r.Header.Get("Mux-Signature") == "" {
		return decode.Detection{}, false
	}
	return decode.Claim("mux", decode.JSONString(r.Body, "type"), decode.High, "header Mux-Signature")
}

// Event is a Mux webhook event.
type Event struct {
	decode.Partial
	Type   string `json:"type"`
	ID     string `json:"id"`
	Object struct {
		decode.Partial
		Type string `json:"type"`
		ID   string `json:"id"`
	} `json:"object"`
	Environment struct {
		decode.Partial
		Name string `json:"name"`
		ID   string `json:"id"`
	} `json:"environment"`
	CreatedAt string `json:"created_at"`
	Data      Data   `json:"data"`
}

// Data is the asset or live stream an event is about (the fields both
// share, and each one's own).
type Data struct {
	decode.Partial
	ID             string         `json:"id"`
	Status         string         `json:"status,omitempty"`
	Duration       decode.Decimal `json:"duration,omitempty"`
	ResolutionTier string         `json:"resolution_tier,omitempty"`
	AspectRatio    string         `json:"aspect_ratio,omitempty"`
	VideoQuality   string         `json:"video_quality,omitempty"`
	Passthrough    string         `json:"passthrough,omitempty"`
	PlaybackIDs    []struct {
		decode.Partial
		ID     string `json:"id" hs:"col"`
		Policy string `json:"policy" hs:"col"`
	} `json:"playback_ids,omitempty"`
	ActiveAssetID string `json:"active_asset_id,omitempty"`
	LiveStreamID  string `json:"live_stream_id,omitempty"`
	UploadID      string `json:"upload_id,omitempty"`
	LatencyMode   string `json:"latency_mode,omitempty"`
}

// Summary implements decode.Summarizer: "Mux video.asset.ready · asset
// 0201p02fGKPE7MrbC269XRD7LpcHhrmbu0002 · ready · 23.8 s · 1080p ·
// playback rmI…".
func (e *Event) Summary() string {
	d := e.Data
	kind := e.Object.Type
	if kind == "live" {
		kind = "live stream" // Mux's object type for live streams
	}
	what := kind + " " + e.Object.ID
	if e.Object.ID == "" {
		what = d.ID
	}
	duration := ""
	if d.Duration.Valid() {
		duration = d.Duration.String() + " s"
	}
	playback := ""
	if len(d.PlaybackIDs) > 0 {
		playback = "playback " + d.PlaybackIDs[0].ID
	}
	env := ""
	if e.Environment.Name != "" {
		env = "env " + e.Environment.Name
	}
	return decode.Join("Mux "+e.Type, what, d.Status, duration, d.ResolutionTier, playback, env)
}
