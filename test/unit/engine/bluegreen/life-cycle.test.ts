// Blue-green life cycle on the simulated cluster: abort and retry, auto-promotion, scale-down
// delay, a template changed back to stable, full promotion, manual pause, inconclusive analysis.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { BlueGreenStrategy } from '../../../../src/api/types/rollout.ts';
import { BlueGreenSim, blueGreenRollout } from './sim.ts';

function deployed(strategy: Partial<BlueGreenStrategy>, replicas = 3): BlueGreenSim {
  const sim = new BlueGreenSim(blueGreenRollout({ previewService: 'myapp-preview', ...strategy }, replicas));
  sim.advance(10_000);
  assert.equal(sim.status.phase, 'Healthy');
  return sim;
}

test('pre-promotion analysis fails: abort, Degraded, active stays on the old revision, preview down after abortScaleDownDelaySeconds', () => {
  const sim = deployed({
    autoPromotionEnabled: false,
    abortScaleDownDelaySeconds: 30,
    prePromotionAnalysis: { templates: [{ templateName: 'smoke' }] },
  });
  const blue = sim.byImage('myapp:blue');
  sim.setImage('myapp:green');
  sim.advance(10_000);
  const green = sim.byImage('myapp:green');
  assert.equal(green.availableReplicas, 3);

  sim.finishRun('PrePromotion', 'Failed', 'metric "smoke" assessed Failed');
  sim.settle();
  assert.equal(sim.status.abort, true);
  assert.ok(sim.status.abortedAt);
  assert.equal(sim.status.phase, 'Degraded');
  assert.match(
    sim.status.message ?? '',
    /^RolloutAborted: Rollout aborted update to revision 2: metric "smoke" assessed Failed$/,
  );
  const progressing = sim.status.conditions?.find((c) => c.type === 'Progressing');
  assert.equal(progressing?.reason, 'RolloutAborted');
  assert.equal(progressing?.status, 'False');
  assert.equal(sim.services['myapp-active'], blue.podTemplateHash);
  assert.equal(sim.status.pauseConditions, undefined);
  assert.ok(green.annotations['scale-down-deadline'], 'the preview gets an abort deadline');
  assert.equal(green.replicas, 3, 'the preview stays up during abortScaleDownDelaySeconds');

  sim.advance(25_000);
  assert.equal(green.replicas, 3);
  sim.advance(10_000);
  assert.equal(green.replicas, 0, 'the preview is scaled down after the delay');
  assert.equal(blue.replicas, 3);
  assert.equal(sim.services['myapp-active'], blue.podTemplateHash);
  assert.equal(sim.status.phase, 'Degraded');
  assert.ok(sim.allActions().some((a) => a.type === 'scaleReplicaSet' && a.name === green.name && a.replicas === 0));
});

test('retry after an abort starts the update again with a new pre-promotion run', () => {
  const sim = deployed({
    autoPromotionEnabled: false,
    prePromotionAnalysis: { templates: [{ templateName: 'smoke' }] },
  });
  sim.setImage('myapp:green');
  sim.advance(10_000);
  sim.finishRun('PrePromotion', 'Failed');
  sim.advance(60_000);
  const green = sim.byImage('myapp:green');
  assert.equal(green.replicas, 0);

  sim.retry();
  sim.advance(10_000);
  assert.equal(sim.status.abort, undefined);
  assert.equal(green.replicas, 3);
  assert.equal(green.annotations['scale-down-deadline'], undefined, 'the abort deadline is gone');
  const runs = sim.runsOf('PrePromotion');
  assert.equal(runs.length, 2);
  assert.equal(runs[1]?.name, `${runs[0]?.name}.1`, 'a second run gets a collision suffix');
  assert.notEqual(sim.status.phase, 'Degraded');
});

