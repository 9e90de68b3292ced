// An analysis step run by the local runtime: the engine asks for an AnalysisRun, the runtime builds
// it from the AnalysisTemplate in its store and drives it with the job provider (a local process).
// Success lets the rollout continue; failure aborts it back to the stable version.
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  copyFixture,
  editFile,
  readyPodsByHash,
  runCli,
  startSluice,
  waitForRollout,
  type RunningSluice,
} from './sluice-run.ts';

describe('an analysis step in the local runtime', () => {
  let sluice: RunningSluice;
  let manifests: string;
  const apply = async () => {
    const applied = await runCli(['apply', '-f', manifests, '--state-dir', sluice.stateDir]);
    assert.equal(applied.code, 0, applied.stdout + applied.stderr);
  };

  before(async () => {
    manifests = copyFixture('canary-analysis');
    sluice = await startSluice([manifests]);
    await waitForRollout(
      sluice,
      'default',
      'colorapi',
      'the first deploy',
      (d) => d.rollout.status?.phase === 'Healthy' && readyPodsByHash(d)[d.rollout.status.stableRS ?? ''] === 5,
    );
  });
  after(async () => {
    await sluice?.stop();
  });

  it('continues after a Successful run', async () => {
    editFile(path.join(manifests, 'rollout.yaml'), (text) => text.replace('colorapi:red', 'colorapi:blue'));
    await apply();
    const detail = await waitForRollout(
      sluice,
      'default',
      'colorapi',
      'the update to complete after the analysis',
      (d) => {
        const status = d.rollout.status;
        return status?.phase === 'Healthy' && status.stableRS === status.currentPodHash && d.analysisRuns.length === 1
          ? d
          : undefined;
      },
    );
    const [run] = detail.analysisRuns;
    assert.equal(run?.status?.phase, 'Successful');
    assert.equal(run?.metadata.name, `colorapi-${detail.rollout.status?.currentPodHash}-2-1`);
    assert.equal(run?.metadata.labels?.['rollout-type'], 'Step');
    assert.deepEqual(run?.spec.args, [{ name: 'code', value: '0' }]);
  });

  it('aborts after a Failed run and keeps the stable version', async () => {
    const stable = (await waitForRollout(
      sluice,
      'default',
      'colorapi',
      'the stable hash',
      (d) => d.rollout.status?.stableRS,
    )) as string;
    editFile(path.join(manifests, 'rollout.yaml'), (text) =>
      text.replace('colorapi:blue', 'colorapi:black').replace('value: "0"', 'value: "1"'),
    );
    await apply();
    const detail = await waitForRollout(sluice, 'default', 'colorapi', 'the abort after the failed analysis', (d) => {
      const status = d.rollout.status;
      return status?.phase === 'Degraded' && status.abort === true && readyPodsByHash(d)[stable] === 5 ? d : undefined;
    });
    const failed = detail.analysisRuns.find(
      (run) => run.metadata.labels?.['rollouts-pod-template-hash'] === detail.rollout.status?.currentPodHash,
    );
    assert.equal(failed?.status?.phase, 'Failed');
    assert.equal(detail.rollout.status?.stableRS, stable);
    assert.match(detail.rollout.status?.message ?? '', /RolloutAborted/);
  });
});
