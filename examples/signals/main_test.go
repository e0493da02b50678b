package main

import (
	"bytes"
	"context"
	"log/slog"
	"regexp"
	"testing"

	"github.com/rhythmflow/rhythm/internal/pgtest"
)

func TestMain(m *testing.M) { pgtest.Main(m) }

// The signalled approval is paid out; the other is rejected when its timeout passes.
func TestSignals(t *testing.T) {
	var out bytes.Buffer
	if err := run(context.Background(), pgtest.URL(t), &out, slog.New(slog.DiscardHandler)); err != nil {
		t.Fatalf("%v\n%s", err, out.String())
	}
	for _, re := range []string{
		`approval \S+: \{"id":"exp_1","status":"approved","by":"grace@example.com","reference":"pay_exp_1"\}`,
		`approval \S+: \{"id":"exp_2","status":"rejected","by":"nobody","reason":"no decision in time"\}`,
		`mail to alan@example.com: please approve exp_2 for 80.00`,
	} {
		if !regexp.MustCompile(re).MatchString(out.String()) {
			t.Errorf("output lacks %s:\n%s", re, out.String())
		}
	}
}
