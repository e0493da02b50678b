package pgserver

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
)

// InitCached initialises the cluster like [Cluster.Init], but by copying a pristine cluster kept
// in cacheRoot, made once by initdb for this installation, account and options. Copying is several
// times faster than initdb, which matters for test binaries that each start a cluster. The cache
// entry is built under a temporary name and renamed into place, so concurrent callers never copy
// a partial one. cacheRoot is created private to the caller; if it exists and belongs to someone
// else, the cache is not trusted and InitCached falls back to initdb.
func (c *Cluster) InitCached(ctx context.Context, opts InitOptions, cacheRoot string) error {
	if err := os.MkdirAll(cacheRoot, 0o700); err != nil || !ownedByCaller(cacheRoot) {
		return c.Init(ctx, opts)
	}
	h := sha256.New()
	fmt.Fprintf(h, "%s\x00%s\x00%d\x00%d\x00%q", c.Bin.Dir, c.Bin.Version, c.Account.UID, c.Account.GID, opts)
	entry := filepath.Join(cacheRoot, hex.EncodeToString(h.Sum(nil))[:20])
	if _, err := os.Stat(filepath.Join(entry, "PG_VERSION")); err != nil {
		suffix := make([]byte, 6)
		_, _ = rand.Read(suffix)
		build := entry + ".build-" + hex.EncodeToString(suffix)
		bc := &Cluster{Bin: c.Bin, DataDir: build, Account: c.Account}
		if c.Account.Switch {
			// The server's account must pass through cacheRoot to initialise the entry in it.
			if err := os.Chmod(cacheRoot, 0o711); err != nil {
				return c.Init(ctx, opts)
			}
		}
		if err := bc.Init(ctx, opts); err != nil {
			os.RemoveAll(build)
			return err
		}
		if err := os.Rename(build, entry); err != nil {
			os.RemoveAll(build) // another caller won the race: use its entry
		}
	}
	if err := copyTree(entry, c.DataDir); err != nil {
		os.RemoveAll(c.DataDir)
		return fmt.Errorf("copy cached cluster: %w", err)
	}
	return nil
}

// copyTree copies the folder src to dst (which must not exist or be empty), keeping permissions
// and, when the caller may, owners.
func copyTree(src, dst string) error {
	return filepath.WalkDir(src, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, path)
		target := filepath.Join(dst, rel)
		fi, err := d.Info()
		if err != nil {
			return err
		}
		switch {
		case d.IsDir():
			if err := os.Mkdir(target, fi.Mode().Perm()); err != nil && !errors.Is(err, os.ErrExist) {
				return err
			}
			if err := os.Chmod(target, fi.Mode().Perm()); err != nil {
				return err
			}
		case fi.Mode().IsRegular():
			if err := copyFile(path, target, fi.Mode().Perm()); err != nil {
				return err
			}
		default:
			return fmt.Errorf("%s: unexpected file type %v", path, fi.Mode().Type())
		}
		return copyOwner(fi, target)
	})
}

func copyFile(src, dst string, perm fs.FileMode) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(dst, os.O_CREATE|os.O_EXCL|os.O_WRONLY, perm)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}
