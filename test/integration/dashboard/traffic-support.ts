// Shared by the traffic chart's tests: a load of requests through the local mesh's gateway until
// stopped, and the canary's share of a TrafficSeries over its recent points.
import type { TrafficSeries } from '../../../src/dashboard/contract.ts';
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
