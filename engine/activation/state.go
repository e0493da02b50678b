package activation

import (
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"time"
)

// FormatVersion is the encoding of the saved state this release writes and reads (the
// snapshots table's format_version): a header, the driver's bookkeeping as JSON, then the VM
// snapshot (which carries its own format version).
const FormatVersion = 1

const stateMagic = "RHYACT"

// meta is the driver's bookkeeping saved with the VM state.
type meta struct {
	// LastNow is the time of the last activation: settlements are never reported before it.
	LastNow time.Time `json:"last_now"`
	// Calls maps each pending task or child handle to its execution id.
	Calls map[int]string `json:"calls,omitempty"`
	// Aliases lists, for a pending handle, later handles given the same execution by an
	// idempotency key: they settle with it.
	Aliases map[int][]int `json:"aliases,omitempty"`
	// Signals are the pending signal requests (handle → signal name).
	Signals map[int]string `json:"signals,omitempty"`
	// Timers are the pending timers (handle → fire time) and SignalDeadlines the timeouts of
	// pending signal requests: an activation looks them up only when one is due. Tracked is
	// false in state saved before they were recorded (then they are always looked up).
	Timers          map[int]time.Time `json:"timers,omitempty"`
	SignalDeadlines map[int]time.Time `json:"signal_deadlines,omitempty"`
	Tracked         bool              `json:"tracked,omitempty"`
	// Deadlines are the timeouts of pending child workflows.
	Deadlines map[int]time.Time `json:"deadlines,omitempty"`
}

func newMeta() *meta {
	return &meta{Calls: map[int]string{}, Aliases: map[int][]int{}, Signals: map[int]string{}, Deadlines: map[int]time.Time{},
		Timers: map[int]time.Time{}, SignalDeadlines: map[int]time.Time{}, Tracked: true}
}

// encodeState joins the bookkeeping and the VM snapshot.
func encodeState(m *meta, snapshot []byte) ([]byte, error) {
	mj, err := json.Marshal(m)
	if err != nil {
		return nil, fmt.Errorf("encode state: %w", err)
	}
	b := make([]byte, 0, len(stateMagic)+binary.MaxVarintLen64+len(mj)+len(snapshot))
	b = append(b, stateMagic...)
	b = binary.AppendUvarint(b, uint64(len(mj)))
	b = append(b, mj...)
	return append(b, snapshot...), nil
}

// errState reports saved state this release cannot read.
var errState = errors.New("unreadable saved state")

// decodeState splits saved state written by encodeState.
func decodeState(version int, data []byte) (*meta, []byte, error) {
	if version != FormatVersion {
		return nil, nil, fmt.Errorf("%w: format version %d is not supported by this release (it reads %d)", errState, version, FormatVersion)
	}
	if len(data) < len(stateMagic) || string(data[:len(stateMagic)]) != stateMagic {
		return nil, nil, fmt.Errorf("%w: bad header", errState)
	}
	data = data[len(stateMagic):]
	n, k := binary.Uvarint(data)
	if k <= 0 || uint64(len(data)-k) < n {
		return nil, nil, fmt.Errorf("%w: truncated", errState)
	}
	m := newMeta()
	if err := json.Unmarshal(data[k:k+int(n)], m); err != nil {
		return nil, nil, fmt.Errorf("%w: %w", errState, err)
	}
	if m.Calls == nil {
		m.Calls = map[int]string{}
	}
	if m.Aliases == nil {
		m.Aliases = map[int][]int{}
	}
	if m.Signals == nil {
		m.Signals = map[int]string{}
	}
	if m.Deadlines == nil {
		m.Deadlines = map[int]time.Time{}
	}
	if m.Timers == nil {
		m.Timers = map[int]time.Time{}
	}
	if m.SignalDeadlines == nil {
		m.SignalDeadlines = map[int]time.Time{}
	}
	return m, data[k+int(n):], nil
}
