// The controller talking to the API server through a faulty proxy (test/support/faulty-proxy.ts),
// with the token of deploy/'s ServiceAccount (or the admin's with SLUICE_E2E_AS_ADMIN=1).
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, before } from 'node:test';
import { startFaultyProxy, type FaultyProxy } from '../../../support/faulty-proxy.ts';
import type { ControllerProcess } from './controller-process.ts';
import { skipWithoutControlPlane, startE2eCluster, type E2eCluster } from './e2e-cluster.ts';

export interface ProxiedController {
  proxy: FaultyProxy;
  kubeconfigPath: string;
  start(args?: string[], name?: string): Promise<ControllerProcess>;
}

export async function proxiedController(cluster: E2eCluster, name = 'proxy'): Promise<ProxiedController> {
  const proxy = await startFaultyProxy({ target: cluster.cp.server, ca: readFileSync(cluster.cp.caPath) });
  const kubeconfigPath = path.join(cluster.logDir, `through-${name}.kubeconfig`);
  writeFileSync(
    kubeconfigPath,
    JSON.stringify({
      apiVersion: 'v1',
      kind: 'Config',
      clusters: [{ name, cluster: { server: proxy.url } }],
      users: [{ name: 'controller', user: { token: await cluster.controllerToken() } }],
      contexts: [{ name, context: { cluster: name, user: 'controller', namespace: 'sluice-system' } }],
      'current-context': name,
    }),
    { mode: 0o600 },
  );
  return {
    proxy,
    kubeconfigPath,
    start: (args = [], runName) =>
      cluster.startController(args, { kubeconfigPath, ...(runName ? { name: runName } : {}) }),
  };
}

export interface ProxiedScenarioOptions {
  /** One proxy (and kubeconfig) a name, in this order; by default one, named 'proxy'. */
  proxies?: string[];
  /** Whether `before` starts a controller through the first proxy (default true). */
  startController?: boolean;
  /** Runs in `after` before the controllers, the proxies and the control plane stop (followers, timers). */
  beforeStop?: () => Promise<void> | void;
}

export interface ProxiedScenario {
  /** The control plane of the file (set in `before`). */
  readonly cluster: E2eCluster;
  /** The first proxy and its controller start. */
  readonly through: ProxiedController;
  /** Every proxy, in the order of `proxies`. */
  readonly proxied: ProxiedController[];
  /** The controller `before` started through the first proxy (with `startController`). */
  readonly controller: ControllerProcess;
  /** Runs a test's body; when it throws, `after` prints the controllers' logs and keeps them. */
  run(body: () => Promise<void>): Promise<void>;
}

/**
 * The set-up of a fault scenario, as the file's `before` and `after` hooks: one control plane with
 * the namespace, a faulty proxy in front of its API server for each name, and (unless told
 * otherwise) the controller through the first. Nothing starts when the control plane is not built
 * outside CI (the tests skip with `skipWithoutControlPlane`).
 */
export function proxiedScenario(namespace: string, options: ProxiedScenarioOptions = {}): ProxiedScenario {
  let cluster: E2eCluster | undefined;
  let controller: ControllerProcess | undefined;
  const proxied: ProxiedController[] = [];
  let failed = false;

  before(async () => {
    if (skipWithoutControlPlane) return;
    cluster = await startE2eCluster(namespace);
    for (const name of options.proxies ?? ['proxy']) proxied.push(await proxiedController(cluster, name));
    if (options.startController ?? true) controller = await proxied[0]!.start();
  });

  after(async () => {
    await options.beforeStop?.();
    await cluster?.stop(failed);
    for (const { proxy } of proxied) await proxy.close();
  });

  const started = <T>(value: T | undefined, what: string): T => {
    if (value === undefined)
      throw new Error(`proxiedScenario(${namespace}): ${what} is not started (read it in a test, after \`before\`)`);
    return value;
  };
  return {
    get cluster() {
      return started(cluster, 'the control plane');
    },
    get through() {
      return started(proxied[0], 'the proxy');
    },
    get proxied() {
      return proxied;
    },
    get controller() {
      return started(controller, 'the controller (startController: false?)');
    },
    run: async (body) => {
      try {
        await body();
      } catch (error) {
        failed = true;
        throw error;
      }
    },
  };
}
