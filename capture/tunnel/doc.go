// Package tunnel finds the public URL that reaches hookscope's capture
// server: public_url from the config when given, else an ngrok agent's
// local API or a cloudflared quick tunnel's metrics server, whichever
// forwards to hookscope's port.
//
// It is built for a Bubble Tea program, where no goroutine may touch the
// model: Detector.Check is one blocking round of detection that a tea.Cmd
// can run, and Policy.Next is a pure state machine that Update applies to
// its result (URL appeared, changed, went away; no delivery for too long).
//
// Detection is quiet: an agent that is not running is the normal case, not
// an error, and a problem (an agent that answers badly) is state to show on
// demand, never a log line.
package tunnel
