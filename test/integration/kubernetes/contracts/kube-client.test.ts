// The Kubernetes client contract against the real API server of test/controlplane (with Argo
// Rollouts' CRDs: Rollout has a status subresource, AnalysisRun has none): the answers the fake
// client (src/platform/kubernetes/fake) gives in unit tests are the ones a cluster gives. Each
// subject gets its own namespace. Outside CI the suite skips when the control plane is not built.
import { after, before, describe } from 'node:test';
import { coreResources } from '../../../../src/platform/kubernetes/client/resources.ts';
import { startControlPlane } from '../../../controlplane/control-plane.ts';
import { runKubeClientContract } from '../../../contracts/kube-client-contract.ts';
import { binaries, clusterOf, namespaceManifest, skipWithoutControlPlane, type Cluster } from '../client/control-plane-harness.ts';

describe('Kubernetes client contract against the real API server', { skip: skipWithoutControlPlane, timeout: 600_000 }, () => {
  let cluster: Cluster | undefined;
  let namespaces = 0;

  before(async () => {
    if (!binaries.found) throw new Error(`CI=true and ${binaries.reason}`);
    cluster = clusterOf(await startControlPlane({ binDir: binaries.binDir }));
  });

  after(async () => {
    cluster?.close();
    await cluster?.cp.stop();
  });

  runKubeClientContract({
    name: 'KubeClient on the API server',
    create: async () => {
      if (cluster === undefined) throw new Error('the control plane did not start');
      const namespace = `client-contract-${++namespaces}`;
      await cluster.admin.create(coreResources.namespaces, '', namespaceManifest(namespace));
      return { client: cluster.admin, namespace };
    },
  });
});