test('abort by a person after the switch returns the active Service to stable', () => {
  const sim = deployed({ postPromotionAnalysis: { templates: [{ templateName: 'kpi' }] } });
  const blue = sim.byImage('myapp:blue');
  sim.setImage('myapp:green');
  sim.advance(10_000);
  const green = sim.byImage('myapp:green');
  assert.equal(sim.services['myapp-active'], green.podTemplateHash, 'auto-promotion switched');
  assert.equal(blue.replicas, 3);
  sim.abort();
  sim.settle();
  assert.equal(sim.services['myapp-active'], blue.podTemplateHash);
  assert.equal(sim.status.blueGreen?.activeSelector, blue.podTemplateHash);
  assert.equal(sim.status.stableRS, blue.podTemplateHash);
  assert.equal(sim.status.phase, 'Degraded');
});

test('post-promotion analysis fails: abort and back to the stable revision', () => {
  const sim = deployed({ postPromotionAnalysis: { templates: [{ templateName: 'kpi' }] } });
  const blue = sim.byImage('myapp:blue');
  sim.setImage('myapp:green');
  sim.advance(10_000);
  sim.finishRun('PostPromotion', 'Error', 'provider unreachable');
  sim.advance(1_000);
  assert.equal(sim.services['myapp-active'], blue.podTemplateHash);
  assert.equal(sim.status.phase, 'Degraded');
  assert.equal(sim.status.stableRS, blue.podTemplateHash);
});

test('autoPromotionSeconds promotes by itself, counted from the start of the pause', () => {
  const sim = deployed({ autoPromotionSeconds: 60 });
  const blue = sim.byImage('myapp:blue');
  sim.setImage('myapp:green');
  sim.advance(10_000);
  const green = sim.byImage('myapp:green');
  const pause = sim.status.pauseConditions?.[0];
  assert.equal(pause?.reason, 'BlueGreenPause');
  const pausedAt = Date.parse(pause?.startTime ?? '');
  assert.equal(sim.services['myapp-active'], blue.podTemplateHash);

  sim.advance(pausedAt + 59_000 - sim.now);
  assert.equal(sim.services['myapp-active'], blue.podTemplateHash, 'not before autoPromotionSeconds');
  assert.equal(sim.status.phase, 'Paused');
  sim.advance(2_000);
  assert.equal(sim.services['myapp-active'], green.podTemplateHash, 'promoted on the virtual clock');
  assert.equal(sim.status.pauseConditions, undefined);
  assert.equal(sim.status.stableRS, green.podTemplateHash);
  assert.equal(sim.status.phase, 'Healthy');
  const requeue = sim.decisions.find((d) => d.status.pauseConditions && d.requeueAfterMs !== undefined);
  assert.ok(requeue, 'the paused decision asks to be called back');
});

test('scaleDownDelaySeconds keeps the old active up 30s after the switch, then scales it to 0', () => {
  const sim = deployed({ scaleDownDelaySeconds: 30 });
  const blue = sim.byImage('myapp:blue');
  sim.setImage('myapp:green');
  sim.settle();
  const green = sim.byImage('myapp:green');
  sim.advance(green.readyAt - sim.now);
  assert.equal(sim.services['myapp-active'], green.podTemplateHash);
  const switchedAt = sim.now;
  const deadline = Date.parse(blue.annotations['scale-down-deadline'] ?? '');
  assert.ok(deadline >= switchedAt + 29_000 && deadline <= switchedAt + 30_000, 'deadline is 30s after the switch');
  assert.equal(blue.replicas, 3);
  sim.advance(deadline - sim.now - 1_000);
  assert.equal(blue.replicas, 3);
  sim.advance(2_000);
  assert.equal(blue.replicas, 0);
  assert.equal(blue.annotations['scale-down-deadline'], undefined, 'the deadline goes with the scale-down');
});

test('a template changed back to the stable one mid-rollout returns to Healthy at once', () => {
  const sim = deployed({ autoPromotionEnabled: false });
  const blue = sim.byImage('myapp:blue');
  sim.setImage('myapp:green');
  sim.advance(10_000);
  assert.equal(sim.status.phase, 'Paused');
  const green = sim.byImage('myapp:green');

  sim.setImage('myapp:blue');
  sim.reconcile();
  assert.equal(sim.status.phase, 'Healthy');
  assert.equal(sim.status.currentPodHash, blue.podTemplateHash);
  assert.equal(sim.status.pauseConditions, undefined);
  assert.equal(sim.services['myapp-active'], blue.podTemplateHash);
  assert.equal(sim.services['myapp-preview'], blue.podTemplateHash);
  assert.equal(blue.revision, 3, 'the reused ReplicaSet gets the next revision');
  sim.advance(60_000);
  assert.equal(green.replicas, 0, 'the abandoned preview is scaled down');
  assert.equal(sim.status.phase, 'Healthy');
});

