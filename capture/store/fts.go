package store

import "github.com/hookscope/hookscope/capture/store/filter"

// ftsDDL creates the full-text index free text is searched in, and the
// triggers that keep it in step with the deliveries table.
const ftsDDL = filter.FTSDDL
