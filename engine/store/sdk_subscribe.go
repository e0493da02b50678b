package store

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

// ErrNoSpareConn reports that a spare subscription (SubscribeSpare) found, or kept, no connection
// the pool could spare. Errors wrap it.
var ErrNoSpareConn = errors.New("no spare pool connection")

// How a spare subscription watches its pool: it samples the pool every spareSample and gives its
// connection back after spareSamples samples in a row without a free connection. Acquiring its
// connection waits at most spareSample × spareSamples.
const (
	spareSample  = 100 * time.Millisecond
	spareSamples = 5
)

// Subscription holds one pooled connection that listens on notification channels (QueueChannel,
// DoneChannel). It is not safe for concurrent use.
type Subscription struct {
	conn *pgxpool.Conn
	// starved, for a spare subscription, ends with cause ErrNoSpareConn when the pool ran out of
	// free connections, and with another cause at Close; nil for Subscribe's subscriptions.
	starved context.Context
	stop    context.CancelCauseFunc
}

// Notification is one notification received by a Subscription.
type Notification struct {
	Channel, Payload string
}

// Subscribe takes a connection from the pool and listens on channels with it until Close.
func (s *Store) Subscribe(ctx context.Context, channels ...string) (*Subscription, error) {
	conn, err := s.pool.Acquire(ctx)
	if err != nil {
		return nil, fmt.Errorf("subscribe: %w", err)
	}
	return listen(ctx, conn, channels)
}

// SubscribeSpare is Subscribe for an optional listener — one whose users can fall back to polling
// — which must never hold a connection that other work needs. It takes a connection only when
// the pool has at least two free (idle, or not yet opened), so that one stays free, and waits at
// most half a second for it; otherwise it fails with an error wrapping ErrNoSpareConn. While it
// listens it watches the pool: once the pool has had no free connection for about half a second
// (someone may be waiting for one), Next fails with an error wrapping ErrNoSpareConn, and Close
// gives the connection back. A pool of one connection never has one to spare.
func (s *Store) SubscribeSpare(ctx context.Context, channels ...string) (*Subscription, error) {
	if free(s.pool.Stat()) < 2 {
		return nil, fmt.Errorf("subscribe: %w", ErrNoSpareConn)
	}
	actx, cancel := context.WithTimeout(ctx, spareSample*spareSamples)
	conn, err := s.pool.Acquire(actx)
	cancel()
	if err != nil {
		if ctx.Err() == nil && errors.Is(err, context.DeadlineExceeded) {
			err = ErrNoSpareConn
		}
		return nil, fmt.Errorf("subscribe: %w", err)
	}
	sub, err := listen(ctx, conn, channels)
	if err != nil {
		return nil, err
	}
	sub.starved, sub.stop = context.WithCancelCause(context.Background())
	go watchPool(s.pool, sub.starved, sub.stop)
	return sub, nil
}

// free is the number of connections a pool can hand out without waiting.
func free(st *pgxpool.Stat) int32 {
	return st.IdleConns() + max(0, st.MaxConns()-st.TotalConns())
}

// watchPool ends starved with cause ErrNoSpareConn once pool had no free connection on
// spareSamples samples in a row; it returns when starved ends.
func watchPool(pool *pgxpool.Pool, starved context.Context, stop context.CancelCauseFunc) {
	t := time.NewTicker(spareSample)
	defer t.Stop()
	short := 0
	for {
		select {
		case <-starved.Done():
			return
		case <-t.C:
		}
		if free(pool.Stat()) > 0 {
			short = 0
			continue
		}
		if short++; short >= spareSamples {
			stop(ErrNoSpareConn)
			return
		}
	}
}

// listen runs LISTEN for every channel on conn, releasing conn on failure.
func listen(ctx context.Context, conn *pgxpool.Conn, channels []string) (*Subscription, error) {
	for _, ch := range channels {
		if _, err := conn.Exec(ctx, "LISTEN "+pgx.Identifier{ch}.Sanitize()); err != nil {
			conn.Release()
			return nil, fmt.Errorf("subscribe to %s: %w", ch, err)
		}
	}
	return &Subscription{conn: conn}, nil
}

// Next waits for the next notification, or for ctx to end. A spare subscription's Next also
// ends, with an error wrapping ErrNoSpareConn, when the pool runs short of connections.
func (s *Subscription) Next(ctx context.Context) (Notification, error) {
	if s.starved != nil {
		var cancel context.CancelFunc
		ctx, cancel = context.WithCancel(ctx)
		defer cancel()
		defer context.AfterFunc(s.starved, cancel)()
	}
	n, err := s.conn.Conn().WaitForNotification(ctx)
	if err != nil {
		if s.starved != nil && errors.Is(context.Cause(s.starved), ErrNoSpareConn) {
			err = ErrNoSpareConn
		}
		return Notification{}, fmt.Errorf("wait for notification: %w", err)
	}
	return Notification{Channel: n.Channel, Payload: n.Payload}, nil
}

// Close stops listening and gives the connection back (or closes it, if a cancelled wait left it
// unusable).
func (s *Subscription) Close() {
	if s.conn == nil {
		return
	}
	if s.stop != nil {
		s.stop(errClosed)
	}
	conn := s.conn
	s.conn = nil
	if !conn.Conn().IsClosed() {
		if _, err := conn.Exec(context.Background(), "UNLISTEN *"); err != nil {
			_ = conn.Conn().Close(context.Background())
		}
	}
	conn.Release()
}

// errClosed is the cause that ends a spare subscription's pool watch at Close.
var errClosed = errors.New("subscription closed")
