// The pure pieces of the targets: event-stream decoding, ownership, set image, undo's template
// comparison, the control patches per verb, and `list -w` rows.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Rollout } from '../../../../src/api/types/rollout.ts';
import { RowPrinter } from '../../../../src/cli/list/command.ts';
import { parseSetImage } from '../../../../src/cli/set/command.ts';
import { spec as getSpec } from '../../../../src/cli/get/spec.ts';
import { spec as setSpec } from '../../../../src/cli/set/spec.ts';
import { parseCommandLine } from '../../../../src/cli/shared/command-line.ts';
import { sameTemplate } from '../../../../src/cli/target/cluster-target.ts';
import { rolloutVerbPatch as controlPatchFor } from '../../../../src/engine/control/verb-patch.ts';
import { matchLabelsSelector, ownedObjects } from '../../../../src/cli/target/owned-objects.ts';
import { EventStreamDecoder } from '../../../../src/cli/target/server-sent-events.ts';
import { withImage } from '../../../../src/cli/target/set-image.ts';

function rollout(overrides: { status?: Rollout['status']; paused?: boolean } = {}): Rollout {
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Rollout',
    metadata: { name: 'web', namespace: 'default', uid: 'r1' },
    spec: {
      replicas: 3,
      ...(overrides.paused ? { paused: true } : {}),
      selector: { matchLabels: { app: 'web', tier: 'front' } },
      template: {
        metadata: { labels: { app: 'web' } },
        spec: {
          initContainers: [{ name: 'init', image: 'busybox' }],
          containers: [
            { name: 'web', image: 'web:1' },
            { name: 'side', image: 'side:1' },
          ],
        },
      },
      strategy: { canary: { steps: [{ setWeight: 20 }, { pause: {} }, { setWeight: 50 }] } },
    },
    ...(overrides.status ? { status: overrides.status } : {}),
  } as Rollout;
}

describe('EventStreamDecoder', () => {
  it('hands out whole events, across chunks cut anywhere, skipping comments', () => {
    const decoder = new EventStreamDecoder();
    assert.deepEqual(decoder.push(': keep-alive\n\nevent: rollout\ndata: {"a"'), []);
    assert.deepEqual(decoder.push(':1}\n\nevent: rollout\r\ndata: 2\r\n\r\n'), [
      { event: 'rollout', data: '{"a":1}' },
      { event: 'rollout', data: '2' },
    ]);
  });
});

describe('ownedObjects', () => {
  it("keeps the rollout's ReplicaSets, their pods, its AnalysisRuns and their Jobs only", () => {
    const owner = (kind: string, name: string, uid: string) => [{ apiVersion: 'v1', kind, name, uid }];
    const rs = (name: string, uid: string, ownerUid: string) => ({
      metadata: { name, uid, ownerReferences: owner('Rollout', 'web', ownerUid) },
      spec: { selector: {}, template: {} },
    });
    const objects = ownedObjects(rollout(), {
      replicaSets: [rs('web-a', 'a', 'r1'), rs('other-b', 'b', 'r2')] as never,
      pods: [
        { metadata: { name: 'web-a-1', ownerReferences: owner('ReplicaSet', 'web-a', 'a') } },
        { metadata: { name: 'other-b-1', ownerReferences: owner('ReplicaSet', 'other-b', 'b') } },
      ],
      analysisRuns: [
        { metadata: { name: 'web-a-2', uid: 'ar', ownerReferences: owner('Rollout', 'web', 'r1') } },
        { metadata: { name: 'x', ownerReferences: owner('Rollout', 'x', 'r9') } },
      ] as never,
      jobs: [
        { metadata: { name: 'job', ownerReferences: owner('AnalysisRun', 'web-a-2', 'ar') } },
        { metadata: { name: 'stray' } },
      ],
    });
    assert.deepEqual(
      objects.replicaSets.map((o) => o.metadata.name),
      ['web-a'],
    );
    assert.deepEqual(
      objects.pods.map((o) => o.metadata.name),
      ['web-a-1'],
    );
    assert.deepEqual(
      objects.analysisRuns.map((o) => o.metadata.name),
      ['web-a-2'],
    );
    assert.deepEqual(
      objects.jobs?.map((o) => o.metadata.name),
      ['job'],
    );
  });

  it('selects ReplicaSets and Pods by the matchLabels', () => {
    assert.equal(matchLabelsSelector(rollout()), 'app=web,tier=front');
  });
});

