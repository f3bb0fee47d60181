// Package scheme is the one engine behind every webhook signature hookscope
// knows: a declarative Spec says where a platform puts its signature, what it
// signs and how, and Verify and Sign read that Spec. Built-in platforms are
// rows of data (builtin.go); a custom provider's [providers.ID.signature]
// table in the config becomes a Spec through Config.Spec, so both are checked
// by the same code.
//
// Why data and not one type per platform: Stripe's, Slack's, Standard
// Webhooks' and Paddle's official libraries each spell out the same machine
// (HMAC over some parts, encoded, in a header, maybe with a timestamp), and
// the differences are settings. The few shapes that are not "parts joined by
// literals" are options of the same engine rather than copies of it:
//
//   - {form} signs the form parameters sorted by name, each name followed by
//     its value (Twilio); BodyHashParam checks a hash of a JSON body carried
//     in the signed URL's query (Twilio's bodySHA256).
//   - {json:a.b} signs a value found in the JSON body, and SignatureJSON
//     reads the signature itself from the body (Mailgun).
//   - Alternates lists the same platform's other spellings (GitHub's legacy
//     sha1 header, svix- headers for webhook- ones); the first whose header
//     is present is checked.
//
// The package does not import decode: decode's Signature verdict can be built
// from a Result, and providers keep their platform knowledge by choosing a
// Spec. Results never carry a secret or a full expected signature, only
// 8-character prefixes, so a verdict shown or exported cannot be replayed as
// a valid signature.
//
// Time: freshness is judged against Input.ReceivedAt, the moment hookscope
// received the delivery, never the clock at the time of looking, so a
// delivery fresh on arrival stays valid when shown a week later.
package scheme
