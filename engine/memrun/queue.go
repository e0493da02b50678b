package memrun

import (
	"container/heap"
	"time"
)

// eventKind says what happens when an event is due.
type eventKind int

const (
	evAttemptStart  eventKind = iota // a retry of a task or mocked workflow starts
	evAttemptEnd                     // a mocked reply arrives (or the attempt times out)
	evTimer                          // a timer fires
	evSignal                         // a mocked signal arrives
	evSignalTimeout                  // a signal request's timeout expires
	evChildTimeout                   // a child workflow run for real exceeds its timeout
)

// event is something due at an instant of virtual time. Events due at the same instant happen
// in the order they were scheduled.
type event struct {
	at   time.Time
	seq  uint64
	kind eventKind

	call         *call         // attempt start/end, child timeout
	attempt      int           // attempt start/end: which attempt
	reply        Reply         // attempt end
	timeout      bool          // attempt end: the attempt timed out
	exec         *execution    // timer, signal timeout
	handle       int           // timer, signal timeout
	req          *signalWait   // signal timeout
	signal       *Signal       // signal arrival
	timeoutAfter time.Duration // signal timeout: the request's timeout
}

// eventQueue is a min-heap of events by (at, seq).
type eventQueue struct {
	items []*event
	seq   uint64
}

func (q *eventQueue) Len() int { return len(q.items) }
func (q *eventQueue) Less(i, j int) bool {
	a, b := q.items[i], q.items[j]
	if !a.at.Equal(b.at) {
		return a.at.Before(b.at)
	}
	return a.seq < b.seq
}
func (q *eventQueue) Swap(i, j int) { q.items[i], q.items[j] = q.items[j], q.items[i] }
func (q *eventQueue) Push(x any)    { q.items = append(q.items, x.(*event)) }
func (q *eventQueue) Pop() any {
	n := len(q.items)
	it := q.items[n-1]
	q.items[n-1] = nil
	q.items = q.items[:n-1]
	return it
}

// schedule adds ev, due at ev.at, after every event already scheduled for that instant.
func (q *eventQueue) schedule(ev *event) {
	q.seq++
	ev.seq = q.seq
	heap.Push(q, ev)
}

// peek returns the next due event without removing it (nil when empty).
func (q *eventQueue) peek() *event {
	if len(q.items) == 0 {
		return nil
	}
	return q.items[0]
}

// next removes and returns the next due event.
func (q *eventQueue) next() *event { return heap.Pop(q).(*event) }