test('promote --full skips the pause and the analysis', () => {
  const sim = deployed({
    autoPromotionEnabled: false,
    prePromotionAnalysis: { templates: [{ templateName: 'smoke' }] },
  });
  sim.setImage('myapp:green');
  sim.advance(10_000);
  const green = sim.byImage('myapp:green');
  sim.promoteFull();
  sim.advance(1_000);
  assert.equal(sim.services['myapp-active'], green.podTemplateHash);
  assert.equal(sim.status.stableRS, green.podTemplateHash);
  assert.equal(sim.status.promoteFull, undefined);
  assert.equal(sim.status.phase, 'Healthy');
  assert.ok(sim.runsOf('PrePromotion').every((r) => r.terminating || r.phase !== 'Running'));
});

test('spec.paused holds the switch and the preview; resuming carries on', () => {
  const sim = deployed({});
  const blue = sim.byImage('myapp:blue');
  sim.setPaused(true);
  sim.setImage('myapp:green');
  sim.advance(30_000);
  assert.equal(sim.status.phase, 'Paused');
  assert.equal(sim.status.message, 'manually paused');
  assert.equal(sim.services['myapp-active'], blue.podTemplateHash);
  assert.equal(sim.services['myapp-preview'], blue.podTemplateHash, 'the preview does not move while paused');
  sim.setPaused(false);
  sim.advance(10_000);
  assert.equal(sim.services['myapp-active'], sim.byImage('myapp:green').podTemplateHash);
  assert.equal(sim.status.phase, 'Healthy');
});

test('inconclusive pre-promotion analysis pauses with InconclusiveAnalysisRun; promoting starts a new run', () => {
  const sim = deployed({ prePromotionAnalysis: { templates: [{ templateName: 'smoke' }] } });
  const blue = sim.byImage('myapp:blue');
  sim.setImage('myapp:green');
  sim.advance(10_000);
  sim.finishRun('PrePromotion', 'Inconclusive');
  sim.advance(5_000);
  assert.deepEqual(sim.pauseReasons(), ['InconclusiveAnalysisRun']);
  assert.equal(sim.status.phase, 'Paused');
  assert.equal(sim.status.message, 'InconclusiveAnalysisRun');
  assert.equal(sim.services['myapp-active'], blue.podTemplateHash);
  sim.promote();
  sim.advance(1_000);
  assert.equal(sim.runsOf('PrePromotion').length, 2);
  sim.finishRun('PrePromotion', 'Successful');
  sim.advance(1_000);
  assert.equal(sim.services['myapp-active'], sim.byImage('myapp:green').podTemplateHash);
});

test('without a preview Service the update still goes through', () => {
  const sim = new BlueGreenSim(blueGreenRollout({}));
  sim.advance(10_000);
  sim.setImage('myapp:green');
  sim.advance(10_000);
  assert.equal(sim.services['myapp-preview'], undefined);
  assert.equal(sim.status.blueGreen?.previewSelector, undefined);
  assert.equal(sim.services['myapp-active'], sim.byImage('myapp:green').podTemplateHash);
  assert.equal(sim.status.phase, 'Healthy');
});

