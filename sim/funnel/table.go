package funnel

import "unsafe"

// table holds the prospect records in fixed pages of pageLen records, so
// that adding a prospect never copies the records already there (growing
// one slice had allocated 605 MiB for waterfall's million prospects) and a
// record's address is stable for the whole run. The memory
// is the peak of live prospects, rounded up to a page; a Sim keeps its
// pages from one replication to the next.
type table struct {
	pages []*[pageLen]prospect
	n     int32 // records in use, free ones included (the ids are 0 to n-1)
}

const (
	pageBits = 10
	pageLen  = 1 << pageBits // records per page (216 KiB)
	pageMask = pageLen - 1
	// pageBytes is the size of a page.
	pageBytes = pageLen * float64(unsafe.Sizeof(prospect{}))
)

// at returns the record of prospect id (0 ≤ id < n).
func (t *table) at(id int32) *prospect {
	return &t.pages[id>>pageBits][id&pageMask]
}

// add returns the id of a new record at the end of the table. Its
// contents are whatever the page held: the caller clears it.
func (t *table) add() int32 {
	id := t.n
	if int(id>>pageBits) == len(t.pages) {
		t.pages = append(t.pages, new([pageLen]prospect))
	}
	t.n++
	return id
}

// len returns the number of records in use, free ones included.
func (t *table) len() int32 { return t.n }

// reset empties the table, keeping its pages.
func (t *table) reset() { t.n = 0 }
