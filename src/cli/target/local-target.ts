// The local runtime as a target: its HTTP API (src/runtime/local/api/), found through the state
// directory. Reads are plain GETs, the watch is the runtime's event stream, and the control verbs
// are POSTs whose patches the runtime computes with src/engine/control/.
import type { AnalysisRun } from '../../api/types/analysis.ts';
import type { Experiment } from '../../api/types/experiment.ts';
import type { Rollout } from '../../api/types/rollout.ts';
import { ApiError, RuntimeClient } from '../../runtime/local/api/client.ts';
import type { RolloutDetail } from '../../runtime/local/api/rollout-details.ts';
import { CliError } from '../shared/errors.ts';
import { EventStreamDecoder } from './server-sent-events.ts';
import type {
  ControlOptions,
  ControlVerb,
  CreatableObject,
  ExperimentObjects,
  RolloutEventRecord,
  RolloutObjects,
  Target,
  TargetNotificationSettings,
  UndoOutcome,
} from './target.ts';

type WatchEvent = Partial<RolloutDetail> & { type: 'ADDED' | 'MODIFIED' | 'DELETED'; rollout: Rollout };
type ExperimentEvent = Partial<ExperimentObjects> & { type: 'MODIFIED' | 'DELETED'; experiment: Experiment };

export class LocalTarget implements Target {
  readonly description: string;
  readonly defaultNamespace = 'default';
  readonly #client: RuntimeClient;
  readonly #stateDir: string;

  /** The state directory of the runtime (runtime.json says where its API and mesh metrics are). */
  get stateDir(): string {
    return this.#stateDir;
  }

  constructor(stateDir: string) {
    this.#client = RuntimeClient.connect(stateDir);
    this.#stateDir = stateDir;
    this.description = `local runtime at ${this.#client.apiUrl} (state directory ${stateDir})`;
  }