describe('set image', () => {
  it('sets one container, or every one (init containers too) for *', () => {
    const one = withImage(rollout(), 'side', 'side:2').spec.template?.spec;
    assert.deepEqual(
      one?.containers.map((c) => c.image),
      ['web:1', 'side:2'],
    );
    const all = withImage(rollout(), '*', 'x:9').spec.template?.spec;
    assert.deepEqual(
      [...(all?.initContainers ?? []), ...(all?.containers ?? [])].map((c) => c.image),
      ['x:9', 'x:9', 'x:9'],
    );
  });

  it('names the containers there are when the one asked for is missing', () => {
    assert.throws(
      () => withImage(rollout(), 'api', 'x'),
      /has no container named "api" \(containers: init, web, side\)/,
    );
  });

  it('reads NAME CONTAINER=IMAGE, an image with = in its tag included', () => {
    assert.deepEqual(parseSetImage(['web', 'web=reg/web:2']), { name: 'web', container: 'web', image: 'reg/web:2' });
    assert.throws(() => parseSetImage(['web', 'web']), /sluice set image NAME CONTAINER=IMAGE/);
    assert.throws(
      () => parseCommandLine(setSpec, ['img', 'web', 'a=b']),
      /write sluice set image NAME CONTAINER=IMAGE/,
    );
  });
});

describe('get words', () => {
  it('accepts the short names of kubectl', () => {
    const get = (...args: string[]) => {
      const line = parseCommandLine(getSpec, args);
      return { kind: line.path[1]?.name, words: line.words };
    };
    assert.deepEqual(get('ro', 'web'), { kind: 'rollout', words: ['web'] });
    assert.deepEqual(get('ar', 'run'), { kind: 'analysisrun', words: ['run'] });
    assert.throws(() => get('pods', 'x'), /sluice get rollout NAME/);
  });
});

describe('undo template comparison', () => {
  it('ignores the pod-template-hash label and key order', () => {
    const a = {
      metadata: { labels: { app: 'web', 'rollouts-pod-template-hash': 'abc' } },
      spec: { containers: [{ name: 'web', image: 'web:1' }] },
    };
    const b = { spec: { containers: [{ image: 'web:1', name: 'web' }] }, metadata: { labels: { app: 'web' } } };
    assert.equal(sameTemplate(a, b), true);
    assert.equal(sameTemplate(a, { ...b, spec: { containers: [{ name: 'web', image: 'web:2' }] } }), false);
  });
});

describe('control patches by verb', () => {
  const now = Date.UTC(2025, 0, 2, 3, 4, 5);
  const paused = rollout({
    status: {
      currentStepIndex: 1,
      pauseConditions: [{ reason: 'CanaryPauseStep', startTime: '2025-01-01T00:00:00Z' }],
      currentPodHash: 'new',
      stableRS: 'old',
    },
  });
  const cases: Array<{ verb: Parameters<typeof controlPatchFor>[0]; on: Rollout; patch: unknown }> = [
    { verb: 'promote', on: paused, patch: { status: { pauseConditions: null } } },
    { verb: 'promote-full', on: paused, patch: { status: { promoteFull: true } } },
    { verb: 'pause', on: paused, patch: { spec: { paused: true } } },
    { verb: 'resume', on: rollout({ paused: true }), patch: { spec: { paused: false } } },
    { verb: 'abort', on: paused, patch: { status: { abort: true } } },
    { verb: 'retry', on: rollout({ status: { abort: true } }), patch: { status: { abort: false } } },
    { verb: 'restart', on: paused, patch: { spec: { restartAt: '2025-01-02T03:04:05Z' } } },
  ];
  for (const { verb, on, patch } of cases) {
    it(`${verb} patches ${JSON.stringify(patch)}`, () => assert.deepEqual(controlPatchFor(verb, on, now), patch));
  }
  it('retry refuses a rollout that is not aborted', () =>
    assert.throws(() => controlPatchFor('retry', rollout(), now), /is not aborted/));
});

describe('list -w rows', () => {
  it('prints the header once, then only rows that read differently', () => {
    const printed: string[] = [];
    const printer = new RowPrinter(false, (text) => printed.push(text));
    const healthy = rollout({ status: { phase: 'Healthy', currentStepIndex: 3, readyReplicas: 3, replicas: 3 } });
    printer.show([healthy]);
    printer.show([structuredClone(healthy)]);
    printer.show([rollout({ status: { phase: 'Paused', currentStepIndex: 1, readyReplicas: 3, replicas: 3 } })]);
    assert.equal(printed.length, 2);
    assert.match(printed[0] ?? '', /^NAME +STRATEGY[^\n]*\nweb +Canary +Healthy/);
    assert.match(printed[1] ?? '', /^web +Canary +Paused +1\/3/);
  });
});
