// Options of `sluice controller`, read from the command line by its spec (spec.ts).
import type { CommandLine } from '../shared/command-line.ts';
import { parseCommandLine } from '../shared/command-line.ts';
import { numberFlag, stringFlag, switchFlag } from '../shared/flags.ts';
import { spec } from './spec.ts';

export interface ControllerArguments {
  kubeconfig?: string;
  namespace?: string;
  instanceId?: string;
  leaderElect: boolean;
  /** Argo's --self-service-notification-enabled. */
  selfServiceNotifications: boolean;
  metricsPort: number;
  healthPort?: number;
  /** Concurrent reconciles of rollouts and of AnalysisRuns (Argo's --rollout-threads, --analysis-threads). */
  rolloutThreads?: number;
  analysisThreads?: number;
  /** The dashboard's port (0: off) and address. */
  dashboardPort: number;
  dashboardAddress?: string;
  /** The built web UI; default dist/dashboard/ of the package. */
  dashboardStaticDir?: string;
}

/** The options of a command line already read (--help not given). */
export function controllerArgumentsOf(line: CommandLine): ControllerArguments {
  const parsed = line.flags;
  const optional = <T>(name: keyof ControllerArguments, value: T | undefined) =>
    value === undefined ? {} : { [name]: value };
  return {
    ...optional('kubeconfig', stringFlag(parsed, 'kubeconfig')),
    ...optional('namespace', stringFlag(parsed, 'namespace')),
    ...optional('instanceId', stringFlag(parsed, 'instance-id')),
    leaderElect: switchFlag(parsed, 'leader-elect'),
    selfServiceNotifications: switchFlag(parsed, 'self-service-notification-enabled'),
    metricsPort: numberFlag(parsed, 'metrics-port') ?? 0,
    ...optional('healthPort', numberFlag(parsed, 'health-port')),
    ...optional('rolloutThreads', numberFlag(parsed, 'rollout-threads')),
    ...optional('analysisThreads', numberFlag(parsed, 'analysis-threads')),
    dashboardPort: numberFlag(parsed, 'dashboard-port') ?? 0,
    ...optional('dashboardAddress', stringFlag(parsed, 'dashboard-address')),
    ...optional('dashboardStaticDir', stringFlag(parsed, 'dashboard-static-dir')),
  };
}

/** Reads the options; a mistake throws a UsageError that says what to write. */
export function parseControllerArguments(args: readonly string[]): ControllerArguments {
  return controllerArgumentsOf(parseCommandLine(spec, args));
}
