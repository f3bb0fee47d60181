package store

// WithAppendFault returns o with fault asked before every Append to the
// segment log: an error it returns fails the Append as a full disk would.
// For tests outside the package (capture's 503 on a full disk).
func WithAppendFault(o Options, fault func() error) Options {
	o.appendFault = fault
	return o
}
