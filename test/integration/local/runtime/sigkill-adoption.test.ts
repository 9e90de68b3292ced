// `sluice run` killed with SIGKILL mid-canary and started again at once: the restart is accepted
// (the lock died with its holder), the new runtime adopts the same pods (same names, same pids), no
// process of the first runtime is left over, and the rollout is where it was (step, weights,
// revision). After a graceful stop no pod process is left either.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import path from 'node:path';
import process from 'node:process';
import { after, describe, it } from 'node:test';
import type { RolloutDetail } from '../../../../src/runtime/local/api/rollout-details.ts';
import type { PodStatus } from '../../../../src/runtime/local/pods/pod-status.ts';
import { countBy, send, sendMany } from '../services/pod-servers.ts';
import { onLinux, processesOf } from './pod-processes.ts';
import {
  copyFixture,
  editFile,
  readyPodsByHash,
  runCli,
  startSluice,
  waitForRollout,
  type RunningSluice,
} from './sluice-run.ts';

const HOST = 'web.demo.svc.cluster.local';
function podPids(detail: RolloutDetail): Record<string, number[]> {
  const pids: Record<string, number[]> = {};
  for (const pod of detail.pods) {
    const local = (pod.status as { local?: PodStatus } | undefined)?.local;
    pids[pod.metadata.name ?? ''] = (local?.containers ?? []).flatMap((c) => (c.pid ? [c.pid] : []));
  }
  return pids;
}

function allReady(detail: RolloutDetail): boolean {
  const ready = Object.values(readyPodsByHash(detail)).reduce((a, b) => a + b, 0);
  return (
    ready === detail.pods.length && ready === detail.replicaSets.reduce((sum, rs) => sum + (rs.spec.replicas ?? 0), 0)
  );
}

function pausedAtHeaderRoute(detail: RolloutDetail): boolean {
  const status = detail.rollout.status;
  return status?.phase === 'Paused' && status.currentStepIndex === 2 && detail.routes?.canaryWeight === 20;
}

describe('SIGKILL of sluice run mid-canary, then a restart', {
  skip: onLinux ? false : "scans /proc for the pods' processes (Linux)",
}, () => {
  let sluice: RunningSluice | undefined;
  const marker = `SLUICE_TEST_RUN=${randomBytes(8).toString('hex')}`;
  after(async () => {
    const stateDir = sluice?.stateDir;
    await sluice?.stop();
    // Whatever a failed run left behind.
    if (stateDir) for (const pid of processesOf(marker, stateDir)) process.kill(pid, 'SIGKILL');
  });

  it('adopts the same pods, leaves no orphan, and finds the rollout where it was', async (t) => {
    const manifests = copyFixture('istio-subset-split');
    editFile(path.join(manifests, 'rollout.yaml'), (text) =>
      text.replace(
        '          image: sluice/colorapi:1.0\n',
        `          image: sluice/colorapi:1.0\n          env:\n            - name: SLUICE_TEST_RUN\n              value: "${marker.split('=')[1]}"\n`,
      ),
    );
    const first = await startSluice([manifests]);
    sluice = first;
    await waitForRollout(
      first,
      'demo',
      'web',
      'the first deploy',
      (d) => d.rollout.status?.phase === 'Healthy' && readyPodsByHash(d)[d.rollout.status.stableRS ?? ''] === 3,
    );
    // The new image in the manifests, so the restart (which applies them again) changes nothing.
    editFile(path.join(manifests, 'rollout.yaml'), (text) =>
      text.replace('image: sluice/colorapi:1.0', 'image: sluice/colorapi:2.0'),
    );
    const applied = await runCli(['apply', '-f', manifests, '--state-dir', first.stateDir]);
    assert.equal(applied.code, 0, applied.stderr);
    const before = await waitForRollout(
      first,
      'demo',
      'web',
      'the pause after the header route, every pod ready',
      (d) => (pausedAtHeaderRoute(d) && allReady(d) ? d : undefined),
    );
    const pidsBefore = podPids(before);
    assert.equal(Object.keys(pidsBefore).length, 4);
    assert.deepEqual(
      processesOf(marker, first.stateDir),
      Object.values(pidsBefore)
        .flat()
        .sort((a, b) => a - b),
    );

    // Killed three times in a row (the issue counted 22 orphans after 5 kills); each restart at
    // once, since the lock went with the killed process, whatever runtime.json still says.
    let current = first;
    for (let kill = 1; kill <= 3; kill++) {
      const exited = once(current.child, 'exit');
      current.child.kill('SIGKILL');
      await exited;
      current = await startSluice([manifests], { stateDir: first.stateDir });
      sluice = current;
      const after = await waitForRollout(
        current,
        'demo',
        'web',
        `the adopted pods to be ready after kill ${kill}`,
        (d) => (allReady(d) && d.pods.length === 4 ? d : undefined),
      );

      assert.deepEqual(podPids(after), pidsBefore, `kill ${kill}: the same pods, with the same processes`);
      t.diagnostic(
        `SIGKILL ${kill}: ${Object.keys(podPids(after)).length} pods adopted with their processes, ${processesOf(marker, current.stateDir).length - Object.values(pidsBefore).flat().length} left over`,
      );
      assert.deepEqual(
        processesOf(marker, current.stateDir),
        Object.values(pidsBefore)
          .flat()
          .sort((a, b) => a - b),
        `kill ${kill}: no process of an earlier runtime is left over`,
      );
      const [was, is] = [before.rollout.status, after.rollout.status];
      assert.equal(is?.phase, 'Paused');
      assert.equal(is?.currentStepIndex, was?.currentStepIndex);
      assert.deepEqual(is?.canary?.weights, was?.canary?.weights);
      assert.equal(is?.currentPodHash, was?.currentPodHash);
      assert.equal(is?.stableRS, was?.stableRS);
      assert.equal(
        after.rollout.metadata.annotations?.['rollout.argoproj.io/revision'],
        before.rollout.metadata.annotations?.['rollout.argoproj.io/revision'],
      );
      assert.deepEqual(after.routes?.headerRoutes, before.routes?.headerRoutes);
      // The events are kept across the restart: new (or counted again) are those not listed so before it.
      const listedBefore = new Set(
        before.events.map((e) => `${e.firstTimestamp} ${e.reason}: ${e.message} (${e.count})`),
      );
      assert.deepEqual(
        after.events
          .filter((e) => !listedBefore.has(`${e.firstTimestamp} ${e.reason}: ${e.message} (${e.count})`))
          .filter((e) => e.reason !== 'RolloutPaused' && e.reason !== 'RolloutAddedToInformer')
          .map((e) => `${e.reason}: ${e.message}`),
        [],
        'the restart changed nothing of the rollout (a restarted controller records RolloutAddedToInformer again, as Argo does)',
      );
    }
    // The adopted pods serve: the header route reaches the canary through the new gateway.
    const second = current;
    const port = Number(new URL(second.gatewayUrl).port);
    assert.deepEqual(
      countBy(
        await sendMany(20, 4, () => send(port, { host: HOST, headers: { 'x-canary': 'true' } })),
        (r) => `${r.status} ${r.headers['x-colorapi-version'] ?? '-'}`,
      ),
      { '200 2.0': 20 },
    );

    assert.equal(await second.stop(), 0);
    sluice = undefined;
    assert.deepEqual(processesOf(marker, second.stateDir), [], 'no pod process outlives a graceful stop');
  });
});
