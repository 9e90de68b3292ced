// The reference articles' blue-green: 3 replicas, manual promotion (autoPromotionEnabled: false),
// a preview of 1 pod, pre-promotion analysis then post-promotion analysis, scaleDownDelaySeconds 30.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BlueGreenSim, blueGreenRollout } from './sim.ts';

function referenceRollout() {
  return blueGreenRollout({
    previewService: 'myapp-preview',
    autoPromotionEnabled: false,
    previewReplicaCount: 1,
    scaleDownDelaySeconds: 30,
    prePromotionAnalysis: {
      templates: [{ templateName: 'call-api' }],
      args: [{ name: 'service-url', value: 'preview:8080' }],
    },
    postPromotionAnalysis: { templates: [{ templateName: 'prometheus-kpi-check' }] },
  });
}

test('first deploy: active and preview on revision 1 once it is available, no pause, no analysis', () => {
  const sim = new BlueGreenSim(referenceRollout());
  sim.reconcile();
  assert.equal(sim.replicaSets.length, 1);
  const first = sim.replicaSets[0]!;
  assert.equal(sim.status.stableRS, first.podTemplateHash, 'the first revision is stable at once');
  assert.equal(sim.services['myapp-active'], undefined, 'active waits for available pods');
  sim.advance(10_000);
  assert.equal(sim.services['myapp-active'], first.podTemplateHash);
  assert.equal(sim.services['myapp-preview'], first.podTemplateHash);
  assert.equal(first.replicas, 3);
  assert.equal(sim.status.phase, 'Healthy');
  assert.equal(sim.status.pauseConditions, undefined);
  assert.equal(sim.analysisRuns.length, 0);
  assert.equal(sim.status.blueGreen?.activeSelector, first.podTemplateHash);
});

test('update: preview of 1 pod, pre-promotion analysis, manual pause, promotion, post-promotion analysis, old scaled down after 30s', () => {
  const sim = new BlueGreenSim(referenceRollout());
  sim.advance(10_000);
  const blue = sim.byImage('myapp:blue');

  sim.setImage('myapp:green');
  sim.advance(10_000);
  const green = sim.byImage('myapp:green');
  assert.equal(green.replicas, 1, 'preview runs previewReplicaCount pods');
  assert.equal(blue.replicas, 3);
  assert.equal(sim.services['myapp-preview'], green.podTemplateHash);
  assert.equal(sim.services['myapp-active'], blue.podTemplateHash);
  const pre = sim.runsOf('PrePromotion');
  assert.equal(pre.length, 1);
  assert.equal(pre[0]?.name, `myapp-${green.podTemplateHash}-2-pre`);
  assert.equal(sim.status.pauseConditions, undefined, 'no pause before pre-promotion analysis succeeds');
  assert.equal(sim.status.blueGreen?.prePromotionAnalysisRunStatus?.status, 'Running');
  assert.equal(sim.status.replicas, 4, 'all pods of both revisions');
  assert.equal(sim.status.updatedReplicas, 1);
  assert.equal(sim.status.availableReplicas, 3, 'availability is read from the active ReplicaSet');
  assert.equal(sim.status.HPAReplicas, 3);
  assert.equal(sim.status.selector, `app=myapp,rollouts-pod-template-hash=${blue.podTemplateHash}`);
  assert.equal(sim.status.currentPodHash, green.podTemplateHash);
  assert.equal(sim.status.observedGeneration, '2');
  assert.equal(sim.status.phase, 'Progressing');

  sim.finishRun('PrePromotion', 'Successful');
  sim.advance(60_000);
  assert.deepEqual(sim.pauseReasons(), ['BlueGreenPause']);
  assert.equal(sim.status.controllerPause, true);
  assert.equal(sim.status.phase, 'Paused');
  assert.equal(sim.status.message, 'BlueGreenPause');
  assert.equal(sim.services['myapp-active'], blue.podTemplateHash, 'no promotion without a person');
  assert.equal(green.replicas, 1);

  sim.promote();
  sim.settle();
  assert.equal(sim.status.blueGreen?.scaleUpPreviewCheckPoint, true);
  assert.equal(green.replicas, 3, 'the preview grows to full size before the switch');
  assert.equal(sim.services['myapp-active'], blue.podTemplateHash, 'no switch before the new pods are available');
  sim.advance(10_000);
  assert.equal(sim.services['myapp-active'], green.podTemplateHash);
  assert.equal(sim.services['myapp-preview'], green.podTemplateHash, 'preview keeps pointing at the new active');
  assert.equal(sim.status.stableRS, blue.podTemplateHash, 'stable waits for post-promotion analysis');
  assert.equal(sim.status.message, 'waiting for analysis to complete');
  assert.equal(sim.runsOf('PostPromotion').length, 1);
  assert.equal(blue.replicas, 3, 'the old active stays up while it is still stable');

  sim.finishRun('PostPromotion', 'Successful');
  sim.reconcile();
  const promotedAt = sim.now;
  assert.equal(sim.status.stableRS, green.podTemplateHash);
  assert.equal(sim.status.phase, 'Healthy');
  sim.reconcile();
  assert.equal(blue.replicas, 3);
  assert.ok(blue.annotations['scale-down-deadline'], 'the old active gets a scale-down deadline');
  sim.advance(29_000);
  assert.equal(blue.replicas, 3, 'still up within scaleDownDelaySeconds');
  sim.advance(2_000);
  assert.equal(blue.replicas, 0, 'scaled down once the delay ran out');
  assert.ok(sim.now - promotedAt >= 30_000);
  assert.equal(sim.status.phase, 'Healthy');
  assert.equal(sim.status.blueGreen?.scaleUpPreviewCheckPoint, undefined, 'the checkpoint is reset by the promotion');
});
