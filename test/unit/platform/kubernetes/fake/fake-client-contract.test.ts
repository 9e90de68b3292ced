// The fake client against the Kubernetes client contract (the real API server runs the same
// clauses in test/integration/kubernetes/contracts/kube-client.test.ts).
import { FakeKubeClient } from '../../../../../src/platform/kubernetes/fake/fake-client.ts';
import { argoResources } from '../../../../../src/runtime/kubernetes/resources.ts';
import { runKubeClientContract } from '../../../../contracts/kube-client-contract.ts';

let namespaces = 0;

runKubeClientContract({
  name: 'FakeKubeClient',
  create: async () => ({
    client: new FakeKubeClient({ statusSubresource: [argoResources.rollouts] }),
    namespace: `fake-${++namespaces}`,
  }),
});
