// Keeps Prometheus' pod targets (file_sd) in step with the pods of every workload the runtime runs
// (rollouts, plain Deployments, experiments): every pod annotated `prometheus.io/scrape: "true"` is
// listed with the loopback port its container listens on.
import type { PodStatus } from '../pods/pod-status.ts';
import type { ScrapePod } from '../prometheus/scrape-config.ts';
import { writePodTargets } from '../prometheus/write-scrape-config.ts';
import type { ObjectStore } from '../store/object-store.ts';
import type { RolloutController } from './rollout-controller.ts';

const GATHER_MS = 200;

/** Where pods come from: a controller's pods, and word of their changes. */
export interface PodSource {
  pods(): PodStatus[];
  onPodChange(listener: () => void): () => void;
}

/** The pods of the rollouts in the store. */
export function rolloutPods(store: ObjectStore, controller: RolloutController): PodSource {
  return {
    pods: () =>
      store
        .list('Rollout')
        .flatMap((rollout) => [
          ...(controller
            .workloadsOf(rollout.metadata.namespace ?? 'default', rollout.metadata.name ?? '')
            ?.podStatuses()
            .values() ?? []),
        ])
        .flat(),
    onPodChange: (listener) => controller.onPodChange(() => listener()),
  };
}

/** A controller that lists all its pods itself (the Deployment and Experiment controllers). */
export function controllerPods(controller: {
  allPodStatuses(): PodStatus[];
  onPodChange(listener: (key: string) => void): () => void;
}): PodSource {
  return {
    pods: () => controller.allPodStatuses(),
    onPodChange: (listener) => controller.onPodChange(() => listener()),
  };
}

export function scrapePods(sources: readonly PodSource[]): ScrapePod[] {
  return sources
    .flatMap((source) => source.pods())
    .filter((status) => !status.terminating)
    .map((status) => ({
      pod: status.name,
      namespace: status.namespace,
      labels: status.labels,
      annotations: status.annotations,
      ip: status.ip,
      ports: status.containers.flatMap((container) => container.ports),
    }));
}

/** Rewrites `<stateDir>/prometheus/targets/pods.json` shortly after pods change; returns the stop function. */
export function followPodTargets(stateDir: string, sources: readonly PodSource[]): () => void {
  let timer: NodeJS.Timeout | undefined;
  const write = () => {
    timer = undefined;
    writePodTargets(stateDir, scrapePods(sources));
  };
  write();
  const unsubscribes = sources.map((source) =>
    source.onPodChange(() => {
      timer ??= setTimeout(write, GATHER_MS);
    }),
  );
  return () => {
    for (const unsubscribe of unsubscribes) unsubscribe();
    clearTimeout(timer);
  };
}
