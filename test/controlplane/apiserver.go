package main

import (
	"fmt"
	"os"
	"strings"

	"k8s.io/component-base/cli"
	apiserver "k8s.io/kubernetes/cmd/kube-apiserver/app"
)

// etcdFlagPrefix marks the flags that configure the embedded etcd; every other flag
// goes to kube-apiserver unchanged.
const etcdFlagPrefix = "--embedded-etcd-"

// runAPIServer starts etcd inside this process, then runs kube-apiserver against it.
// Flags for etcd: --embedded-etcd-dir=DIR (required), --embedded-etcd-client-port=N and
// --embedded-etcd-peer-port=N (free loopback ports; both required).
// --etcd-servers is added for the API server unless given.
func runAPIServer(args []string) int {
	etcdFlags, apiserverArgs := splitEtcdFlags(args)
	if hasFlag(apiserverArgs, "--help") || hasFlag(apiserverArgs, "-h") || hasFlag(apiserverArgs, "--version") {
		return runAPIServerCommand(apiserverArgs)
	}
	settings, err := parseEmbeddedEtcdFlags(etcdFlags)
	if err != nil {
		fmt.Fprintf(os.Stderr, "apiserver: %v\n", err)
		return 2
	}
	etcd, err := startEmbeddedEtcd(settings)
	if err != nil {
		fmt.Fprintf(os.Stderr, "apiserver: embedded etcd: %v\n", err)
		return 1
	}
	defer etcd.Close()
	go func() {
		// etcd failing under a running API server leaves nothing worth keeping alive.
		if err, ok := <-etcd.Err(); ok && err != nil {
			fmt.Fprintf(os.Stderr, "apiserver: embedded etcd stopped: %v\n", err)
			os.Exit(1)
		}
	}()
	if !hasFlag(apiserverArgs, "--etcd-servers") {
		apiserverArgs = append(apiserverArgs, "--etcd-servers="+settings.clientURL())
	}
	return runAPIServerCommand(apiserverArgs)
}

// runAPIServerCommand runs kube-apiserver as its upstream main does, with these arguments.
func runAPIServerCommand(args []string) int {
	os.Args = append([]string{os.Args[0]}, args...)
	command := apiserver.NewAPIServerCommand()
	command.SetArgs(args)
	return cli.Run(command)
}

func splitEtcdFlags(args []string) (etcdFlags, rest []string) {
	for _, arg := range args {
		if strings.HasPrefix(arg, etcdFlagPrefix) {
			etcdFlags = append(etcdFlags, arg)
		} else {
			rest = append(rest, arg)
		}
	}
	return etcdFlags, rest
}

func hasFlag(args []string, name string) bool {
	for _, arg := range args {
		if arg == name || strings.HasPrefix(arg, name+"=") {
			return true
		}
	}
	return false
}