  async rolloutObjects(namespace: string, name: string): Promise<RolloutObjects> {
    return objectsOf(await this.#detail(namespace, name));
  }

  async listRollouts(namespace: string | undefined): Promise<Rollout[]> {
    const { items } = await this.#client.get<{ items: RolloutDetail[] }>('/api/v1/rollouts');
    return items
      .map((detail) => detail.rollout)
      .filter((rollout) => namespace === undefined || namespaceOf(rollout) === namespace);
  }

  async watchRollout(
    namespace: string,
    name: string,
    onChange: (objects: RolloutObjects | undefined) => void,
    signal: AbortSignal,
  ): Promise<void> {
    onChange(objectsOf(await this.#detail(namespace, name)));
    await this.#stream(signal, (event) => {
      if (namespaceOf(event.rollout) !== namespace || event.rollout.metadata.name !== name) return;
      onChange(event.type === 'DELETED' ? undefined : objectsOf(event as RolloutDetail));
    });
  }

  async watchRollouts(
    namespace: string | undefined,
    onChange: (rollouts: Rollout[]) => void,
    signal: AbortSignal,
  ): Promise<void> {
    const known = new Map<string, Rollout>();
    const key = (rollout: Rollout) => `${namespaceOf(rollout)}/${rollout.metadata.name ?? ''}`;
    for (const rollout of await this.listRollouts(namespace)) known.set(key(rollout), rollout);
    onChange([...known.values()]);
    await this.#stream(signal, (event) => {
      if (namespace !== undefined && namespaceOf(event.rollout) !== namespace) return;
      if (event.type === 'DELETED') known.delete(key(event.rollout));
      else known.set(key(event.rollout), event.rollout);
      onChange([...known.values()]);
    });
  }

  async events(namespace: string, name: string): Promise<RolloutEventRecord[]> {
    try {
      const { items } = await this.#client.get<{ items: RolloutEventRecord[] }>(
        `${rolloutPath(namespace, name)}/events`,
      );
      return items;
    } catch (error) {
      throw this.#notFound(error, 'rollout', namespace, name);
    }
  }

  async analysisRun(namespace: string, name: string): Promise<AnalysisRun> {
    try {
      return await this.#client.get<AnalysisRun>(
        `/api/v1/analysisruns/${encodeURIComponent(namespace)}/${encodeURIComponent(name)}`,
      );
    } catch (error) {
      throw this.#notFound(error, 'analysisrun', namespace, name);
    }
  }

  async analysisTemplate(namespace: string | undefined, name: string): Promise<Record<string, unknown>> {
    const path =
      namespace === undefined
        ? `/api/v1/clusteranalysistemplates/${encodeURIComponent(name)}`
        : `/api/v1/analysistemplates/${encodeURIComponent(namespace)}/${encodeURIComponent(name)}`;
    try {
      return await this.#client.get<Record<string, unknown>>(path);
    } catch (error) {
      if (error instanceof ApiError && error.status === 404 && namespace === undefined)
        throw new CliError(`clusteranalysistemplate ${name} not found in the local runtime (${this.#stateDir}/)`);
      throw this.#notFound(error, 'analysistemplate', namespace ?? '', name);
    }
  }

  async createAnalysisRun(namespace: string, run: AnalysisRun): Promise<AnalysisRun> {
    try {
      const answer = await this.#client.post<{ analysisRun: AnalysisRun }>(
        `/api/v1/analysisruns/${encodeURIComponent(namespace)}`,
        { analysisRun: run },
      );
      return answer.analysisRun;
    } catch (error) {
      if (error instanceof ApiError) throw new CliError(error.message);
      throw error;
    }
  }

  async createObject(object: CreatableObject, file: string): Promise<string> {
    if (object.kind === 'AnalysisRun') {
      // The kind is AnalysisRun; the local API validates the rest of the run.
      const created = await this.createAnalysisRun(
        object.metadata.namespace ?? this.defaultNamespace,
        object as unknown as AnalysisRun,
      );
      return created.metadata.name ?? '';
    }
    try {
      const { results = [] } = await this.#client.post<{ results?: string[] }>('/api/v1/create', {
        sources: [{ file, text: JSON.stringify(object, null, 2) }],
      });
      // A ConfigMap or Secret the runtime did not store says why in its result line.
      const refused = results.find((result) => / refused: /.test(result));
      if (refused) throw new CliError(`${file}: ${refused}`);
    } catch (error) {
      if (error instanceof ApiError)
        throw new CliError(error.issues.length > 0 ? `${error.message}: ${error.issues.join('; ')}` : error.message);
      throw error;
    }
    return object.metadata.name ?? '';
  }

  async terminateAnalysisRun(namespace: string, name: string): Promise<AnalysisRun> {
    try {
      const answer = await this.#client.post<{ analysisRun: AnalysisRun }>(
        `/api/v1/analysisruns/${encodeURIComponent(namespace)}/${encodeURIComponent(name)}/terminate`,
        {},
      );
      return answer.analysisRun;
    } catch (error) {
      throw this.#notFound(error, 'analysisrun', namespace, name);
    }
  }

  async experiment(namespace: string, name: string): Promise<Experiment> {
    try {
      return await this.#client.get<Experiment>(
        `/api/v1/experiments/${encodeURIComponent(namespace)}/${encodeURIComponent(name)}`,
      );
    } catch (error) {
      throw this.#notFound(error, 'experiment', namespace, name);
    }
  }

  async experimentObjects(namespace: string, name: string): Promise<ExperimentObjects> {
    try {
      return await this.#client.get<ExperimentObjects>(
        `/api/v1/experiments/${encodeURIComponent(namespace)}/${encodeURIComponent(name)}/detail`,
      );
    } catch (error) {
      throw this.#notFound(error, 'experiment', namespace, name);
    }
  }

  async watchExperiment(
    namespace: string,
    name: string,
    onChange: (objects: ExperimentObjects | undefined) => void,
    signal: AbortSignal,
  ): Promise<void> {
    // The stream is open before the first read, so no change falls between the two.
    await this.#stream(
      signal,
      () => undefined,
      async () => onChange(await this.experimentObjects(namespace, name)),
      (event: ExperimentEvent) => {
        const { metadata } = event.experiment;
        if ((metadata.namespace ?? 'default') !== namespace || metadata.name !== name) return;
        onChange(event.type === 'DELETED' ? undefined : (event as ExperimentObjects));
      },
    );
  }

  async listExperiments(namespace: string | undefined): Promise<Experiment[]> {
    const path =
      namespace === undefined ? '/api/v1/experiments' : `/api/v1/experiments/${encodeURIComponent(namespace)}`;
    const { items } = await this.#client.get<{ items: Experiment[] }>(path);
    return items;
  }

  async terminateExperiment(namespace: string, name: string): Promise<Experiment> {
    return this.#experimentVerb(namespace, name, 'terminate');
  }

  async retryExperiment(namespace: string, name: string): Promise<Experiment> {
    return this.#experimentVerb(namespace, name, 'retry');
  }

  async #experimentVerb(namespace: string, name: string, verb: 'terminate' | 'retry'): Promise<Experiment> {
    try {
      const answer = await this.#client.post<{ experiment: Experiment }>(
        `/api/v1/experiments/${encodeURIComponent(namespace)}/${encodeURIComponent(name)}/${verb}`,
        {},
      );
      return answer.experiment;
    } catch (error) {
      throw this.#notFound(error, 'experiment', namespace, name);
    }
  }

  async control(namespace: string, name: string, verb: ControlVerb, options: ControlOptions = {}): Promise<Rollout> {
    return this.#post(namespace, name, verb, options.restartInMs ? { restartInMs: options.restartInMs } : {});
  }

  async setImage(namespace: string, name: string, container: string, image: string): Promise<Rollout> {
    return this.#post(namespace, name, 'set-image', { container, image });
  }

  async undo(namespace: string, name: string, toRevision: number): Promise<UndoOutcome> {
    return { rollout: await this.#post(namespace, name, 'undo', { toRevision }), skipped: false };
  }

  close(): void {}

  async #detail(namespace: string, name: string): Promise<RolloutDetail> {
    try {
      return await this.#client.get<RolloutDetail>(rolloutPath(namespace, name));
    } catch (error) {
      throw this.#notFound(error, 'rollout', namespace, name);
    }
  }

  async #post(namespace: string, name: string, action: string, body: Record<string, unknown> = {}): Promise<Rollout> {
    try {
      const answer = await this.#client.post<{ rollout: Rollout }>(`${rolloutPath(namespace, name)}/${action}`, body);
      return answer.rollout;
    } catch (error) {
      throw this.#notFound(error, 'rollout', namespace, name);
    }
  }

  async notificationSettings(_namespace: string): Promise<TargetNotificationSettings> {
    try {
      const answer = await this.#client.getAuthorized<{
        configMap: Record<string, string> | null;
        secret: Record<string, string> | null;
      }>('/api/v1/notificationsettings');
      return { configMap: answer.configMap ?? undefined, secret: answer.secret ?? undefined };
    } catch (error) {
      if (error instanceof ApiError) throw new CliError(error.message);
      throw error;
    }
  }

  #notFound(error: unknown, kind: string, namespace: string, name: string): unknown {
    if (error instanceof ApiError && error.status === 404) {
      return new CliError(
        `${kind} ${name} not found in namespace ${namespace} of the local runtime (${this.#stateDir}/)`,
      );
    }
    if (error instanceof ApiError) return new CliError(error.message);
    return error;
  }

  /**
   * Reads the runtime's event stream until `signal` aborts; the runtime going away is an error.
   * `opened` runs once the stream is open, before its events are read (they wait for it).
   */
  async #stream(
    signal: AbortSignal,
    onEvent: (event: WatchEvent) => void,
    opened?: () => Promise<void>,
    onExperiment?: (event: ExperimentEvent) => void,
  ): Promise<void> {
    if (signal.aborted) return;
    const decoder = new EventStreamDecoder();
    try {
      const response = await fetch(`${this.#client.apiUrl}/api/v1/watch`, {
        signal,
        headers: { accept: 'text/event-stream' },
      });
      if (!response.ok || !response.body)
        throw new CliError(`the local runtime refused the watch (HTTP ${response.status})`);
      try {
        await opened?.();
      } catch (error) {
        // The open stream would keep the process alive (a watch of a missing experiment never exited).
        await response.body.cancel().catch(() => undefined);
        throw error;
      }
      const text = response.body.pipeThrough(new TextDecoderStream());
      for await (const chunk of text) {
        for (const event of decoder.push(chunk)) {
          if (event.event === 'rollout') onEvent(JSON.parse(event.data) as WatchEvent);
          else if (event.event === 'experiment') onExperiment?.(JSON.parse(event.data) as ExperimentEvent);
        }
      }
    } catch (error) {
      if (signal.aborted) return;
      if (error instanceof CliError) throw error;
      throw new CliError(
        `lost the local runtime at ${this.#client.apiUrl} (${(error as Error).message}); is sluice run still running?`,
      );
    }
    if (!signal.aborted) throw new CliError(`the local runtime at ${this.#client.apiUrl} stopped; the watch ended`);
  }
}

function rolloutPath(namespace: string, name: string): string {
  return `/api/v1/rollouts/${encodeURIComponent(namespace)}/${encodeURIComponent(name)}`;
}

function namespaceOf(rollout: Rollout): string {
  return rollout.metadata.namespace ?? 'default';
}

/** The view's input: the rollout's objects and, as on a cluster, its experiments' ones with them. */
function objectsOf(detail: RolloutDetail): RolloutObjects {
  const experiments = detail.experiments ?? [];
  return {
    rollout: detail.rollout,
    replicaSets: [...(detail.replicaSets ?? []), ...experiments.flatMap((e) => e.replicaSets)],
    pods: [...(detail.pods ?? []), ...experiments.flatMap((e) => e.pods)],
    analysisRuns: [...(detail.analysisRuns ?? []), ...experiments.flatMap((e) => e.analysisRuns)],
    experiments: experiments.map((e) => e.experiment),
  };
}
