// Package replay will send captured deliveries to another endpoint (issue 5).
// It holds nothing yet; the directory is part of the fixed layout.
package replay
