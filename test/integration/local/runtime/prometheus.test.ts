// sluice run --prometheus: the installed Prometheus scrapes the mesh and every pod annotated
// prometheus.io/scrape, following the pods as they come and go; it stops with the runtime, and a
// runtime started after a SIGKILL replaces the one the killed runtime left.
import assert from 'node:assert/strict';
import { once } from 'node:events';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { prometheusSkipReason } from '../../../support/prometheus.ts';
import { waitFor } from '../../../support/ports.ts';
import {
  copyFixture,
  editFile,
  readyPodsByHash,
  startSluice,
  waitForRollout,
  type RunningSluice,
} from './sluice-run.ts';

async function upTargets(prometheusUrl: string, job: string): Promise<number> {
  const response = await fetch(`${prometheusUrl}/api/v1/query?query=${encodeURIComponent(`sum(up{job="${job}"})`)}`);
  const body = (await response.json()) as { data: { result: Array<{ value: [number, string] }> } };
  return Number(body.data.result[0]?.value[1] ?? 0);
}

describe('sluice run --prometheus', { skip: prometheusSkipReason() }, () => {
  let sluice: RunningSluice | undefined;
  after(async () => {
    await sluice?.stop();
  });

  it('scrapes the mesh and the annotated pods, and stops Prometheus on exit', async () => {
    const manifests = copyFixture('canary-basic');
    editFile(path.join(manifests, 'rollout.yaml'), (text) =>
      text.replace(
        '      labels:\n        app: colorapi\n    spec:',
        '      labels:\n        app: colorapi\n      annotations:\n        prometheus.io/scrape: "true"\n    spec:',
      ),
    );
    sluice = await startSluice([manifests], { extraArgs: ['--prometheus'] });
    const prometheusUrl = /prometheus: (http:\/\/127\.0\.0\.1:\d+)/.exec(sluice.output())?.[1];
    assert.ok(prometheusUrl, sluice.output());
    const running = sluice;
    await waitForRollout(
      running,
      'default',
      'colorapi',
      'Healthy',
      (d) => d.rollout.status?.phase === 'Healthy' && readyPodsByHash(d)[d.rollout.status.stableRS ?? ''] === 5,
    );
    await waitFor(
      'the mesh and 5 pods to be scraped',
      async () =>
        (await upTargets(prometheusUrl, 'sluice-mesh')) === 1 &&
        (await upTargets(prometheusUrl, 'kubernetes-pods')) === 5
          ? true
          : undefined,
      90_000,
      500,
    );
    assert.equal(await running.stop(), 0);
    sluice = undefined;
    await assert.rejects(fetch(`${prometheusUrl}/-/ready`));
  });

  it('after a SIGKILL of sluice run, the restart replaces the Prometheus the killed runtime left', async () => {
    const manifests = copyFixture('canary-basic');
    const first = await startSluice([manifests], { extraArgs: ['--prometheus'] });
    sluice = first;
    const firstUrl = /prometheus: (http:\/\/127\.0\.0\.1:\d+)/.exec(first.output())?.[1];
    assert.ok(firstUrl, first.output());
    const exited = once(first.child, 'exit');
    first.child.kill('SIGKILL');
    await exited;
    assert.equal((await fetch(`${firstUrl}/-/ready`)).ok, true, "the killed runtime's Prometheus is still up");

    const second = await startSluice([manifests], { stateDir: first.stateDir, extraArgs: ['--prometheus'] });
    sluice = second;
    const secondUrl = /prometheus: (http:\/\/127\.0\.0\.1:\d+)/.exec(second.output())?.[1];
    assert.ok(secondUrl && secondUrl !== firstUrl, second.output());
    await assert.rejects(fetch(`${firstUrl}/-/ready`), 'the old Prometheus was stopped');
    assert.equal((await fetch(`${secondUrl}/-/ready`)).ok, true);
    assert.equal(await second.stop(), 0);
    sluice = undefined;
    await assert.rejects(fetch(`${secondUrl}/-/ready`));
  });
});
