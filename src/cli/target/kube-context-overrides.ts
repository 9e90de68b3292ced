// kubectl's --cluster and --user: the context is read as usual, then its cluster or user is
// replaced by the one of that name in the same kubeconfig files.
import { connectionFromContext, kubeconfigFiles } from '../../platform/kubernetes/client/load-connection.ts';
import { KubeconfigError, mergeKubeconfigs, selectContext } from '../../platform/kubernetes/client/kubeconfig.ts';
import type { Connection } from '../../platform/kubernetes/client/connection.ts';
import { systemTimers } from '../../platform/kubernetes/client/timers.ts';

export interface ContextOverrides {
  kubeconfig?: string | undefined;
  context?: string | undefined;
  cluster?: string | undefined;
  user?: string | undefined;
  env: Record<string, string | undefined>;
}

export function connectionWithClusterOrUser(options: ContextOverrides): Connection {
  const files = kubeconfigFiles({ kubeconfig: options.kubeconfig }, options.env);
  if (files.length === 0)
    throw new KubeconfigError(
      'no kubeconfig found to take --cluster or --user from: set KUBECONFIG or pass --kubeconfig',
    );
  const merged = mergeKubeconfigs(files);
  let selected = selectContext(merged, options.context);
  const where = merged.files.join(', ');
  if (options.cluster !== undefined) {
    const cluster = merged.clusters.get(options.cluster);
    if (!cluster)
      throw new KubeconfigError(`cluster ${options.cluster} given with --cluster is not defined in ${where}`);
    if (!cluster.value.server) throw new KubeconfigError(`cluster ${options.cluster} in ${cluster.file} has no server`);
    selected = { ...selected, clusterName: options.cluster, cluster: cluster.value };
  }
  if (options.user !== undefined) {
    const user = merged.users.get(options.user);
    if (!user) throw new KubeconfigError(`user ${options.user} given with --user is not defined in ${where}`);
    selected = { ...selected, userName: options.user, user: user.value, userFile: user.file };
  }
  const connection = connectionFromContext(selected, systemTimers, options.env);
  return {
    ...connection,
    description: `${connection.description} with${options.cluster !== undefined ? ` cluster ${options.cluster}` : ''}${options.user !== undefined ? ` user ${options.user}` : ''}`,
  };
}
