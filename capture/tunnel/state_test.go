package tunnel

import (
	"testing"
	"time"
)

var t0 = time.Date(2026, 7, 1, 14, 0, 0, 0, time.UTC)

func seen(url string) Observation {
	return Observation{Tunnel: Tunnel{Provider: ProviderNgrok, URL: url}}
}

func TestTunnelAppearsChangesAndGoesAway(t *testing.T) {
	p := DefaultPolicy()
	s := p.Next(State{}, Observation{}, t0)
	if s.Event != EventNone || s.Warning != "" {
		t.Fatalf("nothing running: %+v", s)
	}
	s = p.Next(s, seen("https://abc.ngrok.app"), t0.Add(2*time.Second))
	if s.Event != EventAppeared || s.Tunnel.URL != "https://abc.ngrok.app" || s.Warning != "" {
		t.Fatalf("appeared: %+v", s)
	}
	s = p.Next(s, seen("https://abc.ngrok.app"), t0.Add(4*time.Second))
	if s.Event != EventNone {
		t.Fatalf("same URL again is not an event: %+v", s)
	}

	s = p.Next(s, Observation{}, t0.Add(6*time.Second))
	want := "the ngrok tunnel https://abc.ngrok.app went away at 14:00:06; deliveries sent to it fail until it is back"
	if s.Event != EventDisappeared || s.Tunnel.URL != "" || s.Warning != want {
		t.Fatalf("disappeared: %+v\nwant warning %q", s, want)
	}
	s = p.Next(s, Observation{}, t0.Add(8*time.Second))
	if s.Event != EventNone || s.Warning != want {
		t.Fatalf("still gone: the warning stays: %+v", s)
	}

	// ngrok restarted on a free plan: a new URL the senders do not know.
	s = p.Next(s, seen("https://xyz.ngrok.app"), t0.Add(10*time.Second))
	want = "the public URL changed from https://abc.ngrok.app to https://xyz.ngrok.app at 14:00:10: update it where the webhooks are registered"
	if s.Event != EventChanged || s.Warning != want {
		t.Fatalf("back with a new URL: %+v\nwant warning %q", s, want)
	}
	s = p.Delivered(s, t0.Add(20*time.Second))
	if s.Warning != "" || s.Previous != "" {
		t.Fatalf("a delivery shows the new URL is registered: %+v", s)
	}
}

func TestSameURLBackAfterGoingAwayIsAppearedNotChanged(t *testing.T) {
	p := DefaultPolicy()
	s := p.Next(State{}, seen("https://abc.ngrok.app"), t0)
	s = p.Next(s, Observation{}, t0.Add(time.Second))
	s = p.Next(s, seen("https://abc.ngrok.app"), t0.Add(2*time.Second))
	if s.Event != EventAppeared || s.Warning != "" || s.Lost.URL != "" {
		t.Fatalf("%+v", s)
	}
}

func TestURLChangingWhileUpWarns(t *testing.T) {
	p := DefaultPolicy()
	s := p.Next(State{}, seen("https://abc.ngrok.app"), t0)
	s = p.Next(s, seen("https://xyz.ngrok.app"), t0.Add(time.Second))
	if s.Event != EventChanged || s.Previous != "https://abc.ngrok.app" || s.Warning == "" {
		t.Fatalf("%+v", s)
	}
}

func TestAnAgentAnsweringBadlyIsNotATunnelGoingAway(t *testing.T) {
	p := DefaultPolicy()
	s := p.Next(State{}, seen("https://abc.ngrok.app"), t0)
	s = p.Next(s, Observation{Problem: "the ngrok agent API at http://127.0.0.1:4040 did not answer in time"}, t0.Add(time.Second))
	if s.Event != EventNone || s.Tunnel.URL != "https://abc.ngrok.app" || s.Warning != "" || s.Problem == "" {
		t.Fatalf("%+v", s)
	}
}

