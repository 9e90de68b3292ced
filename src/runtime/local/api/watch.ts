// GET /api/v1/watch: server-sent events, one per change of a rollout (its spec or status, its
// ReplicaSets, pods, AnalysisRuns, routes or events), each carrying the rollout's full detail;
// and an `experiment` event per change of an Experiment (its spec or status, its pods, its
// AnalysisRuns), with the Experiment's detail, whether a rollout owns it or not. Changes are
// gathered for a moment so a burst of pod updates makes one event.
import type http from 'node:http';
import { ownerOf } from '../controller/analysis-runs.ts';
import { rolloutKey } from '../controller/rollout-controller.ts';
import { allRolloutDetails, experimentDetail, rolloutDetail, type DetailSources } from './rollout-details.ts';

const GATHER_MS = 50;
const HEARTBEAT_MS = 15_000;

export class WatchHub {
  readonly #sources: DetailSources;
  readonly #clients = new Set<http.ServerResponse>();
  readonly #pending = new Set<string>();
  readonly #pendingExperiments = new Set<string>();
  readonly #unsubscribe: Array<() => void> = [];
  #timer: NodeJS.Timeout | undefined;
  readonly #heartbeat: NodeJS.Timeout;

  constructor(sources: DetailSources) {
    this.#sources = sources;
    this.#unsubscribe.push(
      sources.store.subscribe((change) => {
        const { ref } = change;
        if (ref.kind === 'Experiment') this.#touchExperiment(rolloutKey(ref.namespace, ref.name));
        if (ref.kind === 'AnalysisRun' || ref.kind === 'ReplicaSet') {
          const experiment = experimentOf(change.object);
          if (experiment) this.#touchExperiment(rolloutKey(ref.namespace, experiment));
        }
        if (ref.kind === 'Rollout') this.#touch(rolloutKey(ref.namespace, ref.name));
        else if (ref.kind === 'ReplicaSet' || ref.kind === 'AnalysisRun' || ref.kind === 'Experiment') {
          const owner = ownerOf(change.object);
          if (owner) this.#touch(rolloutKey(ref.namespace, owner));
        } else if (ref.kind === 'VirtualService' || ref.kind === 'DestinationRule' || ref.kind === 'Service') {
          for (const rollout of sources.store.list('Rollout'))
            this.#touch(rolloutKey(rollout.metadata.namespace ?? 'default', rollout.metadata.name ?? ''));
        }
      }),
      sources.controller.onPodChange((key) => this.#touch(key)),
      sources.events.onEvent((key) => this.#touch(key)),
      sources.experiments?.onPodChange?.((key) => this.#touchExperiment(key)) ?? (() => undefined),
    );
    this.#heartbeat = setInterval(() => {
      for (const client of this.#clients) client.write(': keep-alive\n\n');
    }, HEARTBEAT_MS);
  }

  /** Starts a stream: every rollout first (ADDED), then one event per change. */
  async attach(response: http.ServerResponse): Promise<void> {
    response.writeHead(200, {
      'content-type': 'text/event-stream',
      'cache-control': 'no-cache',
      connection: 'keep-alive',
    });
    for (const detail of await allRolloutDetails(this.#sources)) send(response, { type: 'ADDED', ...detail });
    this.#clients.add(response);
    response.on('close', () => this.#clients.delete(response));
  }

  close(): void {
    for (const unsubscribe of this.#unsubscribe) unsubscribe();
    clearInterval(this.#heartbeat);
    clearTimeout(this.#timer);
    for (const client of this.#clients) client.end();
    this.#clients.clear();
  }

  #touch(key: string): void {
    if (this.#clients.size === 0) return;
    this.#pending.add(key);
    this.#timer ??= setTimeout(() => void this.#flush(), GATHER_MS);
  }

  #touchExperiment(key: string): void {
    if (this.#clients.size === 0) return;
    this.#pendingExperiments.add(key);
    this.#timer ??= setTimeout(() => void this.#flush(), GATHER_MS);
  }

  async #flush(): Promise<void> {
    this.#timer = undefined;
    const keys = [...this.#pending];
    this.#pending.clear();
    const experiments = [...this.#pendingExperiments];
    this.#pendingExperiments.clear();
    for (const key of experiments) {
      const slash = key.indexOf('/');
      const namespace = key.slice(0, slash);
      const name = key.slice(slash + 1);
      const experiment = this.#sources.store.get('Experiment', namespace, name);
      const event = experiment
        ? { type: 'MODIFIED', ...(await experimentDetail(this.#sources, experiment)) }
        : { type: 'DELETED', experiment: { metadata: { namespace, name } } };
      for (const client of this.#clients) send(client, event, 'experiment');
    }
    for (const key of keys) {
      const slash = key.indexOf('/');
      const namespace = key.slice(0, slash);
      const name = key.slice(slash + 1);
      const detail = await rolloutDetail(this.#sources, namespace, name);
      const event = detail
        ? { type: 'MODIFIED', ...detail }
        : { type: 'DELETED', rollout: { metadata: { namespace, name } } };
      for (const client of this.#clients) send(client, event);
    }
  }
}

function send(response: http.ServerResponse, data: unknown, event: 'rollout' | 'experiment' = 'rollout'): void {
  response.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
}

/** The Experiment that controls an object (an AnalysisRun), if one does. */
function experimentOf(object: unknown): string | undefined {
  const owners = (
    object as { metadata?: { ownerReferences?: Array<{ kind: string; name: string; controller?: boolean }> } }
  )?.metadata?.ownerReferences;
  return owners?.find((owner) => owner.kind === 'Experiment' && owner.controller)?.name;
}
