package main

import (
	"fmt"
	"os"
	"os/exec"
	"os/signal"
	"syscall"
	"time"
)

// exitWithParentEnv, when set to "1", makes the process kill its own process group as
// soon as the process that started it is gone, so that a test runner killed with SIGKILL
// leaves no control plane behind. The caller starts each component in its own group.
const exitWithParentEnv = "CONTROLPLANE_EXIT_WITH_PARENT"

func watchParentIfAsked() {
	if os.Getenv(exitWithParentEnv) != "1" {
		return
	}
	parent := os.Getppid()
	go func() {
		for range time.Tick(500 * time.Millisecond) {
			if os.Getppid() != parent {
				_ = syscall.Kill(0, syscall.SIGKILL) // our whole process group
				os.Exit(1)
			}
		}
	}()
}

// runTethered runs another program (kwok) as a child in this process group, passing on
// termination signals and its exit code, so that it falls under the parent watch too.
func runTethered(args []string) int {
	if len(args) > 0 && args[0] == "--" {
		args = args[1:]
	}
	if len(args) == 0 {
		fmt.Fprintln(os.Stderr, "usage: controlplane run-tethered [--] PROGRAM [ARGS...]")
		return 2
	}
	cmd := exec.Command(args[0], args[1:]...)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = os.Stdin, os.Stdout, os.Stderr
	signals := make(chan os.Signal, 4)
	signal.Notify(signals, syscall.SIGTERM, syscall.SIGINT, syscall.SIGHUP)
	if err := cmd.Start(); err != nil {
		fmt.Fprintf(os.Stderr, "run-tethered: %v\n", err)
		return 1
	}
	go func() {
		for sig := range signals {
			_ = cmd.Process.Signal(sig)
		}
	}()
	err := cmd.Wait()
	if exitErr, ok := err.(*exec.ExitError); ok {
		if status, ok := exitErr.Sys().(syscall.WaitStatus); ok && status.Signaled() {
			return 128 + int(status.Signal())
		}
		return exitErr.ExitCode()
	}
	if err != nil {
		fmt.Fprintf(os.Stderr, "run-tethered: %v\n", err)
		return 1
	}
	return 0
}
