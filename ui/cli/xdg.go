package cli

import (
	"errors"
	"fmt"
	"path/filepath"
	"runtime"
)

// xdgDir is one of the XDG base directories (config, data, state), read
// through env so that tests can give the environment: the variable's value
// when it is absolute, else the default under the home directory. A
// relative value is ignored, as the spec says, not an error: the default
// applies, for every one of the three alike.
func xdgDir(env func(string) string, variable string, underHome ...string) (string, error) {
	if dir := env(variable); dir != "" && filepath.IsAbs(dir) {
		return dir, nil
	}
	home, err := userHomeDir(env)
	if err != nil {
		return "", err
	}
	return filepath.Join(append([]string{home}, underHome...)...), nil
}

// userConfigDir is os.UserConfigDir read through env: the XDG config
// directory on Unix (a relative $XDG_CONFIG_HOME ignored, as for data and
// state); %AppData% on Windows; ~/Library/Application Support on macOS.
func userConfigDir(env func(string) string) (string, error) {
	switch runtime.GOOS {
	case "windows":
		if dir := env("AppData"); dir != "" {
			return dir, nil
		}
		return "", errors.New("%AppData% is not set")
	case "darwin", "ios":
		home, err := userHomeDir(env)
		if err != nil {
			return "", err
		}
		return filepath.Join(home, "Library", "Application Support"), nil
	case "plan9":
		home, err := userHomeDir(env)
		if err != nil {
			return "", err
		}
		return filepath.Join(home, "lib"), nil
	}
	return xdgDir(env, "XDG_CONFIG_HOME", ".config")
}

// userHomeDir is os.UserHomeDir read through env: $HOME (%USERPROFILE% on
// Windows, $home on Plan 9).
func userHomeDir(env func(string) string) (string, error) {
	name := "HOME"
	switch runtime.GOOS {
	case "windows":
		name = "USERPROFILE"
	case "plan9":
		name = "home"
	}
	if home := env(name); home != "" {
		return home, nil
	}
	return "", fmt.Errorf("$%s is not set", name)
}
