package scheme

import "time"

// The built-in schemes, as data. Sources are the platforms' docs and
// official SDKs (see the tests for the vectors each is checked against);
// details marked UNCONFIRMED could not be checked against a primary source.

func body(id, platform, header, prefix string, a Algorithm, e Encoding) Spec {
	return Spec{ID: id, Platform: platform, Header: header, Prefix: prefix, Algorithm: a, Encoding: e, Signed: "{body}"}
}

func pairs(id, platform, header, sep, version, tsKey, signed string, tol time.Duration) Spec {
	return Spec{ID: id, Platform: platform, Header: header, Format: Pairs, PairSep: sep, Version: version,
		TimestampKey: tsKey, Algorithm: HMACSHA256, Encoding: Hex, Signed: signed, Tolerance: tol}
}

// standardWebhooks is the Standard Webhooks shape under one header prefix
// ("webhook-" or "svix-").
func standardWebhooks(id, platform, prefix, version string, a Algorithm, k KeyForm) Spec {
	return Spec{ID: id, Platform: platform, Header: prefix + "signature", Format: Versioned, Version: version,
		Algorithm: a, Encoding: Base64, Signed: "{id}.{timestamp}.{body}", TimestampHeader: prefix + "timestamp",
		IDHeader: prefix + "id", Tolerance: 5 * time.Minute, Key: k}
}

func withAlternates(s Spec, alts ...Spec) Spec {
	s.Alternates = alts
	return s
}

