package savedialog

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// expand resolves a leading ~/ to the home directory.
func expand(path string) (string, error) {
	path = strings.TrimSpace(path)
	if path == "" {
		return "", fmt.Errorf("give a file name")
	}
	if path == "~" || strings.HasPrefix(path, "~/") {
		home, err := os.UserHomeDir()
		if err != nil {
			return "", err
		}
		path = filepath.Join(home, path[1:])
	}
	return path, nil
}
