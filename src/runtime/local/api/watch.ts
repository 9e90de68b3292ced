// GET /api/v1/watch: server-sent events, one per change of a rollout (its spec or status, its
// ReplicaSets, pods, AnalysisRuns, routes or events), each carrying the rollout's full detail
// (`event: rollout`); one per change of an Experiment (its spec or status, its pods, its
// AnalysisRuns), with the Experiment's detail, whether a rollout owns it or not (`event:
// experiment`); and one per change of a plain Deployment (its spec or status, its ReplicaSets or
// pods), each carrying the Deployment's detail (`event: deployment`). Changes are gathered for a
// moment so a burst of pod updates makes one event.
import type http from 'node:http';
import { controllerOwner } from '../controller/controller-owner.ts';
import { rolloutKey } from '../controller/rollout-controller.ts';
import { allDeploymentDetails, type DeploymentSource, deploymentDetail } from './deployment-details.ts';
import { allRolloutDetails, experimentDetail, rolloutDetail, type DetailSources } from './rollout-details.ts';

const GATHER_MS = 50;
const HEARTBEAT_MS = 15_000;

export interface WatchSources extends DetailSources {
  /** The local Deployments' ReplicaSets and pods (no Deployment is streamed without it). */
  deployments?: DeploymentSource;
}

type Streamed = 'rollout' | 'deployment' | 'experiment';

export class WatchHub {
  readonly #sources: WatchSources;
  readonly #clients = new Set<http.ServerResponse>();
  readonly #pending = { rollout: new Set<string>(), deployment: new Set<string>(), experiment: new Set<string>() };
  readonly #unsubscribe: Array<() => void> = [];
  #timer: NodeJS.Timeout | undefined;
  readonly #heartbeat: NodeJS.Timeout;

  constructor(sources: WatchSources) {
    this.#sources = sources;
    this.#unsubscribe.push(
      sources.store.subscribe((change) => {
        const { ref } = change;
        if (ref.kind === 'Experiment') this.#touch('experiment', rolloutKey(ref.namespace, ref.name));
        if (ref.kind === 'AnalysisRun' || ref.kind === 'ReplicaSet') {
          const experiment = controllerOwner(change.object, 'Experiment');
          if (experiment) this.#touch('experiment', rolloutKey(ref.namespace, experiment));
        }
        if (ref.kind === 'Rollout') this.#touch('rollout', rolloutKey(ref.namespace, ref.name));
        else if (ref.kind === 'Deployment') this.#touch('deployment', `${ref.namespace}/${ref.name}`);
        else if (ref.kind === 'ReplicaSet' || ref.kind === 'AnalysisRun' || ref.kind === 'Experiment') {
          const owner = controllerOwner(change.object, 'Rollout');
          if (owner) this.#touch('rollout', rolloutKey(ref.namespace, owner));
          const deployment = controllerOwner(change.object, 'Deployment');
          if (ref.kind === 'ReplicaSet' && deployment) this.#touch('deployment', `${ref.namespace}/${deployment}`);
        } else if (ref.kind === 'VirtualService' || ref.kind === 'DestinationRule' || ref.kind === 'Service') {
          for (const rollout of sources.store.list('Rollout'))
            this.#touch('rollout', rolloutKey(rollout.metadata.namespace ?? 'default', rollout.metadata.name ?? ''));
        }
      }),
      sources.controller.onPodChange((key) => this.#touch('rollout', key)),
      sources.events.onEvent((key) => this.#touch('rollout', key)),
      sources.experiments?.onPodChange?.((key) => this.#touch('experiment', key)) ?? (() => undefined),
    );
    const deploymentPods = sources.deployments?.onPodChange?.((key) => this.#touch('deployment', key));
    if (deploymentPods) this.#unsubscribe.push(deploymentPods);
    this.#heartbeat = setInterval(() => {
      for (const client of this.#clients) client.write(': keep-alive\n\n');
    }, HEARTBEAT_MS);
  }

  /** Starts a stream: every rollout, then every Deployment, first (ADDED), then one event per change. */
  async attach(response: http.ServerResponse): Promise<void> {
    response.writeHead(200, {
      'content-type': 'text/event-stream',
      'cache-control': 'no-cache',
      connection: 'keep-alive',
    });
    for (const detail of await allRolloutDetails(this.#sources))
      send(response, 'rollout', { type: 'ADDED', ...detail });
    if (this.#sources.deployments)
      for (const detail of allDeploymentDetails(this.#sources.store, this.#sources.deployments))
        send(response, 'deployment', { type: 'ADDED', ...detail });
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

  #touch(what: Streamed, key: string): void {
    if (this.#clients.size === 0) return;
    if (what === 'deployment' && !this.#sources.deployments) return;
    this.#pending[what].add(key);
    this.#timer ??= setTimeout(() => void this.#flush(), GATHER_MS);
  }

  async #flush(): Promise<void> {
    this.#timer = undefined;
    const rollouts = [...this.#pending.rollout];
    const deployments = [...this.#pending.deployment];
    const experiments = [...this.#pending.experiment];
    this.#pending.rollout.clear();
    this.#pending.deployment.clear();
    this.#pending.experiment.clear();
    for (const key of experiments) {
      const [namespace, name] = splitKey(key);
      const experiment = this.#sources.store.get('Experiment', namespace, name);
      const event = experiment
        ? { type: 'MODIFIED', ...(await experimentDetail(this.#sources, experiment)) }
        : { type: 'DELETED', experiment: { metadata: { namespace, name } } };
      for (const client of this.#clients) send(client, 'experiment', event);
    }
    for (const key of rollouts) {
      const [namespace, name] = splitKey(key);
      const detail = await rolloutDetail(this.#sources, namespace, name);
      const event = detail
        ? { type: 'MODIFIED', ...detail }
        : { type: 'DELETED', rollout: { metadata: { namespace, name } } };
      for (const client of this.#clients) send(client, 'rollout', event);
    }
    for (const key of deployments) {
      const [namespace, name] = splitKey(key);
      const event = this.#sources.store.get('Deployment', namespace, name)
        ? { type: 'MODIFIED', ...deploymentDetail(this.#sources.store, this.#sources.deployments, namespace, name) }
        : { type: 'DELETED', deployment: { metadata: { namespace, name } } };
      for (const client of this.#clients) send(client, 'deployment', event);
    }
  }
}

function splitKey(key: string): [string, string] {
  const slash = key.indexOf('/');
  return [key.slice(0, slash), key.slice(slash + 1)];
}

function send(response: http.ServerResponse, what: Streamed, data: unknown): void {
  response.write(`event: ${what}\ndata: ${JSON.stringify(data)}\n\n`);
}