test('Services: with reported selectors only changes are actions; without, selectors are repeated and a reset one is put back', () => {
  const reported = deployed({});
  reported.reconcile();
  assert.deepEqual(reported.decisions.at(-1)?.actions, [], 'a steady rollout with reported selectors asks for nothing');

  const blind = new BlueGreenSim(blueGreenRollout({ previewService: 'myapp-preview' }));
  blind.reportSelectors = false;
  blind.advance(10_000);
  const blue = blind.byImage('myapp:blue').podTemplateHash;
  blind.services['myapp-active'] = 'someone-else';
  blind.reconcile();
  const repeated = blind.decisions.at(-1)?.actions.filter((a) => a.type === 'setServiceSelector');
  assert.deepEqual(repeated, [
    { type: 'setServiceSelector', service: 'myapp-preview', podTemplateHash: blue },
    { type: 'setServiceSelector', service: 'myapp-active', podTemplateHash: blue },
  ]);
  assert.equal(blind.services['myapp-active'], blue);
});

test('going back to the previous revision within its scale-down delay skips the pause', () => {
  const sim = deployed({ autoPromotionEnabled: false, scaleDownDelaySeconds: 300 });
  sim.setImage('myapp:green');
  sim.advance(10_000);
  sim.promote();
  sim.advance(10_000);
  const blue = sim.byImage('myapp:blue');
  const green = sim.byImage('myapp:green');
  assert.equal(sim.services['myapp-active'], green.podTemplateHash);
  assert.ok(blue.annotations['scale-down-deadline'], 'blue waits for its scale-down');
  assert.equal(blue.replicas, 3);

  sim.setImage('myapp:blue');
  sim.advance(1_000);
  assert.equal(sim.services['myapp-active'], blue.podTemplateHash, 'no pause for a fast rollback');
  assert.equal(sim.status.stableRS, blue.podTemplateHash);
  assert.equal(sim.status.phase, 'Healthy');
  assert.equal(blue.annotations['scale-down-deadline'], undefined);
});

test('progressDeadlineSeconds with progressDeadlineAbort: a preview that never gets ready times out and is aborted', () => {
  const sim = new BlueGreenSim({
    ...blueGreenRollout({ previewService: 'myapp-preview' }),
    spec: {
      ...blueGreenRollout({ previewService: 'myapp-preview' }).spec,
      progressDeadlineSeconds: 60,
      progressDeadlineAbort: true,
    },
  });
  sim.advance(10_000);
  const blue = sim.byImage('myapp:blue');
  sim.podReadyMs = 3_600_000;
  sim.setImage('myapp:green');
  sim.advance(120_000);
  assert.equal(sim.status.phase, 'Degraded');
  assert.equal(sim.status.abort, true);
  assert.ok(
    sim.status.conditions?.some(
      (c) => c.type === 'Progressing' && (c.reason === 'ProgressDeadlineExceeded' || c.reason === 'RolloutAborted'),
    ),
  );
  assert.equal(sim.services['myapp-active'], blue.podTemplateHash);
  sim.advance(60_000);
  assert.equal(
    sim.byImage('myapp:green').replicas,
    0,
    'the aborted preview is scaled down after abortScaleDownDelaySeconds',
  );
});

test('previewMetadata labels the new pods during the update; activeMetadata replaces them once promoted', () => {
  const sim = deployed({
    previewMetadata: { labels: { role: 'preview' } },
    activeMetadata: { labels: { role: 'active' } },
  });
  const blue = sim.byImage('myapp:blue');
  assert.equal(
    blue.annotations['rollout.argoproj.io/ephemeral-metadata'],
    JSON.stringify({ labels: { role: 'active' } }),
  );
  sim.setImage('myapp:green');
  sim.settle();
  const green = sim.byImage('myapp:green');
  assert.equal(
    green.annotations['rollout.argoproj.io/ephemeral-metadata'],
    JSON.stringify({ labels: { role: 'preview' } }),
  );
  sim.advance(10_000);
  assert.equal(sim.status.stableRS, green.podTemplateHash);
  assert.equal(
    green.annotations['rollout.argoproj.io/ephemeral-metadata'],
    JSON.stringify({ labels: { role: 'active' } }),
  );
  const relabel = sim
    .allActions()
    .find((a) => a.type === 'updateReplicaSetMetadata' && a.name === green.name && a.podLabels);
  assert.deepEqual(relabel?.type === 'updateReplicaSetMetadata' && relabel.podLabels, { role: 'active' });
});
