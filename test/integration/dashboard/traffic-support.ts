// Shared by the traffic chart's tests: a load of requests through the local mesh's gateway until
// stopped, the canary's share of a TrafficSeries over its recent points, and the check that the
// share rises to about a fifth once the rollout pauses after setWeight 20.
import assert from 'node:assert/strict';
import type { TrafficSeries } from '../../../src/dashboard/contract.ts';
import { pollUntil } from '../../controlplane/poll.ts';
import { waitForRollout, type RunningSluice } from '../local/runtime/sluice-run.ts';
import { send } from '../local/services/pod-servers.ts';

export const HOST = 'web.demo.svc.cluster.local';

/** `clients` clients send requests through the gateway at `port` until stop(). */
export function startLoad(port: number, clients = 4): { sent(): number; stop(): Promise<void> } {
  let sending = true;
  let sent = 0;
  const done = Promise.all(
    Array.from({ length: clients }, async () => {
      while (sending) {
        await send(port, { host: HOST }).catch(() => undefined);
        sent++;
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
    }),
  );
  return {
    sent: () => sent,
    stop: async () => {
      sending = false;
      await done;
    },
  };
}

/** The canary's share of the requests per second over the points at or after `from` (epoch ms). */
export function canaryShare(series: TrafficSeries, from: number): { share: number; points: number } {
  const canary = series.versions.find((version) => version.label.startsWith('canary'));
  let canaryTotal = 0;
  let allTotal = 0;
  let points = 0;
  series.times.forEach((at, i) => {
    if (at < from) return;
    const all = series.versions.reduce((sum, version) => sum + (version.requestsPerSecond[i] ?? 0), 0);
    if (all <= 0) return;
    points++;
    allTotal += all;
    canaryTotal += canary?.requestsPerSecond[i] ?? 0;
  });
  return { share: allTotal > 0 ? canaryTotal / allTotal : 0, points };
}

export interface CanaryShareCheck {
  /** The chart's series now. */
  series(): Promise<TrafficSeries>;
  /** How long after the weight is set the first point counted may lie (a source's rate window and scrape). */
  settleMs: number;
  /** How many points are counted. */
  points: number;
  timeoutMs: number;
  /** Requests sent so far, for the failure message. */
  sent(): number;
}

/**
 * Starts the canary of demo/web (image sluice/colorapi:2.0), waits for the pause after setWeight 20,
 * then checks that the canary's share of the requests, over `points` points after it settled, is
 * about a fifth (between 10% and 32%).
 */
export async function expectCanaryShareAtWeight20(sluice: RunningSluice, check: CanaryShareCheck): Promise<void> {
  await sluice.client.post('/api/v1/rollouts/demo/web/set-image', { container: 'web', image: 'sluice/colorapi:2.0' });
  await waitForRollout(
    sluice,
    'demo',
    'web',
    'the pause after setWeight 20',
    (d) => d.rollout.status?.phase === 'Paused' && d.routes?.canaryWeight === 20,
  );
  const settled = Date.now() + check.settleMs;
  const { share, points } = await pollUntil(
    async () => {
      const measured = canaryShare(await check.series(), settled);
      return measured.points >= check.points ? measured : undefined;
    },
    { what: `${check.points} points with traffic at 20%`, timeoutMs: check.timeoutMs },
  );
  assert.ok(
    share > 0.1 && share < 0.32,
    `the canary's share is ${share.toFixed(3)} over ${points} points (${check.sent()} requests sent)`,
  );
}
