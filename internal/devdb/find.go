package devdb

import (
	"fmt"
	"os"
	"path/filepath"
)

// FindProject returns the project folder whose .rhythm/ holds the development database: the
// nearest ancestor of the working directory that has a .rhythm folder, a go.mod or a .git,
// else the working directory itself.
func FindProject() (string, error) {
	wd, err := os.Getwd()
	if err != nil {
		return "", fmt.Errorf("cannot find the working directory: %w", err)
	}
	for dir := wd; ; {
		for _, marker := range []string{".rhythm", "go.mod", ".git"} {
			if _, err := os.Stat(filepath.Join(dir, marker)); err == nil {
				return dir, nil
			}
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return wd, nil
		}
		dir = parent
	}
}
