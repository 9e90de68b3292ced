// Smoke suite of the test control plane: the real kube-apiserver, controller-manager,
// scheduler and kwok come up, run a Deployment and Jobs, serve the upstream CRDs and
// enforce RBAC. Outside CI it skips when the binaries are not built (build.sh builds them).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startControlPlane, type ControlPlane } from './control-plane.ts';
import { kubectlJson, kubectlOrThrow } from './kubectl.ts';
import { findBinDir, upstreamCrdPaths } from './paths.ts';
import { podIsReady, type PodStatusView } from './pod-control.ts';
import { pollUntil } from './poll.ts';
import * as manifests from './smoke-manifests.ts';

const binaries = await findBinDir();
const inCi = process.env['CI'] === 'true';
const skip = !binaries.found && !inCi ? `the control plane is not built (${binaries.reason})` : false;

interface Conditioned {
  status?: { conditions?: { type: string; status: string }[] };
}
interface ReplicaSetView extends Conditioned {
  metadata: { name: string };
  status?: Conditioned['status'] & { replicas?: number; readyReplicas?: number; availableReplicas?: number };
}
interface JobView extends Conditioned {
  status?: Conditioned['status'] & { succeeded?: number; failed?: number };
}

function hasCondition(object: Conditioned, type: string): boolean {
  return object.status?.conditions?.some((c) => c.type === type && c.status === 'True') ?? false;
}

