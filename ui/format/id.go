package format

// ShortIDLen is how much of a delivery id a terminal shows: a ULID's last
// ten characters are fifty random bits, unique in any store, and every
// command that takes an id takes a unique suffix.
const ShortIDLen = 10

// ShortID is the end of id a person reads and types back.
func ShortID(id string) string {
	if len(id) <= ShortIDLen {
		return id
	}
	return id[len(id)-ShortIDLen:]
}
