// Nothing lost: a whole canary under ~300 requests per second through the gateway (weights 20, 50,
// 80, promotion, a rolling restart of the pods, a scale-down from 5 to 3 replicas, then a second
// canary aborted at 50% and its pods scaled away) without one failed request; and while each
// routing was in force, the share of requests each version served is its weight within binomial
// bounds.
//
// The bound: for n requests in a period and a weight p, |k - n p| <= 4.5 sqrt(n p (1 - p)) (about
// one false alarm in 150,000 per check), exact for p = 0 or 1. Requests in flight at a change of
// routing are the allowance: a request counts in a period only if it was sent and answered inside
// it, so it was routed under that period's weights; the ones that straddle a change are left out.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { setTimeout as delay } from 'node:timers/promises';
import { readSources } from '../../../../src/cli/lint/read-sources.ts';
import { RELEASES } from '../../../../src/apps/colorapi/releases.ts';
import { LoadGenerator } from '../../../../src/demo/load.ts';
import type { Sample } from '../../../../src/demo/traffic-tally.ts';
import { RuntimeClient } from '../../../../src/runtime/local/api/client.ts';
import { startLocalRuntime, type LocalRuntime } from '../../../../src/runtime/local/run.ts';
import type { Rollout } from '../../../../src/api/types/rollout.ts';
import { RoutingTimeline } from './routing-timeline.ts';

const FIXTURES = fileURLToPath(new URL('./fixtures/', import.meta.url));
const NS = 'default';
const NAME = 'web';
const RATE = 300;
const DEADLINE_MS = 90_000;
const VERSION_OF_COLOR = new Map(Object.entries(RELEASES).map(([version, release]) => [release.color, version]));

