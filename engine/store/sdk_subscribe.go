package store

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

// Subscription holds one pooled connection that listens on notification channels (QueueChannel,
// DoneChannel). It is not safe for concurrent use.
type Subscription struct {
	conn *pgxpool.Conn
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
	for _, ch := range channels {
		if _, err := conn.Exec(ctx, "LISTEN "+pgx.Identifier{ch}.Sanitize()); err != nil {
			conn.Release()
			return nil, fmt.Errorf("subscribe to %s: %w", ch, err)
		}
	}
	return &Subscription{conn: conn}, nil
}

// Next waits for the next notification, or for ctx to end.
func (s *Subscription) Next(ctx context.Context) (Notification, error) {
	n, err := s.conn.Conn().WaitForNotification(ctx)
	if err != nil {
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
	conn := s.conn
	s.conn = nil
	if !conn.Conn().IsClosed() {
		if _, err := conn.Exec(context.Background(), "UNLISTEN *"); err != nil {
			_ = conn.Conn().Close(context.Background())
		}
	}
	conn.Release()
}
