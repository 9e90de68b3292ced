// Options of `sluice controller`, read from the command line by its spec (spec.ts).
import type { CommandLine } from '../shared/command-line.ts';
import { parseCommandLine } from '../shared/command-line.ts';
import { numberFlag, stringFlag, switchFlag } from '../shared/flags.ts';
import { UsageError } from '../shared/errors.ts';
import { spec } from './spec.ts';
import { normalizeRootPath } from '../../dashboard/server/root-path.ts';

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
  /** The public URL behind a proxy (its origin is the dashboard's own; https makes the cookie Secure). */
  dashboardUrl?: string;
  /** The built web UI; default dist/dashboard/ of the package. */
  dashboardStaticDir?: string;
  /** '' or `/rollouts`: the path the dashboard is served under. */
  dashboardRootPath?: string;
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
    ...optional('dashboardUrl', dashboardUrlFlag(stringFlag(parsed, 'dashboard-url'))),
    ...optional('dashboardStaticDir', stringFlag(parsed, 'dashboard-static-dir')),
    ...optional('dashboardRootPath', rootPathFlag(stringFlag(parsed, 'dashboard-root-path'))),
  };
}

/** Reads the options; a mistake throws a UsageError that says what to write. */
export function parseControllerArguments(args: readonly string[]): ControllerArguments {
  return controllerArgumentsOf(parseCommandLine(spec, args));
}

/** --dashboard-root-path normalized (`/rollouts`), or a UsageError saying what to write. */
function rootPathFlag(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  try {
    return normalizeRootPath(value, '--dashboard-root-path');
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

/** The origin of --dashboard-url (scheme, host and port), or a UsageError saying what to write. */
function dashboardUrlFlag(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new UsageError(`--dashboard-url takes a URL such as https://rollouts.example.com, not "${value}"`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    throw new UsageError(`--dashboard-url takes an http or https URL, not "${value}"`);
  return url.origin;
}
