package store

import (
	"crypto/rand"
	"encoding/hex"
	"time"

	"github.com/jackc/pgx/v5/pgtype"
)

// NewID returns a new execution id: a UUID version 7 (48 bits of Unix milliseconds, then random
// bits), so ids sort by creation time and the primary key index grows at its right edge.
func NewID(now time.Time) string {
	var b [16]byte
	ms := uint64(now.UnixMilli())
	for i := 0; i < 6; i++ {
		b[i] = byte(ms >> (40 - 8*i))
	}
	_, _ = rand.Read(b[6:])
	b[6] = b[6]&0x0f | 0x70 // version 7
	b[8] = b[8]&0x3f | 0x80 // RFC 9562 variant
	var s [36]byte
	hex.Encode(s[0:8], b[0:4])
	s[8] = '-'
	hex.Encode(s[9:13], b[4:6])
	s[13] = '-'
	hex.Encode(s[14:18], b[6:8])
	s[18] = '-'
	hex.Encode(s[19:23], b[8:10])
	s[23] = '-'
	hex.Encode(s[24:36], b[10:16])
	return string(s[:])
}

// uuids converts execution ids for a uuid[] parameter. pgx has no binary encoding of a Go string
// as a uuid: given []string it first builds an encoding error per call, then falls back to the
// text format; parsed here, the ids go in binary. An id that is not a UUID becomes NULL, which
// matches no row.
func uuids(ids []string) []pgtype.UUID {
	out := make([]pgtype.UUID, len(ids))
	for i, id := range ids {
		out[i] = parseUUID(id)
	}
	return out
}

func parseUUID(s string) pgtype.UUID {
	var u pgtype.UUID
	if len(s) != 36 || s[8] != '-' || s[13] != '-' || s[18] != '-' || s[23] != '-' {
		return u
	}
	hexDigits := s[0:8] + s[9:13] + s[14:18] + s[19:23] + s[24:36]
	if _, err := hex.Decode(u.Bytes[:], []byte(hexDigits)); err != nil {
		return pgtype.UUID{}
	}
	u.Valid = true
	return u
}
