// Finds the configuration to use, in this order: --kubeconfig, KUBECONFIG (a list of files,
// merged), ~/.kube/config, then the in-cluster service account.
import { existsSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  basicAuth,
  bearerToken,
  noCredentials,
  tokenFileCredentials,
  type Connection,
  type Credentials,
  type Impersonation,
} from './connection.ts';
import { execCredentials } from './exec-credentials.ts';
import { inClusterConnection, isInCluster } from './in-cluster.ts';
import {
  KubeconfigError,
  mergeKubeconfigs,
  selectContext,
  type KubeconfigFile,
  type SelectedContext,
  type UserEntry,
} from './kubeconfig.ts';
import { systemTimers, type Timers } from './timers.ts';

export interface LoadConnectionOptions {
  /** --kubeconfig */
  kubeconfig?: string | undefined;
  /** --context */
  context?: string | undefined;
  env?: Record<string, string | undefined>;
  homeDir?: string;
  timers?: Pick<Timers, 'now'>;
  /** The mounted service account folder (tests point it elsewhere). */
  serviceAccountDir?: string;
}

export function loadConnection(options: LoadConnectionOptions = {}): Connection {
  const env = options.env ?? process.env;
  const timers = options.timers ?? systemTimers;
  const files = kubeconfigFiles(options, env);
  if (files.length === 0) {
    const inCluster = { env, timers, ...(options.serviceAccountDir ? { dir: options.serviceAccountDir } : {}) };
    if (isInCluster(inCluster)) return inClusterConnection(inCluster);
    throw new KubeconfigError('no kubeconfig found: set KUBECONFIG or pass --kubeconfig');
  }
  const selected = selectContext(mergeKubeconfigs(files), options.context);
  return connectionFromContext(selected, timers, env);
}

/** The files to read; a missing --kubeconfig is an error, missing KUBECONFIG entries are skipped as kubectl does. */
export function kubeconfigFiles(
  options: LoadConnectionOptions,
  env: Record<string, string | undefined>,
): KubeconfigFile[] {
  if (options.kubeconfig) {
    const file = path.resolve(options.kubeconfig);
    if (!existsSync(file)) throw new KubeconfigError(`the kubeconfig ${file} given with --kubeconfig does not exist`);
    return [readKubeconfig(file)];
  }
  const fromEnv = env['KUBECONFIG'];
  if (fromEnv) {
    const paths = fromEnv.split(path.delimiter).filter((entry) => entry !== '');
    const existing = [...new Set(paths.map((entry) => path.resolve(entry)))].filter((file) => existsSync(file));
    if (existing.length === 0) {
      throw new KubeconfigError(`KUBECONFIG=${fromEnv} names no file that exists`);
    }
    return existing.map(readKubeconfig);
  }
  const home = options.homeDir ?? env['HOME'] ?? os.homedir();
  const defaultFile = path.join(home, '.kube', 'config');
  return existsSync(defaultFile) ? [readKubeconfig(defaultFile)] : [];
}

function readKubeconfig(file: string): KubeconfigFile {
  try {
    return { path: file, text: readFileSync(file, 'utf8') };
  } catch (error) {
    throw new KubeconfigError(`cannot read the kubeconfig ${file}: ${(error as Error).message}`, { cause: error });
  }
}

export function connectionFromContext(
  selected: SelectedContext,
  timers: Pick<Timers, 'now'>,
  env?: Record<string, string | undefined>,
): Connection {
  const { cluster, user } = selected;
  const where = `user ${selected.userName} of context ${selected.contextName} in ${selected.file}`;
  const tls = {
    insecureSkipTlsVerify: cluster.insecureSkipTlsVerify ?? false,
    ...pem('ca', cluster.certificateAuthorityData, cluster.certificateAuthority, `cluster ${selected.clusterName}`),
    ...pem('cert', user.clientCertificateData, user.clientCertificate, where),
    ...pem('key', user.clientKeyData, user.clientKey, where),
    ...(cluster.tlsServerName ? { serverName: cluster.tlsServerName } : {}),
  };
  if ((tls.cert === undefined) !== (tls.key === undefined)) {
    throw new KubeconfigError(`${where} has a client certificate without its key (or a key without its certificate)`);
  }
  const impersonate = impersonationOf(user, where);
  return {
    server: (cluster.server ?? '').replace(/\/+$/, ''),
    tls,
    credentials: credentialsFor(selected, where, timers, env),
    ...(impersonate ? { impersonate } : {}),
    namespace: selected.namespace,
    description: `context ${selected.contextName} in ${selected.file}`,
  };
}

/**
 * The user entry's `as`, `as-uid`, `as-groups` and `as-user-extra`, as client-go reads them. As
 * client-go's validation, a uid, groups or extra fields without `as` are an error: Kubernetes
 * impersonates them only together with a user.
 */
function impersonationOf(user: UserEntry, where: string): Impersonation | undefined {
  if (user.as === undefined) {
    const without = [
      user.asUid !== undefined ? 'as-uid' : '',
      user.asGroups ? 'as-groups' : '',
      user.asUserExtra ? 'as-user-extra' : '',
    ].filter((field) => field !== '');
    if (without.length > 0)
      throw new KubeconfigError(
        `${where} sets ${without.join(', ')} without as: Kubernetes impersonates a uid, groups or extra fields only together with a user; add "as: USER" to the user entry`,
      );
    return undefined;
  }
  return {
    user: user.as,
    groups: user.asGroups ?? [],
    ...(user.asUid !== undefined ? { uid: user.asUid } : {}),
    ...(user.asUserExtra ? { extra: user.asUserExtra } : {}),
  };
}

function credentialsFor(
  selected: SelectedContext,
  where: string,
  timers: Pick<Timers, 'now'>,
  env?: Record<string, string | undefined>,
): Credentials {
  const { user } = selected;
  if (user.token) return bearerToken(user.token);
  if (user.tokenFile) {
    try {
      return tokenFileCredentials(user.tokenFile, timers);
    } catch (error) {
      throw new KubeconfigError(`${where}: cannot read tokenFile ${user.tokenFile}: ${(error as Error).message}`, {
        cause: error,
      });
    }
  }
  if (user.username !== undefined && user.password !== undefined) return basicAuth(user.username, user.password);
  if (user.exec !== undefined) {
    if (user.exec.command === '') throw new KubeconfigError(`${where} has an exec credential plugin without a command`);
    return execCredentials(user.exec, {
      timers,
      baseDir: path.dirname(selected.userFile),
      owner: where,
      ...(env ? { env } : {}),
    });
  }
  if (user.authProvider !== undefined) {
    throw new KubeconfigError(
      `${where} uses the removed auth-provider "${user.authProvider}": use a token or client certificate`,
    );
  }
  return noCredentials;
}

/** PEM material from inline base64 data or a file; `field` names the TLS option. */
function pem(
  field: 'ca' | 'cert' | 'key',
  data: string | undefined,
  file: string | undefined,
  owner: string,
): Partial<Record<typeof field, Buffer>> {
  if (data !== undefined) return { [field]: Buffer.from(data, 'base64') };
  if (file === undefined) return {};
  try {
    return { [field]: readFileSync(file) };
  } catch (error) {
    throw new KubeconfigError(`${owner}: cannot read ${file}: ${(error as Error).message}`, { cause: error });
  }
}
