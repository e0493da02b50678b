// Command fanout shows a fan-out: thumbnails starts one resize_image task per image in a loop and
// waits for all of them with Promise.all; the tasks run in parallel on the worker.
//
//	go run ./examples/fanout [-images N]
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path"
	"strings"
	"time"

	"github.com/rhythmflow/rhythm/client"
	"github.com/rhythmflow/rhythm/examples/fanout/workflows"
	"github.com/rhythmflow/rhythm/examples/internal/demo"
	"github.com/rhythmflow/rhythm/worker"
)

func main() {
	n := flag.Int("images", 12, "number of images to resize")
	flag.Parse()
	demo.Main("fanout", func(ctx context.Context, url string) error {
		return run(ctx, url, *n, os.Stdout, demo.Logger())
	})
}

// ResizeInput is the input of resize_image.
type ResizeInput struct {
	URL   string `json:"url"`
	Width int    `json:"width"`
}

// ResizeResult is the output of resize_image.
type ResizeResult struct {
	URL   string `json:"url"`
	Bytes int    `json:"bytes"`
}

// resize pretends to resize an image: it takes 50ms and its size is the width times the length of
// the name.
func resize(ctx context.Context, in ResizeInput) (ResizeResult, error) {
	select {
	case <-time.After(50 * time.Millisecond):
	case <-ctx.Done():
		return ResizeResult{}, ctx.Err()
	}
	ext := path.Ext(in.URL)
	return ResizeResult{URL: strings.TrimSuffix(in.URL, ext) + fmt.Sprintf("_%d", in.Width) + ext, Bytes: in.Width * len(path.Base(in.URL))}, nil
}

// run resizes n images through one workflow and prints the result and how long it took.
func run(ctx context.Context, url string, n int, out io.Writer, log *slog.Logger) error {
	pool, err := demo.Open(ctx, url)
	if err != nil {
		return err
	}
	defer pool.Close()
	stop, err := demo.Serve(ctx, pool, log, workflows.FS,
		worker.Task("resize_image", resize, worker.TaskOptions{Doc: "Resizes an image to a width.", Retries: 2}))
	if err != nil {
		return err
	}
	images := make([]string, n)
	for i := range images {
		images[i] = fmt.Sprintf("https://img.example.com/photo-%02d.jpg", i+1)
	}
	c := client.New(pool)
	id, err := c.StartWorkflow(ctx, "thumbnails", map[string]any{"images": images, "width": 160}, client.StartOptions{})
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "started thumbnails %s for %d images\n", id, n)
	x, err := demo.Completed(ctx, c, id)
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "result: %s\n", x.Output)
	fmt.Fprintf(out, "%d tasks of 50ms each finished in %s (in parallel)\n", n, demo.Round(x.FinishedAt.Sub(x.StartedAt)))
	return stop()
}
