// An AnalysisRun in flight when `sluice run` stops resumes when it starts again: the run's status
// (with its Running measurement) is in the state directory and the job provider finds its job
// there, so the job's outcome decides the step; no second run is created.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import {
  applyBlue,
  copyFixture,
  editFile,
  startSluice,
  temporaryDir,
  waitForFirstDeploy,
  waitForRollout,
  type RunningSluice,
} from './sluice-run.ts';

describe('an analysis run across a restart of sluice run', () => {
  let sluice: RunningSluice | undefined;
  const flag = path.join(temporaryDir('flag'), 'done');
  after(async () => {
    writeFileSync(flag, 'done'); // the job ends even when the test failed half-way
    await sluice?.stop();
  });

  it('resumes the running job metric and continues the rollout with its outcome', async () => {
    const manifests = copyFixture('analysis-resume');
    editFile(path.join(manifests, 'rollout.yaml'), (text) => text.replace('FLAG_FILE', JSON.stringify(flag)));
    const first = await startSluice([manifests]);
    sluice = first;
    await waitForFirstDeploy(first);
    await applyBlue(first, manifests);
    const running = await waitForRollout(first, 'default', 'colorapi', 'the analysis job to run', (d) => {
      const run = d.analysisRuns[0];
      const measurement = run?.status?.metricResults?.[0]?.measurements?.[0];
      return run?.status?.phase === 'Running' && measurement?.phase === 'Running' ? run : undefined;
    });
    assert.equal(await first.stop(), 0);

    writeFileSync(flag, 'done');
    const second = await startSluice([manifests], { stateDir: first.stateDir });
    sluice = second;
    const done = await waitForRollout(second, 'default', 'colorapi', 'the update to complete', (d) => {
      const status = d.rollout.status;
      return status?.phase === 'Healthy' && status.stableRS === status.currentPodHash ? d : undefined;
    });
    assert.deepEqual(
      done.analysisRuns.map((run) => [run.metadata.name, run.status?.phase]),
      [[running.metadata.name, 'Successful']],
    );
    assert.equal(done.analysisRuns[0]?.status?.startedAt, running.status?.startedAt);
  });
});