async function until<T>(what: string, probe: () => T | undefined | false, describe: () => string): Promise<T> {
  const deadline = Date.now() + DEADLINE_MS;
  for (;;) {
    const value = probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; ${describe()}`);
    await delay(50);
  }
}

test('a whole canary, a restart, a scale-down and an abort under steady load lose no request, and each version gets its weight', {
  timeout: 300_000,
}, async (t) => {
  const stateDir = mkdtempSync(path.join(os.tmpdir(), 'sluice-nothing-lost-'));
  const runtime: LocalRuntime = await startLocalRuntime({ stateDir, sources: readSources([FIXTURES]) });
  const client = new RuntimeClient(runtime.apiUrl, runtime.token);
  const samples: Sample[] = [];
  const load = new LoadGenerator({
    port: Number(new URL(runtime.gatewayUrl).port),
    host: 'web',
    ratePerSecond: RATE,
    headerShare: 0,
    header: { name: 'x-none', value: '' },
    onSample: (sample) => samples.push(sample),
  });
  t.after(async () => {
    await load.stop();
    await runtime.stop();
    rmSync(stateDir, { recursive: true, force: true });
  });

  const rollout = () => runtime.store.get('Rollout', NS, NAME) as Rollout;
  const state = () =>
    JSON.stringify({
      status: rollout().status?.phase,
      message: rollout().status?.message,
      step: rollout().status?.currentStepIndex,
      weights: rollout().status?.canary?.weights,
    });
  const hashToVersion = new Map<string, string>();
  const versionsOfHashes = () => {
    for (const rs of runtime.store.list('ReplicaSet', NS)) {
      const image = rs.spec.template.spec?.containers[0]?.image ?? '';
      hashToVersion.set(
        rs.metadata.labels?.['rollouts-pod-template-hash'] ?? '',
        image.slice(image.lastIndexOf(':') + 1),
      );
    }
  };
  runtime.store.subscribe((change) => change.ref.kind === 'ReplicaSet' && versionsOfHashes());
  const pods = () => [...(runtime.controller.workloadsOf(NS, NAME)?.podStatuses().values() ?? [])].flat();
  const healthyOn = (version: string) => () => {
    const status = rollout().status;
    return (
      status?.phase === 'Healthy' &&
      status.stableRS === status.currentPodHash &&
      hashToVersion.get(status.stableRS ?? '') === version
    );
  };
  const setImage = (version: string) =>
    client.post(`/api/v1/rollouts/${NS}/${NAME}/set-image`, { container: 'web', image: `sluice/colorapi:${version}` });

  await until(
    '1.0 Healthy with 5 ready pods',
    () => healthyOn('1.0')() && pods().filter((pod) => pod.ready).length === 5,
    state,
  );
  const timeline = new RoutingTimeline(runtime.store, NS, NAME);
  load.start();
  await until(
    'the first 300 answers',
    () => samples.length >= 300,
    () => `${samples.length} answers`,
  );

  // A whole canary: 20, 50, 80, promotion; the old ReplicaSet is scaled down 2s later.
  await setImage('2.0');
  await until('2.0 promoted', healthyOn('2.0'), state);
  await until(
    'the 1.0 pods gone',
    () => pods().every((pod) => pod.labels['rollouts-pod-template-hash'] === rollout().status?.stableRS),
    () => `${pods().length} pods`,
  );

  // A rolling restart of every pod.
  const restartedAt = Date.now();
  await client.post(`/api/v1/rollouts/${NS}/${NAME}/restart`);
  await until(
    'every pod restarted and ready',
    () => pods().length === 5 && pods().every((pod) => pod.createdAt > restartedAt && pod.ready && !pod.terminating),
    () =>
      `${pods()
        .map((pod) => `${pod.name} ready=${pod.ready}`)
        .join(', ')}`,
  );

  // A scale-down from 5 to 3 replicas, applied as a user would.
  const text = readFileSync(path.join(FIXTURES, 'rollout.yaml'), 'utf8')
    .replace('replicas: 5', 'replicas: 3')
    .replace('sluice/colorapi:1.0', 'sluice/colorapi:2.0');
  await client.post('/api/v1/apply', { sources: [{ file: 'rollout.yaml', text }] });
  await until(
    '3 pods left',
    () => pods().length === 3 && pods().every((pod) => pod.ready),
    () => `${pods().length} pods`,
  );

  // A second canary, aborted at 50%: traffic back to 2.0, then the canary pods scaled away.
  await setImage('3.0');
  await until(
    'the canary at 50%',
    () => rollout().status?.canary?.weights?.canary.weight === 50 && rollout().status?.phase === 'Paused',
    state,
  );
  const atFifty = Date.now();
  await until(
    '450 answers at 50% (the pause lasts 3s)',
    () => samples.filter((sample) => sample.sentAt > atFifty).length >= 450,
    () => `${samples.length} answers`,
  );
  await client.post(`/api/v1/rollouts/${NS}/${NAME}/abort`);
  await until(
    'Degraded with the canary scaled away',
    () =>
      rollout().status?.phase === 'Degraded' &&
      pods().length === 3 &&
      pods().every((pod) => hashToVersion.get(pod.labels['rollouts-pod-template-hash'] ?? '') === '2.0'),
    state,
  );
  const settledAt = Date.now();
  await until(
    'a second of traffic after it',
    () => samples.some((sample) => sample.sentAt > settledAt + 1000),
    () => `${samples.length} answers`,
  );
  await load.stop();
  const periods = timeline.periods(Date.now());

  const failures = samples.filter((sample) => sample.failure !== undefined);
  assert.equal(
    failures.length,
    0,
    `${failures.length} of ${samples.length} requests failed, first: ${failures
      .slice(0, 5)
      .map((f) => f.failure)
      .join(' | ')}`,
  );
  const elapsedSeconds = (samples.at(-1)!.at - samples[0]!.sentAt) / 1000;
  assert.ok(
    samples.length / elapsedSeconds > 150,
    `only ${(samples.length / elapsedSeconds).toFixed(0)} requests per second`,
  );

  const checked: string[] = [];
  for (const period of periods) {
    if (!period.expected) continue;
    const inside = samples.filter((sample) => sample.sentAt >= period.from && sample.at <= period.to);
    const n = inside.length;
    const byVersion = new Map<string, number>();
    for (const sample of inside)
      byVersion.set(
        VERSION_OF_COLOR.get(sample.color ?? '') ?? '?',
        (byVersion.get(VERSION_OF_COLOR.get(sample.color ?? '') ?? '?') ?? 0) + 1,
      );
    const expectedByVersion = new Map<string, number>();
    for (const [hash, share] of Object.entries(period.expected)) {
      const version = hashToVersion.get(hash) ?? '?';
      expectedByVersion.set(version, (expectedByVersion.get(version) ?? 0) + share);
    }
    const versions = new Set([...byVersion.keys(), ...expectedByVersion.keys()]);
    for (const version of versions) {
      const p = expectedByVersion.get(version) ?? 0;
      const k = byVersion.get(version) ?? 0;
      const bound = 4.5 * Math.sqrt(n * p * (1 - p));
      assert.ok(
        Math.abs(k - n * p) <= bound,
        `${period.description} (${((period.to - period.from) / 1000).toFixed(1)}s): ${k} of ${n} requests to ${version}, expected ${(n * p).toFixed(0)} ± ${bound.toFixed(1)}`,
      );
    }
    if (n > 0)
      checked.push(`${[...expectedByVersion].map(([v, p]) => `${v}:${Math.round(p * 100)}`).join('/')} n=${n}`);
  }
  // The periods that matter were long enough to say something.
  for (const split of ['1.0:80/2.0:20', '1.0:50/2.0:50', '1.0:20/2.0:80', '2.0:50/3.0:50']) {
    const period = checked.find(
      (line) => line.startsWith(`${split} `) || line.startsWith(`${split.split('/').reverse().join('/')} `),
    );
    assert.ok(
      period && Number(period.split('n=')[1]) >= 300,
      `no period with ${split} and at least 300 requests: ${checked.join('; ')}`,
    );
  }
});
