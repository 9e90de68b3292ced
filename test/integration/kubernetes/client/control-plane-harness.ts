// Shared setup of the suites that run against the real API server of test/controlplane:
// whether to skip (binaries missing outside CI), and clients for the admin, for another
// token, and through the faulty proxy.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before } from 'node:test';
import { KubeClient, type KubeClientOptions } from '../../../../src/platform/kubernetes/client/client.ts';
import { bearerToken } from '../../../../src/platform/kubernetes/client/connection.ts';
import type { KubeObject } from '../../../../src/platform/kubernetes/client/objects.ts';
import { loadConnection } from '../../../../src/platform/kubernetes/client/load-connection.ts';
import { coreResources } from '../../../../src/platform/kubernetes/client/resources.ts';
import { startControlPlane, type ControlPlane } from '../../../controlplane/control-plane.ts';
import { findBinDir } from '../../../controlplane/paths.ts';

export const binaries = await findBinDir();
const inCi = process.env['CI'] === 'true';
/** A skip reason outside CI when the control plane is not built; in CI the suite runs and fails. */
export const skipWithoutControlPlane: string | false = !binaries.found && !inCi ? binaries.reason : false;

export interface Cluster {
  cp: ControlPlane;
  /** The admin client, loaded from the control plane's kubeconfig (exercises kubeconfig loading). */
  admin: KubeClient;
  clientFor(options?: KubeClientOptions): KubeClient;
  /** A client with another bearer token (e.g. a ServiceAccount's), through a kubeconfig file. */
  clientWithToken(token: string, user: string): KubeClient;
  /** A client that talks to `server` (a faulty proxy) with the admin token. */
  clientThrough(server: string, options?: KubeClientOptions): KubeClient;
  close(): void;
}

export function clusterOf(cp: ControlPlane): Cluster {
  const clients: KubeClient[] = [];
  const track = (client: KubeClient): KubeClient => {
    clients.push(client);
    return client;
  };
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'sluice-client-it-'));
  const adminConnection = loadConnection({ kubeconfig: cp.kubeconfigPath, env: {} });
  return {
    cp,
    admin: track(new KubeClient(adminConnection)),
    clientFor: (options) => track(new KubeClient(adminConnection, options)),
    clientWithToken(token, user) {
      const file = path.join(tmp, `${user.replace(/[^a-z0-9-]/gi, '_')}.kubeconfig`);
      writeFileSync(file, JSON.stringify(cp.kubeconfigForToken(token, user)));
      return track(new KubeClient(loadConnection({ kubeconfig: file, env: {} })));
    },
    clientThrough(server, options) {
      const connection = {
        server,
        tls: { insecureSkipTlsVerify: false },
        credentials: bearerToken(cp.token),
        namespace: 'default',
        description: `proxy ${server}`,
      };
      return track(new KubeClient(connection, options));
    },
    close() {
      for (const client of clients) client.close();
      rmSync(tmp, { recursive: true, force: true });
    },
  };
}

export interface ControlPlaneSuite {
  /** A fresh namespace on the suite's control plane (`<prefix>-1`, `<prefix>-2`, …), with the admin client. */
  namespace(prefix: string): Promise<{ cluster: Cluster; client: KubeClient; namespace: string }>;
}

/**
 * The hooks of a describe block that runs against one control plane: `before` starts it (in CI,
 * where the suite does not skip, a missing build fails there), `after` runs `beforeStop` (informer
 * factories, watches), then closes the clients and stops it.
 */
export function controlPlaneSuite(
  options: { beforeStop?: () => Promise<unknown>; crdPaths?: string[] } = {},
): ControlPlaneSuite {
  let cluster: Cluster | undefined;
  let namespaces = 0;
  before(async () => {
    if (!binaries.found) throw new Error(`CI=true and ${binaries.reason}`);
    cluster = clusterOf(
      await startControlPlane({ binDir: binaries.binDir, ...(options.crdPaths ? { crdPaths: options.crdPaths } : {}) }),
    );
  });
  after(async () => {
    await options.beforeStop?.();
    cluster?.close();
    await cluster?.cp.stop();
  });
  return {
    namespace: async (prefix) => {
      if (cluster === undefined) throw new Error('the control plane did not start');
      const namespace = `${prefix}-${++namespaces}`;
      await cluster.admin.create(coreResources.namespaces, '', namespaceManifest(namespace));
      return { cluster, client: cluster.admin, namespace };
    },
  };
}

export function namespaceManifest(name: string): KubeObject {
  return { apiVersion: 'v1', kind: 'Namespace', metadata: { name } };
}

export type RolloutObject = KubeObject & {
  spec: { replicas: number; [field: string]: unknown };
  status?: { phase?: string; abort?: boolean; observedGeneration?: string };
};

export function rolloutManifest(name: string, namespace: string): RolloutObject {
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Rollout',
    metadata: { name, namespace },
    spec: {
      replicas: 2,
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name } },
        spec: { containers: [{ name: 'app', image: 'registry.example/app:1' }] },
      },
      strategy: { canary: { steps: [{ setWeight: 20 }, { pause: {} }] } },
    },
  };
}

/**
 * Compacts the embedded etcd's history up to `revision` (a resourceVersion), through etcd's
 * JSON gateway on its client port, read from the API server's command line. After this, a
 * watch from an older resourceVersion is answered 410 Gone, as on a long-running cluster.
 */
export async function compactEtcd(cp: ControlPlane, revision: string): Promise<void> {
  const apiserver = cp.processes.find((p) => p.name === 'apiserver');
  if (apiserver === undefined) throw new Error('no apiserver process in the control plane');
  const args = readFileSync(`/proc/${apiserver.pid}/cmdline`, 'utf8').split('\0');
  const port = args.find((arg) => arg.startsWith('--embedded-etcd-client-port='))?.split('=')[1];
  if (port === undefined) throw new Error('the apiserver command line has no --embedded-etcd-client-port');
  const response = await fetch(`http://127.0.0.1:${port}/v3/kv/compaction`, {
    method: 'POST',
    body: JSON.stringify({ revision, physical: true }),
  });
  if (!response.ok) throw new Error(`etcd compaction failed: HTTP ${response.status} ${await response.text()}`);
}
