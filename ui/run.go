package ui

import (
	"context"
	"errors"
	"fmt"
	"os"

	tea "github.com/charmbracelet/bubbletea"
)

// Run shows the TUI full-screen until the user quits or ctx ends.
func Run(ctx context.Context, opts Options, programOpts ...tea.ProgramOption) error {
	if opts.Terminal == nil {
		opts.Terminal = os.Stdout // the program's output: OSC 52 goes where the frames go
	}
	programOpts = append([]tea.ProgramOption{tea.WithAltScreen(), tea.WithContext(ctx)}, programOpts...)
	if opts.Mouse {
		programOpts = append(programOpts, tea.WithMouseCellMotion())
	}
	if _, err := tea.NewProgram(New(opts), programOpts...).Run(); err != nil {
		if errors.Is(err, tea.ErrProgramKilled) && ctx.Err() != nil {
			return nil // interrupted by a signal: a normal way to leave
		}
		return fmt.Errorf("run terminal UI: %w", err)
	}
	return nil
}
