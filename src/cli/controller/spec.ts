// `sluice controller`: its spec (parser, help, completion).
import type { CommandSpec } from '../shared/command-spec.ts';

export const spec: CommandSpec = {
  name: 'controller',
  summary: 'run the Kubernetes controller',
  description:
    'Runs the Kubernetes controller until interrupted: it watches Rollouts and the objects they use, and manages ReplicaSets, Service selectors, Istio routes and AnalysisRuns as Argo Rollouts does. In a pod it uses the service account; outside, the kubeconfig (--kubeconfig, KUBECONFIG, ~/.kube/config).',
  flags: [
    {
      name: 'kubeconfig',
      takesValue: true,
      type: 'file',
      valueName: 'FILE',
      description: 'kubeconfig to use',
      defaultText: 'KUBECONFIG, ~/.kube/config, then in-cluster',
    },
    {
      name: 'namespace',
      short: 'n',
      takesValue: true,
      valueName: 'NS',
      description: 'watch only this namespace',
      defaultText: 'all namespaces',
    },
    {
      name: 'instance-id',
      takesValue: true,
      valueName: 'ID',
      description: 'handle only rollouts labelled argo-rollouts.argoproj.io/controller-instance-id=ID',
      defaultText: 'only rollouts without that label',
    },
    {
      name: 'self-service-notification-enabled',
      takesValue: false,
      description:
        "also read argo-rollouts-notification-configmap and -secret in each Rollout's own namespace, as Argo's flag of that name",
    },
    {
      name: 'leader-elect',
      takesValue: false,
      description: 'run only while holding the Lease, so several replicas can run',
    },
    {
      name: 'metrics-port',
      takesValue: true,
      type: 'port',
      min: 0,
      valueName: 'N',
      description: 'port of /metrics (0: off)',
      default: '8090',
    },
    {
      name: 'health-port',
      takesValue: true,
      type: 'port',
      min: 0,
      valueName: 'N',
      description: 'port of /healthz and /readyz (0: off)',
      defaultText: 'none',
    },
    {
      name: 'rollout-threads',
      takesValue: true,
      type: 'integer',
      min: 1,
      max: 1000,
      valueName: 'N',
      description: 'rollouts reconciled at once (4 more only for pause ends and AnalysisRun ends)',
      defaultText: '10, as Argo',
    },
    {
      name: 'analysis-threads',
      takesValue: true,
      type: 'integer',
      min: 1,
      max: 1000,
      valueName: 'N',
      description: 'AnalysisRuns reconciled at once',
      defaultText: '30, as Argo',
    },
    {
      name: 'dashboard-port',
      takesValue: true,
      type: 'port',
      min: 0,
      valueName: 'N',
      description:
        'serve the web dashboard on this port (0: off); users log in with a Kubernetes token, and RBAC decides what each may see and do',
      default: '0',
    },
    {
      name: 'dashboard-address',
      takesValue: true,
      valueName: 'A',
      description: 'address the dashboard listens on (0.0.0.0 to be reached through a Service)',
      default: '127.0.0.1',
    },
    {
      name: 'dashboard-url',
      takesValue: true,
      valueName: 'URL',
      description:
        "the dashboard's public URL behind a proxy or Ingress (https://rollouts.example.com): actions from its pages are accepted, and over https the session cookie is Secure",
      defaultText: 'none',
    },
    {
      name: 'dashboard-root-path',
      takesValue: true,
      valueName: 'PATH',
      description:
        'the path the dashboard is served under behind an Ingress (rollouts: its pages, API and streams under /rollouts/)',
      defaultText: '/',
    },
    {
      name: 'dashboard-static-dir',
      takesValue: true,
      type: 'dir',
      valueName: 'DIR',
      description: "the dashboard's built web UI",
      defaultText: 'dist/dashboard/ of the package',
    },
  ],
  usageExitCode: 2,
  examples: [
    'sluice controller --leader-elect --metrics-port 8090',
    'sluice controller --dashboard-port 3100 --dashboard-address 0.0.0.0',
  ],
};
