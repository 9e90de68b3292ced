// The CLI Target contract over a cluster: the controller (as deploy/'s ServiceAccount) on the
// control plane, the same canary-basic manifests as the local runtime's run, reached through
// ClusterTarget. Outside CI it skips when the control plane is not built.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe } from 'node:test';
import { ClusterTarget } from '../../../src/cli/target/cluster-target.ts';
import { runTargetContract } from '../../contracts/cli-target-contract.ts';
import { pollUntil } from '../../controlplane/poll.ts';
import { FIXTURES } from '../../integration/local/runtime/sluice-run.ts';
import { skipWithoutControlPlane, startE2eCluster } from '../kubernetes/support/e2e-cluster.ts';

const ns = 'target-contract';
const manifests = ['rollout.yaml', 'service.yaml']
  .map((file) => readFileSync(path.join(FIXTURES, 'canary-basic', file), 'utf8'))
  .join('\n---\n');

describe('CLI Target on a cluster', { skip: skipWithoutControlPlane }, () => {
  runTargetContract({
    name: 'cluster with the controller (ClusterTarget)',
    timeoutMs: 120_000,
    create: async () => {
      const cluster = await startE2eCluster(ns);
      let failed = true;
      try {
        await cluster.startController();
        await cluster.apply(manifests);
        const target = new ClusterTarget(cluster.client);
        await pollUntil(async () => (await target.rolloutObjects(ns, 'colorapi')).rollout.status?.phase === 'Healthy', {
          what: 'the first revision to be Healthy',
          timeoutMs: 120_000,
        });
        failed = false;
        return {
          target,
          namespace: ns,
          name: 'colorapi',
          container: 'colorapi',
          firstImage: 'ghcr.io/sluice-examples/colorapi:red',
          secondImage: 'ghcr.io/sluice-examples/colorapi:blue',
          close: async () => {
            target.close();
            await cluster.stop();
          },
        };
      } finally {
        if (failed) await cluster.stop(true);
      }
    },
  });
});