func TestStaleWarningWithAnInjectedClock(t *testing.T) {
	p := DefaultPolicy() // 30 minutes
	s := p.Next(State{}, seen("https://abc.ngrok.app"), t0)

	if s = p.Tick(s, t0.Add(29*time.Minute+59*time.Second)); s.Warning != "" {
		t.Fatalf("warned before 30 minutes: %q", s.Warning)
	}
	s = p.Tick(s, t0.Add(30*time.Minute))
	if want := "no delivery in the 30m since https://abc.ngrok.app came up: is it registered with the sender?"; s.Warning != want {
		t.Fatalf("at 30 minutes: %q, want %q", s.Warning, want)
	}
	// The next check keeps the warning (Next applies the same rule).
	if s = p.Next(s, seen("https://abc.ngrok.app"), t0.Add(31*time.Minute)); s.Warning == "" {
		t.Fatal("a check cleared the stale warning")
	}

	s = p.Delivered(s, t0.Add(32*time.Minute))
	if s.Warning != "" {
		t.Fatalf("a delivery did not clear the warning: %q", s.Warning)
	}
	if s = p.Tick(s, t0.Add(61*time.Minute)); s.Warning != "" {
		t.Fatalf("warned 29 minutes after a delivery: %q", s.Warning)
	}
	s = p.Tick(s, t0.Add(77*time.Minute))
	if want := "no delivery for 45m while https://abc.ngrok.app is up: is it still registered with the sender?"; s.Warning != want {
		t.Fatalf("%q, want %q", s.Warning, want)
	}
}

func TestStaleCountsFromWhenTheTunnelCameUp(t *testing.T) {
	// hookscope ran for an hour without a tunnel; the tunnel is new.
	p := DefaultPolicy()
	s := p.Delivered(State{}, t0)
	s = p.Next(s, seen("https://abc.ngrok.app"), t0.Add(time.Hour))
	if s = p.Tick(s, t0.Add(time.Hour+time.Minute)); s.Warning != "" {
		t.Fatalf("stale a minute after the tunnel came up: %q", s.Warning)
	}
}

func TestNoStaleWarningWithoutATunnelOrWhenDisabled(t *testing.T) {
	p := DefaultPolicy()
	if s := p.Tick(State{}, t0.Add(10*time.Hour)); s.Warning != "" {
		t.Fatalf("no tunnel: %q", s.Warning)
	}
	p.StaleAfter = 0
	s := p.Next(State{}, seen("https://abc.ngrok.app"), t0)
	if s = p.Tick(s, t0.Add(10*time.Hour)); s.Warning != "" {
		t.Fatalf("StaleAfter 0: %q", s.Warning)
	}
}

func TestPollingBacksOffWhileNothingIsFound(t *testing.T) {
	p := DefaultPolicy()
	var s State
	var got []time.Duration
	for i := 0; i < 5; i++ {
		s = p.Next(s, Observation{}, t0)
		got = append(got, p.Delay(s))
	}
	want := []time.Duration{2 * time.Second, 4 * time.Second, 8 * time.Second, 8 * time.Second, 8 * time.Second}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("delays %v, want %v", got, want)
		}
	}
	s = p.Next(s, seen("https://abc.ngrok.app"), t0)
	if d := p.Delay(s); d != 2*time.Second {
		t.Fatalf("with a tunnel: %v", d)
	}
	s = p.Next(s, Observation{}, t0)
	if d := p.Delay(s); d != 2*time.Second {
		t.Fatalf("right after it went away: %v, want the short interval to see it come back", d)
	}
}

func TestEndpoints(t *testing.T) {
	got := Endpoints("https://abc.ngrok.app/", []string{"spiffy", "vend"}, map[string]string{"vend": "/hooks/vend"})
	want := []Endpoint{{"spiffy", "https://abc.ngrok.app/webhooks/spiffy"}, {"vend", "https://abc.ngrok.app/hooks/vend"}}
	if len(got) != len(want) || got[0] != want[0] || got[1] != want[1] {
		t.Fatalf("Endpoints = %v, want %v", got, want)
	}
}
