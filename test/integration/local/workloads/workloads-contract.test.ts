// The Workloads contract over the local runtime's implementations: LocalWorkloads (pods are
// processes) and RecordedWorkloads (the same, with the ReplicaSets recorded in the object store as
// the local controller runs them).
import process from 'node:process';
import type { PodTemplateSpec } from '../../../../src/api/types/pod.ts';
import { RecordedWorkloads } from '../../../../src/runtime/local/controller/recorded-workloads.ts';
import { ObjectStore } from '../../../../src/runtime/local/store/object-store.ts';
import { LocalWorkloads } from '../../../../src/runtime/local/workloads/local-workloads.ts';
import { runWorkloadsContract } from '../../../contracts/workloads-contract.ts';
import { HTTP_SERVER, testEnvironment } from '../pods/fixtures.ts';

function template(hash: string): PodTemplateSpec {
  return {
    metadata: { labels: { app: 'web', 'rollouts-pod-template-hash': hash } },
    spec: {
      terminationGracePeriodSeconds: 5,
      containers: [{ name: 'web', command: [process.execPath, '-e', HTTP_SERVER] }],
    },
  };
}

runWorkloadsContract({
  name: 'local (LocalWorkloads, process pods)',
  create: async () => {
    const workloads = new LocalWorkloads('default', testEnvironment());
    return { workloads, template, close: () => workloads.shutdown() };
  },
});

runWorkloadsContract({
  name: 'local recorded (RecordedWorkloads over the object store)',
  create: async () => {
    const inner = new LocalWorkloads('default', testEnvironment());
    const store = new ObjectStore();
    const workloads = new RecordedWorkloads(inner, store, {
      namespace: 'default',
      name: 'web',
      uid: 'b0b0b0b0-0000-4000-8000-000000000001',
      selector: { app: 'web' },
    });
    return { workloads, template, close: () => inner.shutdown() };
  },
});
