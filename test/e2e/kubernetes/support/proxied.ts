// The controller talking to the API server through a faulty proxy (test/support/faulty-proxy.ts),
// with the token of deploy/'s ServiceAccount (or the admin's with SLUICE_E2E_AS_ADMIN=1).
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { startFaultyProxy, type FaultyProxy } from '../../../support/faulty-proxy.ts';
import type { ControllerProcess } from './controller-process.ts';
import type { E2eCluster } from './e2e-cluster.ts';

export interface ProxiedController {
  proxy: FaultyProxy;
  kubeconfigPath: string;
  start(args?: string[], name?: string): Promise<ControllerProcess>;
}

export async function proxiedController(cluster: E2eCluster, name = 'proxy'): Promise<ProxiedController> {
  const proxy = await startFaultyProxy({ target: cluster.cp.server, ca: readFileSync(cluster.cp.caPath) });
  const kubeconfigPath = path.join(cluster.logDir, `through-${name}.kubeconfig`);
  writeFileSync(kubeconfigPath, JSON.stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name, cluster: { server: proxy.url } }],
    users: [{ name: 'controller', user: { token: await cluster.controllerToken() } }],
    contexts: [{ name, context: { cluster: name, user: 'controller', namespace: 'sluice-system' } }],
    'current-context': name,
  }), { mode: 0o600 });
  return {
    proxy,
    kubeconfigPath,
    start: (args = [], runName) => cluster.startController(args, { kubeconfigPath, ...(runName ? { name: runName } : {}) }),
  };
}
