// Keeps Prometheus' pod targets (file_sd) in step with the pods: every pod annotated
// `prometheus.io/scrape: "true"` is listed with the loopback port its container listens on.
import type { ScrapePod } from '../prometheus/scrape-config.ts';
import { writePodTargets } from '../prometheus/write-scrape-config.ts';
import type { ObjectStore } from '../store/object-store.ts';
import type { RolloutController } from './rollout-controller.ts';

const GATHER_MS = 200;

export function scrapePods(store: ObjectStore, controller: RolloutController): ScrapePod[] {
  const pods: ScrapePod[] = [];
  for (const rollout of store.list('Rollout')) {
    const workloads = controller.workloadsOf(rollout.metadata.namespace ?? 'default', rollout.metadata.name ?? '');
    for (const statuses of workloads?.podStatuses().values() ?? []) {
      for (const status of statuses) {
        if (status.terminating) continue;
        pods.push({
          pod: status.name,
          namespace: status.namespace,
          labels: status.labels,
          annotations: status.annotations,
          ip: status.ip,
          ports: status.containers.flatMap((container) => container.ports),
        });
      }
    }
  }
  return pods;
}

/** Rewrites `<stateDir>/prometheus/targets/pods.json` shortly after pods change; returns the stop function. */
export function followPodTargets(stateDir: string, store: ObjectStore, controller: RolloutController): () => void {
  let timer: NodeJS.Timeout | undefined;
  const write = () => {
    timer = undefined;
    writePodTargets(stateDir, scrapePods(store, controller));
  };
  write();
  const unsubscribe = controller.onPodChange(() => {
    timer ??= setTimeout(write, GATHER_MS);
  });
  return () => {
    unsubscribe();
    clearTimeout(timer);
  };
}
