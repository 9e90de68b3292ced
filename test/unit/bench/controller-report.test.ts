// The controller bench's report: medians over repeats where a timeout ranks above any time, and a
// table that prints a timeout as such and the ratio sluice / Argo of each figure.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { median, type Result, sizeTable } from '../../../bench/controller/report.ts';

test('the median of repeats ranks a timeout above any time and skips what was not measured', () => {
  assert.equal(median([300, 100, 200]), 200);
  assert.equal(median([100, 'timeout', 300]), 300);
  assert.equal(median([100, 'timeout', 'timeout']), 'timeout');
  assert.equal(median([100, 'timeout']), 'timeout');
  assert.equal(median([100, 300, undefined]), 200);
  assert.equal(median([undefined]), undefined);
});

test('a size table has a column per controller, the ratios, and timeout where a controller did not get there', () => {
  const results: Result[] = [
    { size: 20, controller: 'sluice', figures: { peakRss: 100, stepP99: 50, burstP50: 47, loadStart: 2 }, notes: [] },
    {
      size: 20,
      controller: 'argo',
      figures: { peakRss: 200, stepP99: 'timeout', burstP50: 11039, loadStart: 3 },
      notes: [],
    },
    {
      size: 20,
      controller: 'argo-fast',
      figures: { peakRss: 400, stepP99: 500, burstP50: 47, loadStart: 4 },
      notes: [],
    },
  ];
  const lines = sizeTable(20, ['sluice', 'argo', 'argo-fast'], results, 1).split('\n');
  assert.match(lines[0]!, /20 rollouts\s+sluice\s+argo\s+argo-fast\s+sluice\/argo\s+sluice\/argo-fast$/);
  assert.match(lines.find((line) => line.startsWith('RSS peak'))!, /100 MB\s+200 MB\s+400 MB\s+0\.50\s+0\.25$/);
  assert.match(
    lines.find((line) => line.startsWith('step latency p99'))!,
    /50 ms\s+timeout\s+500 ms\s+< \(Argo timeout\)\s+0\.10$/,
  );
  assert.match(lines.find((line) => line.startsWith('burst p50'))!, /47 ms\s+11039 ms\s+47 ms\s+0\.0043\s+1\.00$/);
  assert.match(lines.find((line) => line.startsWith('load average at start'))!, /2\.0\s+3\.0\s+4\.0$/);
  assert.match(lines.find((line) => line.startsWith('reaction p50'))!, /n\/a\s+n\/a\s+n\/a\s+n\/a\s+n\/a$/);
});

test('the memory at rest of the scale run shows only when a controller measured it', () => {
  const plain: Result[] = [{ size: 5, controller: 'sluice', figures: { peakRss: 100 }, notes: [] }];
  assert.ok(!sizeTable(5, ['sluice'], plain, 1).includes('RSS at rest'));
  const scale: Result[] = [{ size: 5, controller: 'sluice', figures: { peakRss: 100, healthyRss: 90 }, notes: [] }];
  assert.match(sizeTable(5, ['sluice'], scale, 1), /RSS at rest, all Healthy\s+90 MB/);
});
