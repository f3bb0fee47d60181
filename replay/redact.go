package replay

import "strings"

// Redact is target as text to show or store: the password in its userinfo
// replaced by "xxxxx", as net/url's URL.Redacted does, and every other
// byte as written. Requests still use the target itself; everything that
// prints or records a target goes through Redact, so a password given in
// --to or --forward-to never reaches a screen, a log or the store.
// Text that does not parse as a URL is redacted all the same.
func Redact(target string) string {
	i := strings.Index(target, "://")
	if i < 0 {
		return target
	}
	authStart := i + 3
	rest := target[authStart:]
	end := strings.IndexAny(rest, "/?#")
	if end < 0 {
		end = len(rest)
	}
	at := strings.LastIndex(rest[:end], "@")
	if at < 0 {
		return target
	}
	user, _, hasPassword := strings.Cut(rest[:at], ":")
	if !hasPassword {
		return target
	}
	return target[:authStart] + user + ":xxxxx" + rest[at:]
}