// Built-in schemes.
var (
	// Stripe: t=…,v1=…[,v1=…] over "t.body", keyed with the whole whsec_…
	// string; 300 s (stripe-go DefaultTolerance).
	Stripe = pairs("stripe", "Stripe", "Stripe-Signature", ",", "v1", "t", "{timestamp}.{body}", 300*time.Second)

	// GitHub signs the body in X-Hub-Signature-256 and, for old
	// receivers, with SHA-1 in X-Hub-Signature.
	GitHub = withAlternates(body("github", "GitHub", "X-Hub-Signature-256", "sha256=", HMACSHA256, Hex),
		body("github-sha1", "GitHub", "X-Hub-Signature", "sha1=", HMACSHA1, Hex))

	// GitLab sends the secret token as is; with a signing token set, newer
	// GitLab also signs in Standard Webhooks headers (its key handling
	// assumed to be Standard Webhooks': UNCONFIRMED).
	GitLab = withAlternates(Spec{ID: "gitlab", Platform: "GitLab", Header: "X-Gitlab-Token", Algorithm: Token, Encoding: Plain},
		standardWebhooks("gitlab-signed", "GitLab", "webhook-", "v1", HMACSHA256, WhsecKey))

	Bitbucket   = body("bitbucket", "Bitbucket", "X-Hub-Signature", "sha256=", HMACSHA256, Hex)
	Shopify     = body("shopify", "Shopify", "X-Shopify-Hmac-Sha256", "", HMACSHA256, Base64)
	WooCommerce = body("woocommerce", "WooCommerce", "X-WC-Webhook-Signature", "", HMACSHA256, Base64)

	Slack = Spec{ID: "slack", Platform: "Slack", Header: "X-Slack-Signature", Prefix: "v0=", Algorithm: HMACSHA256,
		Encoding: Hex, Signed: "v0:{timestamp}:{body}", TimestampHeader: "X-Slack-Request-Timestamp", Tolerance: 5 * time.Minute}

	// StandardWebhooks is v1 (HMAC-SHA256, key base64 after whsec_) in
	// webhook- headers, or Svix's svix- spelling.
	StandardWebhooks = withAlternates(standardWebhooks("svix", "Standard Webhooks", "webhook-", "v1", HMACSHA256, WhsecKey),
		standardWebhooks("svix", "Svix", "svix-", "v1", HMACSHA256, WhsecKey))
	// StandardWebhooksEd25519 is v1a, verified with a whpk_ public key.
	StandardWebhooksEd25519 = withAlternates(standardWebhooks("svix-v1a", "Standard Webhooks", "webhook-", "v1a", Ed25519, WhpkKey),
		standardWebhooks("svix-v1a", "Svix", "svix-", "v1a", Ed25519, WhpkKey))

	// Twilio signs the URL it called followed by the form parameters
	// sorted by name; a JSON body is covered by the URL's bodySHA256.
	// Its validators accept the URL with or without the default port.
	Twilio = Spec{ID: "twilio", Platform: "Twilio", Header: "X-Twilio-Signature", Algorithm: HMACSHA1, Encoding: Base64,
		Signed: "{url}{form}", BodyHashParam: "bodySHA256", DefaultPortVariants: true}

	SendGrid = Spec{ID: "sendgrid", Platform: "SendGrid", Header: "X-Twilio-Email-Event-Webhook-Signature", Algorithm: ECDSAP256,
		Encoding: Base64, Signed: "{timestamp}{body}", TimestampHeader: "X-Twilio-Email-Event-Webhook-Timestamp", Key: PKIXKey}

	// Mailgun signs timestamp+token, both in the body beside the
	// signature; it documents no tolerance.
	Mailgun = Spec{ID: "mailgun", Platform: "Mailgun", SignatureJSON: "signature.signature", Algorithm: HMACSHA256, Encoding: Hex,
		Signed: "{json:signature.timestamp}{json:signature.token}", TimestampJSON: "signature.timestamp"}

	// Square signs the notification URL followed by the body; the legacy
	// X-Square-Signature is the same over SHA-1 (UNCONFIRMED).
	Square = withAlternates(Spec{ID: "square", Platform: "Square", Header: "X-Square-Hmacsha256-Signature", Algorithm: HMACSHA256,
		Encoding: Base64, Signed: "{url}{body}"},
		Spec{ID: "square-sha1", Platform: "Square", Header: "X-Square-Signature", Algorithm: HMACSHA1, Encoding: Base64, Signed: "{url}{body}"})

	// Paddle: ts=…;h1=… over "ts:body"; its SDK helpers default to a 5 s
	// tolerance.
	Paddle = pairs("paddle", "Paddle", "Paddle-Signature", ";", "h1", "ts", "{timestamp}:{body}", 5*time.Second)

	LemonSqueezy = body("lemonsqueezy", "Lemon Squeezy", "X-Signature", "", HMACSHA256, Hex)

	// Twitch signs id+timestamp+body, timestamps in RFC 3339; 10 minutes.
	Twitch = Spec{ID: "twitch", Platform: "Twitch", Header: "Twitch-Eventsub-Message-Signature", Prefix: "sha256=", Algorithm: HMACSHA256,
		Encoding: Hex, Signed: "{id}{timestamp}{body}", IDHeader: "Twitch-Eventsub-Message-Id",
		TimestampHeader: "Twitch-Eventsub-Message-Timestamp", TimestampUnit: RFC3339, Tolerance: 10 * time.Minute}

	// Discord: Ed25519 over timestamp+body with the application's hex
	// public key; it documents no tolerance.
	Discord = Spec{ID: "discord", Platform: "Discord", Header: "X-Signature-Ed25519", Algorithm: Ed25519, Encoding: Hex,
		Signed: "{timestamp}{body}", TimestampHeader: "X-Signature-Timestamp", Key: HexPublicKey}

	// Zoom documents no tolerance (UNCONFIRMED).
	Zoom = Spec{ID: "zoom", Platform: "Zoom", Header: "x-zm-signature", Prefix: "v0=", Algorithm: HMACSHA256, Encoding: Hex,
		Signed: "v0:{timestamp}:{body}", TimestampHeader: "x-zm-request-timestamp"}

	// Linear signs the body; the body's webhookTimestamp (ms) should be
	// within a minute.
	Linear = Spec{ID: "linear", Platform: "Linear", Header: "Linear-Signature", Algorithm: HMACSHA256, Encoding: Hex, Signed: "{body}",
		TimestampJSON: "webhookTimestamp", TimestampUnit: Milliseconds, Tolerance: time.Minute}

	Intercom = body("intercom", "Intercom", "X-Hub-Signature", "sha1=", HMACSHA1, Hex)

	// HubSpot v3: method + URL + body + timestamp (ms), base64; 5 minutes.
	HubSpot = Spec{ID: "hubspot", Platform: "HubSpot", Header: "X-HubSpot-Signature-v3", Algorithm: HMACSHA256, Encoding: Base64,
		Signed: "{method}{url}{body}{timestamp}", TimestampHeader: "X-HubSpot-Request-Timestamp", TimestampUnit: Milliseconds,
		Tolerance: 5 * time.Minute}

	Typeform = body("typeform", "Typeform", "Typeform-Signature", "sha256=", HMACSHA256, Base64)
	// Calendly: t=…,v1=…; its docs suggest 3 minutes (UNCONFIRMED).
	Calendly  = pairs("calendly", "Calendly", "Calendly-Webhook-Signature", ",", "v1", "t", "{timestamp}.{body}", 3*time.Minute)
	PagerDuty = pairs("pagerduty", "PagerDuty", "X-PagerDuty-Signature", ",", "v1", "", "{body}", 0)
	Sentry    = body("sentry", "Sentry", "Sentry-Hook-Signature", "", HMACSHA256, Hex)

	// Further platforms, each an HMAC of the raw body unless noted: Vercel
	// (SHA-1, hex; its webhooks docs), Coinbase Commerce (its SDK's
	// Webhook.verifySigHeader and published test vector), Razorpay (its
	// docs: the webhook secret over the raw body), Asana (keyed with the
	// handshake's X-Hook-Secret), Dropbox, Mux (t=…,v1=…; mux-node's
	// verify_header, 300 s) and Xero (base64; its webhooks OpenAPI).
	Vercel           = body("vercel", "Vercel", "x-vercel-signature", "", HMACSHA1, Hex)
	CoinbaseCommerce = body("coinbase", "Coinbase Commerce", "X-CC-Webhook-Signature", "", HMACSHA256, Hex)
	Razorpay         = body("razorpay", "Razorpay", "X-Razorpay-Signature", "", HMACSHA256, Hex)
	Asana            = body("asana", "Asana", "X-Hook-Signature", "", HMACSHA256, Hex)
	Dropbox          = body("dropbox", "Dropbox", "X-Dropbox-Signature", "", HMACSHA256, Hex)
	Mux              = pairs("mux", "Mux", "Mux-Signature", ",", "v1", "t", "{timestamp}.{body}", 5*time.Minute)
	Xero             = body("xero", "Xero", "x-xero-signature", "", HMACSHA256, Base64)
)

// Builtins lists every built-in scheme by its ID.
var Builtins = map[string]*Spec{}

func init() {
	for _, s := range []*Spec{&Stripe, &GitHub, &GitLab, &Bitbucket, &Shopify, &WooCommerce, &Slack, &StandardWebhooks,
		&StandardWebhooksEd25519, &Twilio, &SendGrid, &Mailgun, &Square, &Paddle, &LemonSqueezy, &Twitch, &Discord, &Zoom,
		&Linear, &Intercom, &HubSpot, &Typeform, &Calendly, &PagerDuty, &Sentry, &Vercel, &CoinbaseCommerce, &Razorpay,
		&Asana, &Dropbox, &Mux, &Xero} {
		Builtins[s.ID] = s
	}
}
