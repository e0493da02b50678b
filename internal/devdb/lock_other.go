//go:build !unix

package devdb

import (
	"errors"
	"os"
)

// tryLock is not supported: the development database needs a Unix system.
func tryLock(f *os.File) (bool, error) {
	return false, errors.New("the development database is supported on Unix systems only; set " + EnvURL)
}

// ownedBySelf assumes ownership.
func ownedBySelf(path string) bool { return true }
