// Real HTTP through a running `sluice run`'s gateway, as the canary traffic tests send it: counts
// of replies by status and colorapi version, traffic kept up while something happens, and the
// waits for the moments every canary test passes through.
import { countBy, send, sendMany, type Reply } from '../services/pod-servers.ts';
import { readyPodsByHash, waitForRollout, type RunningSluice } from './sluice-run.ts';

export interface GatewayTraffic {
  /** `n` requests, 8 at a time, counted as `200 2.0` (status and x-colorapi-version). */
  versions(n: number, headers?: Record<string, string>): Promise<Record<string, number>>;
  /** Sends requests without pause, four at a time, until `during` settles; every reply (a failed connection is status 0). */
  during(work: () => Promise<unknown>): Promise<Reply[]>;
}

export function gatewayTraffic(sluice: RunningSluice, host: string): GatewayTraffic {
  const port = Number(new URL(sluice.gatewayUrl).port);
  const sendOne = (headers: Record<string, string> = {}) =>
    send(port, { host, headers }).catch((error: Error): Reply => ({ status: 0, body: error.message, headers: {} }));
  return {
    versions: async (n, headers = {}) =>
      countBy(
        await sendMany(n, 8, () => sendOne(headers)),
        (reply) => `${reply.status} ${reply.headers['x-colorapi-version'] ?? '-'}`,
      ),
    during: async (work) => {
      const replies: Reply[] = [];
      let done = false;
      const worker = async () => {
        while (!done) replies.push(await sendOne());
      };
      const workers = Array.from({ length: 4 }, worker);
      try {
        await work();
      } finally {
        done = true;
        await Promise.all(workers);
      }
      return replies;
    },
  };
}

/** Replies counted as `ok` or `STATUS BODY`: a run that lost nothing is `{ ok: replies.length }`. */
export function failures(replies: Reply[]): Record<string, number> {
  return countBy(replies, (reply) => (reply.status === 200 ? 'ok' : `${reply.status} ${reply.body}`));
}

/** demo/web Healthy, with `stablePods` ready pods of the stable ReplicaSet when given. */
export function waitHealthy(sluice: RunningSluice, stablePods?: number): Promise<boolean> {
  return waitForRollout(
    sluice,
    'demo',
    'web',
    'the first deploy to be Healthy',
    (d) =>
      d.rollout.status?.phase === 'Healthy' &&
      (stablePods === undefined || readyPodsByHash(d)[d.rollout.status.stableRS ?? ''] === stablePods),
  );
}

/** demo/web paused at step 2 with the canary at `weight` and the header route `canary-by-header` in place. */
export function waitHeaderRoutePause(sluice: RunningSluice, weight: number): Promise<boolean> {
  return waitForRollout(sluice, 'demo', 'web', 'the pause after the header route', (d) => {
    const status = d.rollout.status;
    return (
      status?.phase === 'Paused' &&
      status.currentStepIndex === 2 &&
      d.routes?.canaryWeight === weight &&
      d.routes.headerRoutes.includes('canary-by-header')
    );
  });
}

/** demo/web aborted: Degraded, the canary at weight 0 and no header route left. */
export function waitAborted(sluice: RunningSluice): Promise<boolean> {
  return waitForRollout(
    sluice,
    'demo',
    'web',
    'the abort',
    (d) => d.rollout.status?.phase === 'Degraded' && d.routes?.canaryWeight === 0 && d.routes.headerRoutes.length === 0,
  );
}
