// One scenario file = one test on its own cluster with a running controller: the cluster starts
// before the test and stops after it, printing the controller logs when the test failed.
import { after, before, test } from 'node:test';
import type { StartControlPlaneOptions } from '../../../controlplane/control-plane.ts';
import { skipWithoutControlPlane, startE2eCluster, type E2eCluster } from './e2e-cluster.ts';

/**
 * `options.crdPaths`: the CRDs to install instead of the default ones (a provider's, added to them);
 * `controllerArgs`: extra arguments of the scenario's controller (e.g. --metrics-port).
 */
export function e2eScenario(
  namespace: string,
  name: string,
  body: (cluster: E2eCluster) => Promise<void>,
  options: StartControlPlaneOptions = {},
  controllerArgs: string[] = [],
): void {
  let cluster: E2eCluster | undefined;
  let failed = false;
  before(async () => {
    if (skipWithoutControlPlane) return;
    cluster = await startE2eCluster(namespace, options);
    await cluster.startController(controllerArgs);
  });
  after(async () => {
    await cluster?.stop(failed);
  });
  test(name, { skip: skipWithoutControlPlane }, async () => {
    if (!cluster) throw new Error('the scenario cluster did not start');
    try {
      await body(cluster);
    } catch (error) {
      failed = true;
      throw error;
    }
  });
}
