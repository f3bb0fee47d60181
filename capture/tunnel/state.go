package tunnel

import (
	"fmt"
	"time"
)

// Event is what one step of the state machine changed.
type Event int

// Events.
const (
	EventNone Event = iota
	// EventAppeared: a tunnel was found where there was none.
	EventAppeared
	// EventChanged: the public URL is not the one before (a restarted
	// ngrok on a free plan gets a new one), so senders must be told.
	EventChanged
	// EventDisappeared: the tunnel that was there is gone.
	EventDisappeared
)

func (e Event) String() string {
	return [...]string{"none", "appeared", "changed", "disappeared"}[e]
}

// State is what the UI shows about the tunnel. The zero State is "no
// tunnel seen yet".
type State struct {
	// Tunnel is the current tunnel; Tunnel.URL is "" when there is none.
	Tunnel Tunnel
	// Since is when the current URL was first seen.
	Since time.Time
	// Event is what the last step changed.
	Event Event
	// Previous is the URL before the last change, kept until a delivery
	// shows senders use the new one.
	Previous string
	// Lost is the tunnel that went away, kept until one is back; LostAt
	// is when.
	Lost   Tunnel
	LostAt time.Time
	// LastDelivery is when the last delivery arrived, zero before one.
	LastDelivery time.Time
	// Hint and Problem are the last Observation's.
	Hint, Problem string
	// Misses counts checks in a row that found nothing, for the backoff.
	Misses int
	// Warning is the sentence for the status bar, "" when all is well.
	Warning string
}

// Policy holds the timings of the state machine.
type Policy struct {
	// StaleAfter is how long without a delivery, while a tunnel is up,
	// before the state warns that senders may not know the URL; 0 never.
	StaleAfter time.Duration
	// Interval is the time between checks while a tunnel is up or was
	// just seen; MaxInterval caps the backoff while nothing is found.
	Interval, MaxInterval time.Duration
}

// Default timings: a new ngrok shows within MaxInterval of starting.
const (
	DefaultStaleAfter  = 30 * time.Minute
	DefaultInterval    = 2 * time.Second
	DefaultMaxInterval = 8 * time.Second
)

// DefaultPolicy is the policy with the default timings.
func DefaultPolicy() Policy {
	return Policy{StaleAfter: DefaultStaleAfter, Interval: DefaultInterval, MaxInterval: DefaultMaxInterval}
}

// Next applies obs, observed at now, to prev.
//
// A check that found nothing because an agent answered badly (obs.Problem)
// does not count as the tunnel going away: a slow agent is not a lost
// tunnel, and flapping warnings would be noise.
func (p Policy) Next(prev State, obs Observation, now time.Time) State {
	s := prev
	s.Event = EventNone
	s.Hint, s.Problem = obs.Hint, obs.Problem
	cur := obs.Tunnel
	switch {
	case cur.URL != "" && prev.Tunnel.URL == "":
		s.Event, s.Tunnel, s.Since, s.Misses = EventAppeared, cur, now, 0
		if prev.Lost.URL != "" && prev.Lost.URL != cur.URL {
			s.Event, s.Previous = EventChanged, prev.Lost.URL
		}
		s.Lost, s.LostAt = Tunnel{}, time.Time{}
	case cur.URL != "" && cur.URL != prev.Tunnel.URL:
		s.Event, s.Tunnel, s.Since, s.Misses, s.Previous = EventChanged, cur, now, 0, prev.Tunnel.URL
	case cur.URL != "":
		s.Tunnel, s.Misses = cur, 0 // same URL; its note may have changed
	case prev.Tunnel.URL != "" && obs.Problem == "":
		s.Event, s.Lost, s.LostAt, s.Tunnel, s.Since, s.Misses = EventDisappeared, prev.Tunnel, now, Tunnel{}, time.Time{}, 1
	case prev.Tunnel.URL != "":
		// Unsure: keep the tunnel until the agent answers again.
	default:
		s.Misses++
	}
	s.Warning = p.warning(s, now)
	return s
}

// Delivered records a delivery received at at (now).
func (p Policy) Delivered(prev State, at time.Time) State {
	s := prev
	if at.After(s.LastDelivery) {
		s.LastDelivery = at
	}
	if s.Tunnel.URL != "" {
		s.Previous = "" // senders reach the new URL
	}
	s.Warning = p.warning(s, at)
	return s
}

// Tick re-evaluates the time-dependent warning without a new observation.
func (p Policy) Tick(prev State, now time.Time) State {
	s := prev
	s.Warning = p.warning(s, now)
	return s
}

// Delay is how long to wait before the next check: Interval while a
// tunnel is up, doubling per empty check up to MaxInterval while none is.
func (p Policy) Delay(s State) time.Duration {
	d := p.Interval
	if d <= 0 {
		d = DefaultInterval
	}
	max := p.MaxInterval
	if max < d {
		max = d
	}
	if s.Tunnel.URL != "" {
		return d
	}
	for i := 1; i < s.Misses && d < max; i++ {
		d *= 2
	}
	return min(d, max)
}

// warning is the status-bar sentence for s at now.
func (p Policy) warning(s State, now time.Time) string {
	switch {
	case s.Tunnel.URL == "" && s.Lost.URL != "":
		return fmt.Sprintf("the %s tunnel %s went away at %s; deliveries sent to it fail until it is back",
			s.Lost.Provider, s.Lost.URL, s.LostAt.Format("15:04:05"))
	case s.Tunnel.URL == "":
		return ""
	case s.Previous != "":
		return fmt.Sprintf("the public URL changed from %s to %s at %s: update it where the webhooks are registered",
			s.Previous, s.Tunnel.URL, s.Since.Format("15:04:05"))
	}
	if p.StaleAfter <= 0 {
		return ""
	}
	from := s.Since
	if s.LastDelivery.After(from) {
		from = s.LastDelivery
	}
	quiet := now.Sub(from)
	if quiet < p.StaleAfter {
		return ""
	}
	if s.LastDelivery.IsZero() || s.LastDelivery.Before(s.Since) {
		return fmt.Sprintf("no delivery in the %s since %s came up: is it registered with the sender?",
			round(quiet), s.Tunnel.URL)
	}
	return fmt.Sprintf("no delivery for %s while %s is up: is it still registered with the sender?",
		round(quiet), s.Tunnel.URL)
}

// round shows a quiet spell in whole minutes (or hours past two).
func round(d time.Duration) string {
	if d >= 2*time.Hour {
		return fmt.Sprintf("%dh", int(d/time.Hour))
	}
	return fmt.Sprintf("%dm", int(d/time.Minute))
}
