// The demo's manifests are real YAML that `sluice lint` accepts, and the demo's adjustments
// (pauses, analysis interval, mesh address) keep them valid.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import process from 'node:process';
import { fileURLToPath } from 'node:url';
import { loadManifests } from '../../../src/api/load-manifests.ts';
import type { AnalysisTemplate } from '../../../src/api/types/analysis.ts';
import type { Rollout } from '../../../src/api/types/rollout.ts';
import { FAST_TIMING, MANIFESTS_DIR, NORMAL_TIMING, scenarioManifests } from '../../../src/demo/scenario-manifests.ts';

const CLI = fileURLToPath(new URL('../../../src/cli/main.ts', import.meta.url));

test('sluice lint accepts the demo manifests', () => {
  const result = spawnSync(process.execPath, [CLI, 'lint', '-f', MANIFESTS_DIR], { encoding: 'utf8' });
  assert.equal(result.status, 0, result.stdout + result.stderr);
  assert.match(result.stdout, /^ok: 5 objects in 4 files$/m);
});

for (const timing of [NORMAL_TIMING, FAST_TIMING]) {
  test(`the adjusted manifests are valid, with pauses of ${timing.pause} and an interval of ${timing.analysisInterval}`, () => {
    const { objects, issues } = loadManifests(scenarioManifests({ timing, meshAddress: '127.0.0.1:4567' }));
    assert.deepEqual(issues, []);
    const rollout = objects.find((object) => object.object.kind === 'Rollout')?.object as Rollout;
    const template = objects.find((object) => object.object.kind === 'AnalysisTemplate')?.object as AnalysisTemplate;
    const canary = rollout.spec.strategy?.canary;
    assert.deepEqual(
      canary?.steps?.filter((step) => step.pause).map((step) => step.pause?.duration),
      [timing.pause, timing.pause],
    );
    assert.deepEqual(
      canary?.steps?.map((step) => Object.keys(step)[0]),
      ['setWeight', 'setHeaderRoute', 'pause', 'setWeight', 'pause'],
    );
    assert.deepEqual(canary?.analysis?.args, [
      { name: 'mesh-address', value: '127.0.0.1:4567' },
      { name: 'host', value: 'colorapi-canary' },
    ]);
    assert.equal(rollout.spec.replicas, 5);
    assert.equal(template.spec.metrics?.[0]?.interval, timing.analysisInterval);
    assert.equal(template.spec.metrics?.[0]?.failureLimit, 1);
    assert.equal(template.spec.metrics?.[0]?.successCondition, 'result == "ok"');
  });
}
