// Which target a command talks to. Flags win; then SLUICE_TARGET; then a running local runtime in
// the state directory ($SLUICE_STATE_DIR, else .sluice here); else the cluster of the kubeconfig.
// A runtime you started in this directory is a stronger sign of intent than a kubeconfig that is
// always there, and a mistaken local target fails with "not found" instead of changing a cluster.
// The target modules are imported only once chosen, so a local command loads no cluster code.
import process from 'node:process';
import { liveRuntime, stateDirOf } from '../../runtime/local/api/state-files.ts';
import { UsageError } from '../shared/errors.ts';
import { firstOverride, type ConnectionOverrides } from './connection-overrides.ts';
import type { Target } from './target.ts';

export interface TargetFlags {
  local: boolean;
  stateDir: string | undefined;
  kubeconfig: string | undefined;
  context: string | undefined;
  /** --request-timeout, in ms. */
  requestTimeoutMs?: number | undefined;
  /** kubectl's connection flags (--server, --token, ...); any of them means the cluster. */
  overrides?: ConnectionOverrides;
}

export type TargetChoice =
  | { kind: 'local'; stateDir: string; reason: string }
  | { kind: 'cluster'; kubeconfig: string | undefined; context: string | undefined; reason: string };

/** Decides without connecting; `isRunning` says whether a live runtime is recorded in a state directory. */
export function chooseTarget(
  flags: TargetFlags,
  env: NodeJS.ProcessEnv,
  isRunning: (stateDir: string) => boolean,
): TargetChoice {
  const wantsLocal = flags.local || flags.stateDir !== undefined;
  const override = firstOverride(flags.overrides ?? {});
  const wantsCluster = flags.kubeconfig !== undefined || flags.context !== undefined || override !== undefined;
  if (wantsLocal && wantsCluster) {
    throw new UsageError(
      `--local/--state-dir and ${override ?? '--kubeconfig/--context'} name different targets: give the flags of one`,
    );
  }
  const stateDir = stateDirOf(flags.stateDir, env);
  const cluster = (reason: string): TargetChoice => ({
    kind: 'cluster',
    kubeconfig: flags.kubeconfig,
    context: flags.context,
    reason,
  });
  if (wantsLocal) return { kind: 'local', stateDir, reason: flags.local ? '--local' : '--state-dir' };
  if (wantsCluster)
    return cluster(
      flags.kubeconfig !== undefined ? '--kubeconfig' : flags.context !== undefined ? '--context' : (override ?? ''),
    );
  const fromEnv = env['SLUICE_TARGET'];
  if (fromEnv === 'local') return { kind: 'local', stateDir, reason: 'SLUICE_TARGET=local' };
  if (fromEnv === 'cluster') return cluster('SLUICE_TARGET=cluster');
  if (fromEnv !== undefined && fromEnv !== '')
    throw new UsageError(`SLUICE_TARGET must be local or cluster, not "${fromEnv}"`);
  if (isRunning(stateDir)) return { kind: 'local', stateDir, reason: `a sluice run is running in ${stateDir}/` };
  return cluster('no local runtime is running, so the kube context');
}

/** Connects to the chosen target; with `verbose`, says which one on standard error. */
export async function openTarget(
  flags: TargetFlags,
  options: { verbose?: boolean; env?: NodeJS.ProcessEnv } = {},
): Promise<Target> {
  const env = options.env ?? process.env;
  const choice = chooseTarget(flags, env, (dir) => liveRuntime(dir) !== undefined);
  let target: Target;
  if (choice.kind === 'local') {
    const { LocalTarget } = await import('./local-target.ts');
    target = new LocalTarget(choice.stateDir);
  } else {
    const [
      { KubeClient },
      { loadConnection },
      { ClusterTarget },
      { bareConnection, withOverrides },
      { connectionWithClusterOrUser },
    ] = await Promise.all([
      import('../../platform/kubernetes/client/client.ts'),
      import('../../platform/kubernetes/client/load-connection.ts'),
      import('./cluster-target.ts'),
      import('./connection-overrides.ts'),
      import('./kube-context-overrides.ts'),
    ]);
    const overrides = flags.overrides ?? {};
    let connection;
    try {
      const fromKubeconfig =
        overrides.cluster !== undefined || overrides.user !== undefined
          ? connectionWithClusterOrUser({
              kubeconfig: choice.kubeconfig,
              context: choice.context,
              cluster: overrides.cluster,
              user: overrides.user,
              env,
            })
          : loadConnection({ kubeconfig: choice.kubeconfig, context: choice.context, env });
      connection = withOverrides(fromKubeconfig, overrides);
    } catch (error) {
      // As kubectl: --server (with --token or certificates) is enough without any kubeconfig.
      const bare =
        (error as Error).name === 'KubeconfigError' &&
        !choice.kubeconfig &&
        !choice.context &&
        !overrides.cluster &&
        !overrides.user
          ? bareConnection(overrides)
          : undefined;
      if (!bare) throw error;
      connection = bare;
    }
    target = new ClusterTarget(
      new KubeClient(
        connection,
        flags.requestTimeoutMs !== undefined ? { requestTimeoutMs: flags.requestTimeoutMs } : {},
      ),
    );
  }
  if (options.verbose) process.stderr.write(`target: ${target.description} (chosen by ${choice.reason})\n`);
  return target;
}
