package main

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"strings"
	"testing"

	"github.com/rhythmflow/rhythm/internal/pgtest"
)

func TestMain(m *testing.M) { pgtest.Main(m) }

// Every image is resized; the results come back in the order of the inputs.
func TestFanout(t *testing.T) {
	var out bytes.Buffer
	const n = 8
	if err := run(context.Background(), pgtest.URL(t), n, &out, slog.New(slog.DiscardHandler)); err != nil {
		t.Fatalf("%v\n%s", err, out.String())
	}
	var urls []string
	for i := 1; i <= n; i++ {
		urls = append(urls, fmt.Sprintf(`"https://img.example.com/photo-%02d_160.jpg"`, i))
	}
	want := fmt.Sprintf(`result: {"count":%d,"bytes":%d,"thumbnails":[%s]}`, n, n*160*len("photo-01.jpg"), strings.Join(urls, ","))
	if !strings.Contains(out.String(), want) {
		t.Fatalf("output lacks\n%s\n%s", want, out.String())
	}
}