describe('test control plane', { skip, timeout: 600_000 }, () => {
  let cp: ControlPlane;

  before(async () => {
    if (!binaries.found) throw new Error(`CI=true and ${binaries.reason}`);
    cp = await startControlPlane({ binDir: binaries.binDir, crdPaths: upstreamCrdPaths() });
    console.log(`control plane startup: ${cp.startupMs} ms (binaries in ${cp.binDir})`);
  });

  after(async () => {
    await cp?.stop();
  });

  const apply = (...items: object[]): Promise<string> =>
    kubectlOrThrow(cp.kubectl, ['apply', '-f', '-'], { input: manifests.list(...items) });

  it('comes up, and the built kubectl lists the Ready fake node', async (t) => {
    t.diagnostic(`startup took ${cp.startupMs} ms`);
    const nodes = await kubectlJson<{ items: (Conditioned & { metadata: { name: string } })[] }>(cp.kubectl, [
      'get', 'nodes',
    ]);
    assert.deepEqual(nodes.items.map((node) => node.metadata.name), [cp.nodeName]);
    assert.ok(hasCondition(nodes.items[0]!, 'Ready'), 'the fake node is Ready');
    const version = await kubectlJson<{ serverVersion: { gitVersion: string } }>(cp.kubectl, ['version']);
    assert.match(version.serverVersion.gitVersion, /^v1\.\d+\.\d+$/);
  });

  describe('a Deployment of 3 replicas', () => {
    const ns = 'smoke-deployment';
    let podNames: string[] = [];

    it('gets 3 pods, scheduled on the fake node, that become Ready', async () => {
      await apply(manifests.namespace(ns), manifests.deployment(ns, 'web', 3));
      const pods = await pollUntil(
        async () => {
          const list = await kubectlJson<{ items: (PodStatusView & { spec: { nodeName?: string } })[] }>(cp.kubectl, [
            'get', 'pods', '-n', ns, '-l', 'app=web',
          ]);
          return list.items.length === 3 && list.items.every(podIsReady) ? list.items : undefined;
        },
        { what: '3 Ready pods of the Deployment', timeoutMs: 60_000 },
      );
      assert.deepEqual(pods.map((pod) => pod.spec.nodeName), [cp.nodeName, cp.nodeName, cp.nodeName]);
      podNames = pods.map((pod) => pod.metadata.name);
      await pollUntil(
        async () => {
          const rs = await replicaSet(ns);
          return rs.status?.readyReplicas === 3 && rs.status.availableReplicas === 3;
        },
        { what: 'the ReplicaSet to count 3 ready and available replicas' },
      );
    });

    it('shows a pod made unready in the ReplicaSet status, and its recovery', async () => {
      assert.equal(podNames.length, 3, 'needs the pods of the previous test');
      const pod = podNames[0]!;
      await cp.setPodReady(ns, pod, false);
      const unready = await pollUntil(
        async () => {
          const rs = await replicaSet(ns);
          return rs.status?.readyReplicas === 2 ? rs : undefined;
        },
        { what: 'the ReplicaSet to count 2 ready replicas' },
      );
      assert.equal(unready.status?.replicas, 3, 'the unready pod still counts as a replica');
      await cp.setPodReady(ns, pod, true);
      await pollUntil(async () => (await replicaSet(ns)).status?.readyReplicas === 3, {
        what: 'the ReplicaSet to count 3 ready replicas again',
      });
    });
  });

  it('completes Job pods with success or failure on request', async () => {
    const ns = 'smoke-jobs';
    await apply(manifests.namespace(ns), manifests.job(ns, 'passes'), manifests.job(ns, 'fails'));
    const [passed, failed] = await Promise.all([
      cp.completeJobPod(ns, 'passes', true),
      cp.completeJobPod(ns, 'fails', false),
    ]);
    assert.equal(passed.length, 1);
    assert.equal(failed.length, 1);
    const complete = await pollUntil(
      async () => {
        const job = await kubectlJson<JobView>(cp.kubectl, ['get', 'job', 'passes', '-n', ns]);
        return hasCondition(job, 'Complete') ? job : undefined;
      },
      { what: 'job passes to be Complete' },
    );
    assert.equal(complete.status?.succeeded, 1);
    const failedJob = await pollUntil(
      async () => {
        const job = await kubectlJson<JobView>(cp.kubectl, ['get', 'job', 'fails', '-n', ns]);
        return hasCondition(job, 'Failed') ? job : undefined;
      },
      { what: 'job fails to be Failed' },
    );
    assert.equal(failedJob.status?.failed, 1);
  });

  it('serves the upstream Argo Rollouts and Istio CRDs; a VirtualService and a Rollout round-trip', async () => {
    const ns = 'smoke-crds';
    const crds = await kubectlJson<{ items: { metadata: { name: string } }[] }>(cp.kubectl, ['get', 'crds']);
    const names = crds.items.map((crd) => crd.metadata.name);
    for (const name of [
      'rollouts.argoproj.io',
      'analysistemplates.argoproj.io',
      'clusteranalysistemplates.argoproj.io',
      'analysisruns.argoproj.io',
      'experiments.argoproj.io',
      'virtualservices.networking.istio.io',
      'destinationrules.networking.istio.io',
    ]) {
      assert.ok(names.includes(name), `CRD ${name} is installed`);
    }
    await apply(manifests.namespace(ns), manifests.virtualService(ns, 'web'), manifests.rollout(ns, 'web'));
    const vs = await kubectlJson<{ spec: unknown }>(cp.kubectl, ['get', 'virtualservice', 'web', '-n', ns]);
    assert.deepEqual(vs.spec, manifests.virtualServiceSpec);
    const rollout = await kubectlJson<{ spec: unknown }>(cp.kubectl, ['get', 'rollout', 'web', '-n', ns]);
    assert.deepEqual(rollout.spec, manifests.rolloutSpec);
  });

  it('refuses a ServiceAccount with a narrow Role what it may not do', async () => {
    const ns = 'smoke-rbac';
    await apply(manifests.namespace(ns), ...manifests.narrowServiceAccount(ns, 'narrow'));
    const token = (await kubectlOrThrow(cp.kubectl, ['create', 'token', 'narrow', '-n', ns])).trim();
    const asNarrow = (args: string[]) => cp.kubectl([`--token=${token}`, ...args]);

    // RBAC rules reach the authorizer shortly after they are written: wait for the allowed call.
    await pollUntil(async () => (await asNarrow(['get', 'pods', '-n', ns])).code === 0, {
      what: 'the narrow ServiceAccount to be allowed to list pods in its namespace',
    });
    const refusals = [
      ['get', 'secrets', '-n', ns],
      ['create', 'configmap', 'not-allowed', '-n', ns],
      ['get', 'pods', '-n', 'default'],
      ['delete', 'namespace', ns],
    ];
    for (const args of refusals) {
      const result = await asNarrow(args);
      assert.notEqual(result.code, 0, `kubectl ${args.join(' ')} is refused`);
      assert.match(result.stderr, /Forbidden|forbidden/, `kubectl ${args.join(' ')}: ${result.stderr}`);
      assert.match(result.stderr, new RegExp(`system:serviceaccount:${ns}:narrow`));
    }
  });

  async function replicaSet(ns: string): Promise<ReplicaSetView> {
    const list = await kubectlJson<{ items: ReplicaSetView[] }>(cp.kubectl, ['get', 'rs', '-n', ns, '-l', 'app=web']);
    assert.equal(list.items.length, 1, 'the Deployment has one ReplicaSet');
    return list.items[0]!;
  }
});
