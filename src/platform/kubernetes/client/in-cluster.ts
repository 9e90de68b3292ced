// In-cluster configuration: the service account's token, CA and namespace mounted into the
// pod, and the API server address from KUBERNETES_SERVICE_HOST/PORT.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { tokenFileCredentials, type Connection } from './connection.ts';
import { KubeconfigError } from './kubeconfig.ts';
import type { Timers } from './timers.ts';

export const serviceAccountDir = '/var/run/secrets/kubernetes.io/serviceaccount';

export interface InClusterOptions {
  env: Record<string, string | undefined>;
  timers: Pick<Timers, 'now'>;
  /** The mounted service account folder (tests point it elsewhere). */
  dir?: string;
}

/** True when the environment looks like a pod with a mounted service account. */
export function isInCluster(options: InClusterOptions): boolean {
  const dir = options.dir ?? serviceAccountDir;
  return Boolean(options.env['KUBERNETES_SERVICE_HOST']) && existsSync(path.join(dir, 'token'));
}

export function inClusterConnection(options: InClusterOptions): Connection {
  const dir = options.dir ?? serviceAccountDir;
  const host = options.env['KUBERNETES_SERVICE_HOST'];
  const port = options.env['KUBERNETES_SERVICE_PORT'] || '443';
  if (!host) {
    throw new KubeconfigError('not running in a cluster: KUBERNETES_SERVICE_HOST is not set; pass --kubeconfig');
  }
  const tokenPath = path.join(dir, 'token');
  if (!existsSync(tokenPath)) {
    throw new KubeconfigError(`no service account token at ${tokenPath}: is automountServiceAccountToken off?`);
  }
  const caPath = path.join(dir, 'ca.crt');
  const namespacePath = path.join(dir, 'namespace');
  const hostPart = host.includes(':') ? `[${host}]` : host;
  return {
    server: `https://${hostPart}:${port}`,
    tls: { insecureSkipTlsVerify: false, ...(existsSync(caPath) ? { ca: readFileSync(caPath) } : {}) },
    credentials: tokenFileCredentials(tokenPath, options.timers),
    namespace: existsSync(namespacePath) ? readFileSync(namespacePath, 'utf8').trim() || 'default' : 'default',
    description: `in-cluster service account (${dir})`,
  };
}
