// Options of `sluice controller`.

export interface ControllerArguments {
  kubeconfig?: string;
  namespace?: string;
  instanceId?: string;
  leaderElect: boolean;
  metricsPort: number;
  healthPort?: number;
  /** Concurrent reconciles of rollouts and of AnalysisRuns (Argo's --rollout-threads, --analysis-threads). */
  rolloutThreads?: number;
  analysisThreads?: number;
  help: boolean;
}

export class ArgumentError extends Error {}

export const CONTROLLER_HELP = `usage: sluice controller [--kubeconfig FILE] [--namespace NS] [--instance-id ID] [--leader-elect] [--metrics-port 8090] [--health-port N] [--rollout-threads 10] [--analysis-threads 30]

Runs the Kubernetes controller until interrupted: it watches Rollouts and the objects they use, and
manages ReplicaSets, Service selectors, Istio routes and AnalysisRuns as Argo Rollouts does. In a
pod it uses the service account; outside, the kubeconfig (--kubeconfig, KUBECONFIG, ~/.kube/config).

options:
  --kubeconfig FILE   kubeconfig to use (default: KUBECONFIG, ~/.kube/config, then in-cluster)
  --namespace NS      watch only this namespace (default: all namespaces)
  --instance-id ID    handle only rollouts labelled argo-rollouts.argoproj.io/controller-instance-id=ID
                      (default: only rollouts without that label)
  --leader-elect      run only while holding the Lease, so several replicas can run
  --metrics-port N    port of /metrics (default 8090; 0: off)
  --health-port N     port of /healthz and /readyz (default: none)
  --rollout-threads N   rollouts reconciled at once (default 10, as Argo; 4 more
                        only for pause ends and AnalysisRun ends)
  --analysis-threads N  AnalysisRuns reconciled at once (default 30, as Argo)
  -h, --help          show this help`;

/** A port number; 0 turns the server off. */
function portOf(flag: string, value: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new ArgumentError(`${flag} needs a port number between 1 and 65535 (0: off), got ${JSON.stringify(value)}`);
  return port;
}

function threadsOf(flag: string, value: string): number {
  const threads = Number(value);
  if (!Number.isInteger(threads) || threads < 1 || threads > 1000) throw new ArgumentError(`${flag} needs a whole number from 1 to 1000, got ${JSON.stringify(value)}`);
  return threads;
}

export function parseControllerArguments(args: readonly string[]): ControllerArguments {
  const parsed: ControllerArguments = { leaderElect: false, metricsPort: 8090, help: false };
  for (let index = 0; index < args.length; index++) {
    const arg = args[index] ?? '';
    const [flag, inline] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const value = (): string => {
      const next = inline ?? args[++index];
      if (next === undefined || next === '') throw new ArgumentError(`${flag} needs a value after it`);
      return next;
    };
    if (flag === '-h' || flag === '--help') parsed.help = true;
    else if (flag === '--kubeconfig') parsed.kubeconfig = value();
    else if (flag === '--namespace' || flag === '-n') parsed.namespace = value();
    else if (flag === '--instance-id') parsed.instanceId = value();
    else if (flag === '--leader-elect') parsed.leaderElect = true;
    else if (flag === '--metrics-port') parsed.metricsPort = portOf(flag, value());
    else if (flag === '--health-port') parsed.healthPort = portOf(flag, value());
    else if (flag === '--rollout-threads') parsed.rolloutThreads = threadsOf(flag, value());
    else if (flag === '--analysis-threads') parsed.analysisThreads = threadsOf(flag, value());
    else throw new ArgumentError(`unknown argument "${arg}"; see sluice controller --help`);
  }
  return parsed;
}
