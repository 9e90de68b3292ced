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
      'get',
      'nodes',
    ]);
    assert.deepEqual(
      nodes.items.map((node) => node.metadata.name),
      [cp.nodeName],
    );
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
            'get',
            'pods',
            '-n',
            ns,
            '-l',
            'app=web',
          ]);
          return list.items.length === 3 && list.items.every(podIsReady) ? list.items : undefined;
        },
        { what: '3 Ready pods of the Deployment', timeoutMs: 60_000 },
      );
      assert.deepEqual(
        pods.map((pod) => pod.spec.nodeName),
        [cp.nodeName, cp.nodeName, cp.nodeName],
      );
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

  describe('pods as a kubelet would run them (kwok-stages.yaml)', () => {
    const ns = 'smoke-kubelet';
    const image = 'registry.invalid/sluice/app:v1';
    interface ContainerState {
      waiting?: { reason?: string };
      running?: object;
      terminated?: { exitCode: number; reason?: string; startedAt?: string; finishedAt?: string };
    }
    interface PodFull {
      metadata: { name: string };
      status?: {
        phase?: string;
        startTime?: string;
        conditions?: { type: string; status: string; lastTransitionTime?: string }[];
        containerStatuses?: { state?: ContainerState; restartCount?: number }[];
      };
    }
    const getPod = (name: string) => kubectlJson<PodFull>(cp.kubectl, ['get', 'pod', name, '-n', ns]);
    const state = (pod: PodFull): ContainerState => pod.status?.containerStatuses?.[0]?.state ?? {};
    const condition = (pod: PodFull, type: string) => pod.status?.conditions?.find((c) => c.type === type);
    const seconds = (from?: string, to?: string) => (Date.parse(to ?? '') - Date.parse(from ?? '')) / 1000;
    const waitPod = (name: string, what: string, test: (pod: PodFull) => boolean) =>
      pollUntil(
        async () => {
          const pod = await getPod(name);
          return test(pod) ? pod : undefined;
        },
        { what: `pod ${name}: ${what}`, timeoutMs: 30_000 },
      );

    before(async () => {
      await apply(manifests.namespace(ns));
    });

    it('never pulls an image that cannot exist: Pending, ImagePullBackOff', async () => {
      await apply(
        manifests.pod(ns, 'bad-image', { containers: [{ name: 'app', image: 'nginx:1.19-alpine-argo-error' }] }),
        manifests.pod(ns, 'bad-tag', { containers: [{ name: 'app', image: 'argoproj/rollouts-demo:error' }] }),
      );
      for (const name of ['bad-image', 'bad-tag']) {
        const pod = await waitPod(
          name,
          'waiting in ImagePullBackOff',
          (p) => state(p).waiting?.reason === 'ImagePullBackOff',
        );
        assert.equal(pod.status?.phase, 'Pending');
        assert.equal(condition(pod, 'Ready')?.status, 'False');
      }
    });

    it('crash-loops a command that cannot start, or fails the pod when it does not restart', async () => {
      await apply(
        manifests.pod(ns, 'bad-command', { containers: [{ name: 'app', image, command: ['/bad-command'] }] }),
        manifests.pod(ns, 'bad-command-once', {
          restartPolicy: 'Never',
          containers: [{ name: 'app', image, command: ['exit', '1'] }],
        }),
      );
      const looping = await waitPod(
        'bad-command',
        'in CrashLoopBackOff',
        (p) => state(p).waiting?.reason === 'CrashLoopBackOff',
      );
      assert.equal(looping.status?.phase, 'Running');
      assert.equal(condition(looping, 'Ready')?.status, 'False');
      const failed = await waitPod('bad-command-once', 'Failed', (p) => p.status?.phase === 'Failed');
      assert.deepEqual([state(failed).terminated?.exitCode, state(failed).terminated?.reason], [128, 'StartError']);
    });

    it('makes a pod Ready after its postStart sleep and readinessProbe initialDelaySeconds', async () => {
      await apply(
        manifests.pod(ns, 'slow-ready', {
          containers: [
            {
              name: 'app',
              image,
              lifecycle: { postStart: { exec: { command: ['sleep', '1'] } } },
              readinessProbe: { initialDelaySeconds: 2, httpGet: { path: '/', port: 80 } },
            },
          ],
        }),
      );
      const running = await waitPod('slow-ready', 'Running', (p) => p.status?.phase === 'Running');
      assert.equal(condition(running, 'Ready')?.status, 'False', 'not Ready as soon as it runs');
      const ready = await waitPod('slow-ready', 'Ready', (p) => condition(p, 'Ready')?.status === 'True');
      const after = seconds(ready.status?.startTime, condition(ready, 'Ready')?.lastTransitionTime);
      assert.ok(after >= 3, `Ready ${after} s after the start, expected at least 1 + 2 s`);
    });

    it('holds a pod unready until its readinessGates are True, and again when one turns False', async () => {
      const gate = 'example.com/gate';
      await apply(
        manifests.pod(ns, 'gated', { readinessGates: [{ conditionType: gate }], containers: [{ name: 'app', image }] }),
      );
      const running = await waitPod('gated', 'Running', (p) => p.status?.phase === 'Running');
      assert.equal(condition(running, gate), undefined, 'kwok does not set the gate itself');
      assert.equal(condition(running, 'Ready')?.status, 'False');
      const setGate = (status: string) =>
        kubectlOrThrow(cp.kubectl, [
          'patch',
          'pod',
          'gated',
          '-n',
          ns,
          '--subresource=status',
          '--type=strategic',
          '-p',
          JSON.stringify({ status: { conditions: [{ type: gate, status }] } }),
        ]);
      await setGate('True');
      await waitPod('gated', 'Ready once the gate is True', (p) => condition(p, 'Ready')?.status === 'True');
      await setGate('False');
      await waitPod('gated', 'not Ready once the gate is False', (p) => condition(p, 'Ready')?.status === 'False');
    });

    it('never makes a pod Ready whose readinessProbe command fails', async () => {
      await apply(
        manifests.pod(ns, 'probe-fails', {
          containers: [{ name: 'app', image, readinessProbe: { exec: { command: ['sh', '-c', 'exit 1'] } } }],
        }),
      );
      const pod = await waitPod('probe-fails', 'Running', (p) => p.status?.phase === 'Running');
      assert.equal(condition(pod, 'Ready')?.status, 'False');
      // A pod with a passing probe, applied after it, becomes Ready: by then kwok has seen both.
      await apply(
        manifests.pod(ns, 'probe-passes', {
          containers: [{ name: 'app', image, readinessProbe: { exec: { command: ['true'] } } }],
        }),
      );
      await waitPod('probe-passes', 'Ready', (p) => condition(p, 'Ready')?.status === 'True');
      assert.equal(condition(await getPod('probe-fails'), 'Ready')?.status, 'False');
    });

    it('ends a Job pod running `sh -c "sleep N && exit C"` after N seconds with code C', async () => {
      await apply(
        manifests.scriptJob(ns, 'sleeps-then-passes', 'sleep 1 && exit 0'),
        manifests.scriptJob(ns, 'sleeps-then-fails', 'sleep 2 && exit 3'),
      );
      for (const [name, type] of [
        ['sleeps-then-passes', 'Complete'],
        ['sleeps-then-fails', 'Failed'],
      ] as const) {
        await pollUntil(
          async () => hasCondition(await kubectlJson<JobView>(cp.kubectl, ['get', 'job', name, '-n', ns]), type),
          { what: `job ${name} to be ${type}` },
        );
      }
      const pods = await kubectlJson<{ items: PodFull[] }>(cp.kubectl, [
        'get',
        'pods',
        '-n',
        ns,
        '-l',
        'batch.kubernetes.io/job-name=sleeps-then-fails',
      ]);
      const terminated = state(pods.items[0]!).terminated;
      assert.equal(terminated?.exitCode, 3);
      const ran = seconds(terminated?.startedAt, terminated?.finishedAt);
      assert.ok(ran >= 2, `ran ${ran} s, expected at least the 2 s it sleeps`);
    });

    it('keeps a deleted pod until its preStop sleep is over', async () => {
      await apply(
        manifests.pod(ns, 'stops-slowly', {
          containers: [{ name: 'app', image, lifecycle: { preStop: { exec: { command: ['sleep', '2'] } } } }],
        }),
      );
      await waitPod('stops-slowly', 'Running', (p) => p.status?.phase === 'Running');
      const started = Date.now();
      await kubectlOrThrow(cp.kubectl, ['delete', 'pod', 'stops-slowly', '-n', ns, '--wait=true']);
      const took = (Date.now() - started) / 1000;
      assert.ok(took >= 1.5, `deleted after ${took} s, expected about the 2 s of its preStop hook`);
    });
  });

  async function replicaSet(ns: string): Promise<ReplicaSetView> {
    const list = await kubectlJson<{ items: ReplicaSetView[] }>(cp.kubectl, ['get', 'rs', '-n', ns, '-l', 'app=web']);
    assert.equal(list.items.length, 1, 'the Deployment has one ReplicaSet');
    return list.items[0]!;
  }
});
