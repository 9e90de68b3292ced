// The wording of the events a canary emits, as Argo words them.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { describeStep } from '../../../../src/engine/canary/steps.ts';
import { SimulatedCluster, canaryRollout, istioSubsetLevel } from '../harness/index.ts';

const steps: Array<[Parameters<typeof describeStep>[0], string]> = [
  [{ setWeight: 20 }, 'setWeight: 20'],
  [{ pause: {} }, 'pause'],
  [{ pause: { duration: '30s' } }, 'pause: 30s'],
  [{ pause: { duration: 30 } }, 'pause: 30'],
  [{ analysis: { templates: [{ templateName: 'a' }] } }, 'analysis'],
  [{ experiment: { templates: [] } }, 'experiment'],
  [{ setCanaryScale: { weight: 10 } }, 'setCanaryScale{weight: 10}'],
  [{ setCanaryScale: { matchTrafficWeight: true } }, 'setCanaryScale{matchTrafficWeight: true}'],
  [{ setCanaryScale: { replicas: 2 } }, 'setCanaryScale{replicas: 2}'],
  [{ setHeaderRoute: { name: 'header-canary', match: [] } }, 'setHeaderRoute: header-canary'],
  [{ setMirrorRoute: { name: 'mirror', percentage: 50 } }, 'setMirrorRoute: mirror'],
  [{ plugin: { name: 'acme/plugin' } }, 'plugin: acme/plugin'],
  [{}, 'invalid'],
];

for (const [step, text] of steps) {
  test(`describeStep(${JSON.stringify(step)}) = ${text}`, () => assert.equal(describeStep(step), text));
}

test("every TrafficWeightUpdated event is worded as Argo's trafficWeightUpdatedMessage", () => {
  const canarySteps = [
    { setWeight: 10 },
    { setHeaderRoute: { name: 'header-route', match: [{ headerName: 'x-canary', headerValue: { exact: 'true' } }] } },
    { pause: {} },
  ];
  const cluster = new SimulatedCluster(canaryRollout({ replicas: 2, steps: canarySteps, canary: istioSubsetLevel() }), {
    readyDelayMs: 1000,
  });
  cluster.advance(5000);
  cluster.setImage('app:2');
  cluster.advanceUntil((c) => c.status.phase === 'Paused');
  const weightEvents = cluster.events
    .filter((event) => event.reason === 'TrafficWeightUpdated')
    .map((event) => event.message);
  assert.ok(weightEvents.length > 0);
  // "to N" first, "from N to M" when the weight moves, nothing more when only the canary hash changed.
  for (const message of weightEvents) assert.match(message, /^Traffic weight updated ((from \d+ )?to \d+)?$/);
  assert.ok(weightEvents.includes('Traffic weight updated '), weightEvents.join('\n'));
  assert.ok(weightEvents.includes('Traffic weight updated from 0 to 10'), weightEvents.join('\n'));
  const stepEvents = cluster.events
    .filter((event) => event.reason === 'RolloutStepCompleted')
    .map((event) => event.message);
  assert.ok(
    stepEvents.some((message) => message.includes('(setHeaderRoute: header-route)')),
    stepEvents.join('\n'),
  );
  assert.ok(stepEvents.every((message) => !message.includes('(invalid)')));
});

test('a timed pause asks to be looked at again just after it ends, not a second later', () => {
  const cluster = new SimulatedCluster(
    canaryRollout({ replicas: 2, steps: [{ setWeight: 50 }, { pause: { duration: 10 } }] }),
    { readyDelayMs: 1000 },
  );
  cluster.advance(5000);
  cluster.setImage('app:2');
  cluster.advanceUntil((c) => c.status.phase === 'Paused');
  const start = Date.parse(cluster.status.pauseConditions?.[0]?.startTime ?? '');
  const decision = cluster.reconcile();
  assert.equal(decision.requeueAfterMs, start + 10_000 - cluster.now + 1);
});
