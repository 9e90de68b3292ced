import { test } from 'node:test';
import assert from 'node:assert/strict';
import { changesBetween } from '../../../src/demo/scenario-events.ts';
import type { RolloutSnapshot } from '../../../src/demo/rollout-snapshot.ts';

const base: RolloutSnapshot = {
  phase: 'Paused',
  message: 'CanaryPauseStep',
  aborted: false,
  stepIndex: 2,
  stepCount: 5,
  step: 'pause 20s',
  canaryWeight: 20,
  headerRoutes: ['canary-by-header'],
  stableVersion: '1.0',
  canaryVersion: '2.0',
};

test('one line per change of phase, step, weight, header route and analysis', () => {
  const table: Array<{ why: string; after: Partial<RolloutSnapshot>; lines: string[] }> = [
    { why: 'nothing changed', after: {}, lines: [] },
    {
      why: 'next step and weight',
      after: {
        phase: 'Progressing',
        message: 'more replicas need to be updated',
        stepIndex: 3,
        step: 'setWeight 50',
        canaryWeight: 50,
      },
      lines: [
        'rollout Progressing: more replicas need to be updated',
        'step 4/5: setWeight 50',
        'weights: stable 50, canary 50',
      ],
    },
    {
      why: 'all steps done',
      after: { stepIndex: 5, headerRoutes: [] },
      lines: ['steps: all 5 done', 'header route canary-by-header removed'],
    },
    {
      why: 'abort',
      after: {
        phase: 'Degraded',
        message: 'RolloutAborted: because',
        aborted: true,
        stepIndex: 0,
        step: 'setWeight 20',
        canaryWeight: 0,
        headerRoutes: [],
      },
      lines: [
        'rollout Degraded: RolloutAborted: because',
        'steps: back to 0/5 (aborted)',
        'weights: stable 100, canary 0',
        'header route canary-by-header removed',
      ],
    },
  ];
  for (const row of table) assert.deepEqual(changesBetween(base, { ...base, ...row.after }), row.lines, row.why);
});

test('a new analysis run and each new measurement, then the run ending', () => {
  const run = {
    name: 'colorapi-abc-3',
    phase: 'Running',
    message: '',
    metric: 'webcheck',
    failureLimit: 1,
    measurements: [{ phase: 'Failed', value: '"nok"' }],
  };
  assert.deepEqual(changesBetween(base, { ...base, analysis: run }), [
    'analysis colorapi-abc-3 Running',
    'analysis webcheck measurement 1: Failed "nok" (failed 1, limit 1)',
  ]);
  const ended = {
    ...run,
    phase: 'Failed',
    message: 'Metric "webcheck" assessed Failed',
    measurements: [...run.measurements, { phase: 'Failed', value: '"nok"' }],
  };
  assert.deepEqual(changesBetween({ ...base, analysis: run }, { ...base, analysis: ended }), [
    'analysis webcheck measurement 2: Failed "nok" (failed 2, limit 1)',
    'analysis colorapi-abc-3 Failed: Metric "webcheck" assessed Failed',
  ]);
});

test('the first snapshot reports its phase and step', () => {
  assert.deepEqual(changesBetween(undefined, { ...base, headerRoutes: [] }), [
    'rollout Paused: CanaryPauseStep',
    'step 3/5: pause 20s',
    'weights: stable 80, canary 20',
  ]);
});
