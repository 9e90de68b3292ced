// `list experiments`: Argo's columns (DURATION, REMAINING while it runs).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Experiment } from '../../../src/api/types/experiment.ts';
import { experimentListRow } from '../../../src/view/experiment-view.ts';
import { renderExperimentList } from '../../../src/cli/render/experiments.ts';

const NOW = Date.parse('2026-01-01T00:10:00Z');

function experiment(status: Experiment['status'], duration?: string): Experiment {
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Experiment',
    metadata: { name: 'trial', namespace: 'shop', creationTimestamp: '2026-01-01T00:00:00Z' },
    spec: {
      ...(duration ? { duration } : {}),
      templates: [
        {
          name: 'baseline',
          replicas: 2,
          selector: { matchLabels: { app: 'a' } },
          template: { metadata: { labels: { app: 'a' } } },
        },
      ],
      analyses: [{ name: 'check', templateName: 'rate' }],
    },
    ...(status ? { status } : {}),
  };
}

const rows: Array<{ name: string; status: Experiment['status']; duration?: string; want: [string, string, string] }> = [
  {
    name: 'running with a duration: the time left',
    status: { phase: 'Running', availableAt: '2026-01-01T00:05:00Z' },
    duration: '30m',
    want: ['Running', '30m', '25m'],
  },
  {
    name: 'finished: nothing left',
    status: { phase: 'Successful', availableAt: '2026-01-01T00:05:00Z' },
    duration: '30m',
    want: ['Successful', '30m', '-'],
  },
  { name: 'no duration', status: { phase: 'Pending' }, want: ['Pending', '-', '-'] },
];
for (const { name, status, duration, want } of rows) {
  test(`list row: ${name}`, () => {
    const row = experimentListRow(experiment(status, duration), NOW);
    assert.deepEqual([row.status, row.duration, row.remaining], want);
    assert.equal(row.age, '10m');
  });
}

test('the list has NAMESPACE first with -A', () => {
  const row = experimentListRow(experiment({ phase: 'Running' }), NOW);
  assert.equal(renderExperimentList([row], false).split('\n')[0], 'NAME   STATUS   DURATION  REMAINING  AGE');
  assert.match(renderExperimentList([row], true).split('\n')[1] ?? '', /^shop\s+trial\s+Running/);
});
