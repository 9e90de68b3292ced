// The client, watches and informers against the real API server of test/controlplane (one
// control plane for all suites). Outside CI it skips when the control plane is not built.
import { after, before, describe } from 'node:test';
import { startControlPlane } from '../../../controlplane/control-plane.ts';
import { binaries, clusterOf, skipWithoutControlPlane, type Cluster } from './control-plane-harness.ts';
import { crudSuite } from './crud-suite.ts';
import { faultsSuite } from './faults-suite.ts';
import { rbacSuite } from './rbac-suite.ts';
import { watchSuite } from './watch-suite.ts';

describe('kubernetes client against the real API server', { skip: skipWithoutControlPlane, timeout: 600_000 }, () => {
  let cluster: Cluster | undefined;
  const current = (): Cluster => {
    if (cluster === undefined) throw new Error('the control plane did not start');
    return cluster;
  };

  before(async () => {
    if (!binaries.found) throw new Error(`CI=true and ${binaries.reason}`);
    const cp = await startControlPlane({ binDir: binaries.binDir });
    cluster = clusterOf(cp);
  });

  after(async () => {
    cluster?.close();
    await cluster?.cp.stop();
  });

  crudSuite(current);
  watchSuite(current);
  faultsSuite(current);
  rbacSuite(current);
});
