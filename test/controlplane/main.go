// Command controlplane is one multi-call binary holding the Kubernetes control plane
// components that sluice's integration tests run: the API server (with etcd embedded
// in the same process), the controller manager, the scheduler and kubectl.
//
// Call it as `controlplane COMPONENT [flags...]`, or through a link named after the
// component (kube-apiserver, kube-controller-manager, kube-scheduler, kubectl).
// Run one component per process: the upstream signal handler may be set up only once.
// `controlplane run-tethered PROGRAM ARGS...` runs another program (kwok) under the same
// parent watch as the components (see tether.go).
package main

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	_ "time/tzdata" // time zones for CronJob, as the upstream binaries do

	_ "k8s.io/component-base/logs/json/register"          // JSON log format, as upstream
	_ "k8s.io/component-base/metrics/prometheus/clientgo" // client-go metrics, as upstream
	_ "k8s.io/component-base/metrics/prometheus/version"  // version metric, as upstream
)

// components maps each component name (and the upstream binary name) to its entry point.
// Each entry point receives the arguments that follow the component name and returns
// the process exit code.
var components = map[string]func(args []string) int{
	"apiserver":               runAPIServer,
	"kube-apiserver":          runAPIServer,
	"controller-manager":      runControllerManager,
	"kube-controller-manager": runControllerManager,
	"scheduler":               runScheduler,
	"kube-scheduler":          runScheduler,
	"kubectl":                 runKubectl,
	"run-tethered":            runTethered,
}

func main() {
	name := filepath.Base(os.Args[0])
	args := os.Args[1:]
	if _, ok := components[name]; !ok {
		if len(args) == 0 {
			usage()
			os.Exit(2)
		}
		name, args = args[0], args[1:]
	}
	run, ok := components[name]
	if !ok {
		fmt.Fprintf(os.Stderr, "controlplane: unknown component %q\n", name)
		usage()
		os.Exit(2)
	}
	// The upstream commands read os.Args themselves (cobra, kubectl's verbosity), so make
	// it look as if the component had been called directly.
	os.Args = append([]string{name}, args...)
	watchParentIfAsked()
	os.Exit(run(args))
}

func usage() {
	names := make([]string, 0, len(components))
	for name := range components {
		if !strings.HasPrefix(name, "kube-") {
			names = append(names, name)
		}
	}
	sort.Strings(names)
	fmt.Fprintf(os.Stderr, "usage: controlplane {%s} [flags...]\n", strings.Join(names, "|"))
}
