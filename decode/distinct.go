package decode

// Distinct collects the distinct values of a batch delivery (its event
// types, topics, addresses, tenants) in the order they first appear, each
// once, the way a summary or a topic names them. "" is no value and is
// not collected. The zero value is ready to use.
type Distinct struct {
	seen   map[string]struct{}
	values []string
}

// Add collects v unless it is "" or already collected.
func (d *Distinct) Add(v string) {
	if v == "" {
		return
	}
	if _, ok := d.seen[v]; ok {
		return
	}
	if d.seen == nil {
		d.seen = map[string]struct{}{}
	}
	d.seen[v] = struct{}{}
	d.values = append(d.values, v)
}

// Values are the values collected, in the order first added; the caller
// may keep the slice but not change it while adding more.
func (d *Distinct) Values() []string { return d.values }
