// The local runtime driving rollouts through the shared loop, watched change by change in its
// store: it ignores exactly its own writes (one rollout's traffic write does not make another
// rollout decide again from nothing), and on a failed analysis its first write is the return of
// all traffic to stable.
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import type { Deployment } from '../../../../src/api/types/core.ts';
import type { VirtualService } from '../../../../src/api/types/istio.ts';
import type { Rollout } from '../../../../src/api/types/rollout.ts';
import type { StoreChange } from '../../../../src/runtime/local/store/object-store.ts';
import { canaryManifests } from '../../../scenarios/manifests.ts';
import { waitFor } from '../../../support/ports.ts';
import { NAMESPACE, pausedAt, startLocalController, type LocalController } from './local-controller.ts';

const STEPS = [{ setWeight: 20 }, { pause: {} }, { setWeight: 60 }, { pause: {} }];

/** A new revision, as `kubectl argo rollouts set image` asks for it. */
function newRevision(local: LocalController, name: string, version: string): void {
  local.control(name, 'set-image', { container: 'web', image: `sluice/colorapi:${version}` });
}

function describeChange(change: StoreChange): string {
  if (change.ref.kind === 'VirtualService') {
    const weights = (change.object as VirtualService).spec.http?.[0]?.route?.map((route) => route.weight ?? 0) ?? [];
    return `VirtualService/${change.ref.name} ${weights.join('/')}`;
  }
  return `${change.type} ${change.ref.kind}/${change.ref.name}`;
}

describe('the local runtime on the shared rollout loop', () => {
  const running: LocalController[] = [];
  after(async () => {
    await Promise.all(running.map((local) => local.stop()));
  });

  it("ignores exactly its own writes: one rollout's traffic write leaves another rollout as it was", {
    timeout: 120_000,
  }, async () => {
    const local = await startLocalController([
      ...canaryManifests({ name: 'web', steps: STEPS, traffic: 'istio-host' }),
      ...canaryManifests({ name: 'api', steps: STEPS, traffic: 'istio-host' }),
    ]);
    running.push(local);
    for (const name of ['web', 'api'])
      await local.waitFor(name, 'Healthy', (rollout) => rollout.status?.phase === 'Healthy');
    for (const name of ['web', 'api']) newRevision(local, name, '2.0');
    for (const name of ['web', 'api']) await local.waitFor(name, 'paused at 20%', pausedAt(1, 20));

    const mark = local.changes.length;
    local.control('web', 'promote');
    await local.waitFor('web', 'paused at 60%', pausedAt(3, 60));
    const written = local.changes.slice(mark);
    assert.ok(
      written.some((change) => describeChange(change) === 'VirtualService/web-vs 40/60'),
      written.map(describeChange).join('\n'),
    );
    // Before, the store's announcement of web's traffic write came back as a change made by someone
    // else: api forgot the traffic in place and wrote its status again, unverified, then verified.
    const api = written.filter((change) => change.ref.kind === 'Rollout' && change.ref.name === 'api');
    assert.deepEqual(api.map(describeChange), []);
    assert.equal(local.rollout('api').status?.canary?.weights?.verified, true);
  });

  it('returns all traffic to stable with its first write after an analysis fails', { timeout: 120_000 }, async () => {
    const local = await startLocalController(
      canaryManifests({ name: 'shop', steps: STEPS, traffic: 'istio-host', backgroundAnalysis: true }),
    );
    running.push(local);
    await local.waitFor('shop', 'Healthy', (rollout) => rollout.status?.phase === 'Healthy');
    newRevision(local, 'shop', '2.0');
    await local.waitFor('shop', 'paused at 20%', pausedAt(1, 20));
    const [run] = local.store.list('AnalysisRun', NAMESPACE);
    assert.ok(run, 'the background analysis run exists');

    const mark = local.changes.length;
    // As the analysis driver records a failed measurement.
    local.store.writeStatus(
      { kind: 'AnalysisRun', namespace: NAMESPACE, name: run.metadata.name ?? '' },
      { phase: 'Failed', message: 'up failed' },
    );
    await local.waitFor(
      'shop',
      'aborted',
      (rollout) => rollout.status?.abort === true && rollout.status.phase === 'Degraded',
    );
    const written = local.changes.slice(mark + 1).map(describeChange);
    assert.equal(written[0], 'VirtualService/shop-vs 100/0', written.join('\n'));
  });
});

describe('the local runtime and a workloadRef Deployment', () => {
  const running: LocalController[] = [];
  after(async () => {
    await Promise.all(running.map((local) => local.stop()));
  });

  it("runs the Deployment's template with its selector and scales the stored Deployment to 0 once Healthy (scaleDown: progressively)", {
    timeout: 120_000,
  }, async () => {
    const objects = canaryManifests({
      name: 'legacy',
      traffic: 'none',
      steps: [{ setWeight: 50 }, { pause: { duration: '1s' } }],
    });
    const rollout = objects.find((object): object is Rollout => object.kind === 'Rollout');
    assert.ok(rollout?.spec.template && rollout.spec.selector);
    const deployment: Deployment = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'legacy-deploy', namespace: NAMESPACE },
      spec: {
        replicas: 3,
        selector: structuredClone(rollout.spec.selector),
        template: structuredClone(rollout.spec.template),
      },
    };
    delete rollout.spec.template;
    // No selector of its own either: it takes the Deployment's, as Argo.
    delete rollout.spec.selector;
    rollout.spec.workloadRef = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      name: 'legacy-deploy',
      scaleDown: 'progressively',
    };
    const local = await startLocalController([deployment, ...objects]);
    running.push(local);
    await local.waitFor('legacy', 'Healthy', (r) => r.status?.phase === 'Healthy');
    await waitFor(
      'the stored Deployment scaled to 0',
      async () => (local.store.get('Deployment', NAMESPACE, 'legacy-deploy')?.spec.replicas === 0 ? true : undefined),
      30_000,
    );
    const scales = local.changes
      .filter((change) => change.ref.kind === 'Deployment' && change.type === 'MODIFIED')
      .map((change) => (change.object as Deployment).spec.replicas);
    assert.equal(scales.at(-1), 0, JSON.stringify(scales));
    const [rs] = local.store
      .list('ReplicaSet', NAMESPACE)
      .filter((object) => object.metadata.name?.startsWith('legacy-'));
    const hash = local.rollout('legacy').status?.currentPodHash;
    assert.deepEqual(rs?.spec.selector, {
      matchLabels: { ...deployment.spec.selector.matchLabels, 'rollouts-pod-template-hash': hash },
    });
  });
});
