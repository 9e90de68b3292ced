// The cluster of a kube context as a target. Control goes through the same merge patches as the
// kubectl plugin and Argo CD's actions: status fields on the status subresource, spec fields on
// the object (computed by src/engine/control/). `undo` replaces spec.template with a JSON patch;
// `set image` is a read-modify-write retried on conflicts.
import { jsonEqual } from '../../api/json-equal.ts';
import type { AnalysisRun } from '../../api/types/analysis.ts';
import type { Experiment } from '../../api/types/experiment.ts';
import type { PodTemplateSpec } from '../../api/types/pod.ts';
import type { Rollout } from '../../api/types/rollout.ts';
import { POD_TEMPLATE_HASH_LABEL, REVISION_ANNOTATION } from '../../conventions/labels.ts';
import { ControlError, type ControlPatch, undoPatch, rolloutVerbPatch } from '../../engine/control.ts';
import { withoutHashLabel } from '../../engine/read-rollout.ts';
import type { ObservedReplicaSet } from '../../engine/types.ts';
import type { KubeClient } from '../../platform/kubernetes/client/client.ts';
import { ConflictError, NotFoundError } from '../../platform/kubernetes/client/errors.ts';
import type { KubeObject } from '../../platform/kubernetes/client/objects.ts';
import { coreResources, type ResourceType } from '../../platform/kubernetes/client/resources.ts';
import { argoResources } from '../../runtime/kubernetes/resources.ts';
import type { ReplicaSetInput } from '../../view/inputs.ts';
import { CliError } from '../shared/errors.ts';
import { watchExperimentObjects, watchRolloutObjects, watchRolloutList } from './cluster-watch.ts';
import { experimentOwnedObjects, matchLabelsSelector, ownedObjects } from './owned-objects.ts';
import { withImage } from './set-image.ts';
import { NOTIFICATION_CONFIGMAP, NOTIFICATION_SECRET } from '../../notifications/config.ts';
import { eventRecordsOf, type CoreEvent } from './event-records.ts';
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

const SET_IMAGE_ATTEMPTS = 5;
const CREATE_RESOURCES: Record<CreatableObject['kind'], ResourceType> = {
  Rollout: argoResources.rollouts,
  Experiment: argoResources.experiments,
  AnalysisTemplate: argoResources.analysisTemplates,
  ClusterAnalysisTemplate: argoResources.clusterAnalysisTemplates,
  AnalysisRun: argoResources.analysisRuns,
  ConfigMap: coreResources.configMaps,
  Secret: coreResources.secrets,
  Service: coreResources.services,
  Deployment: coreResources.deployments,
};
/** The merge patch of Argo's `terminate analysisrun`. */
export const TERMINATE_PATCH = { spec: { terminate: true } };

export class ClusterTarget implements Target {
  readonly description: string;
  readonly defaultNamespace: string;
  readonly #client: KubeClient;
  readonly #now: () => number;

  constructor(client: KubeClient, now: () => number = Date.now) {
    this.#client = client;
    this.#now = now;
    this.defaultNamespace = client.defaultNamespace;
    this.description = `cluster of ${client.connection.description} (${client.connection.server})`;
  }

  /** The client, for what the Target port does not cover (the dashboard asks it who the user is and what they may do). */
  get client(): KubeClient {
    return this.#client;
  }

  async rolloutObjects(namespace: string, name: string): Promise<RolloutObjects> {
    const rollout = await this.#rollout(namespace, name);
    const selector = matchLabelsSelector(rollout);
    const [replicaSets, pods, analysisRuns, experiments, jobs] = await Promise.all([
      this.#list<ReplicaSetInput>(coreResources.replicaSets, namespace, selector),
      this.#list<never>(coreResources.pods, namespace, selector),
      this.#list<AnalysisRun>(argoResources.analysisRuns, namespace),
      this.#list<never>(argoResources.experiments, namespace).catch(emptyWhenMissing),
      this.#list<never>(coreResources.jobs, namespace).catch(emptyWhenMissing),
    ]);
    return ownedObjects(rollout, { replicaSets, pods, analysisRuns, experiments, jobs });
  }

  async listRollouts(namespace: string | undefined): Promise<Rollout[]> {
    return this.#list<Rollout>(argoResources.rollouts, namespace);
  }

  async watchRollout(
    namespace: string,
    name: string,
    onChange: (objects: RolloutObjects | undefined) => void,
    signal: AbortSignal,
  ): Promise<void> {
    const first = await this.rolloutObjects(namespace, name);
    onChange(first);
    await watchRolloutObjects(
      this.#client,
      { namespace, name, selector: matchLabelsSelector(first.rollout) },
      onChange,
      signal,
    );
  }

  async watchRollouts(
    namespace: string | undefined,
    onChange: (rollouts: Rollout[]) => void,
    signal: AbortSignal,
  ): Promise<void> {
    onChange(await this.listRollouts(namespace));
    await watchRolloutList(this.#client, namespace, onChange, signal);
  }

  /** The Events whose involvedObject is this Rollout (its uid too, as `kubectl describe` asks). */
  async events(namespace: string, name: string): Promise<RolloutEventRecord[]> {
    const rollout = await this.#rollout(namespace, name);
    const fieldSelector = [
      'involvedObject.kind=Rollout',
      `involvedObject.name=${name}`,
      `involvedObject.namespace=${namespace}`,
      ...(rollout.metadata.uid ? [`involvedObject.uid=${rollout.metadata.uid}`] : []),
    ].join(',');
    const { items } = await this.#client.listAll<CoreEvent>(coreResources.events, { namespace, fieldSelector });
    return eventRecordsOf(items);
  }

  async analysisRun(namespace: string, name: string): Promise<AnalysisRun> {
    try {
      return await this.#client.get(argoResources.analysisRuns, namespace, name);
    } catch (error) {
      if (error instanceof NotFoundError) throw new CliError(`analysisrun ${name} not found in namespace ${namespace}`);
      throw error;
    }
  }

  async analysisTemplate(namespace: string | undefined, name: string): Promise<Record<string, unknown>> {
    const resource = namespace === undefined ? argoResources.clusterAnalysisTemplates : argoResources.analysisTemplates;
    try {
      return (await this.#client.get<KubeObject>(resource, namespace ?? '', name)) as Record<string, unknown>;
    } catch (error) {
      if (!(error instanceof NotFoundError)) throw error;
      throw new CliError(
        namespace === undefined
          ? `clusteranalysistemplate ${name} not found`
          : `analysistemplate ${name} not found in namespace ${namespace} (for a ClusterAnalysisTemplate add --global)`,
      );
    }
  }

  async createAnalysisRun(namespace: string, run: AnalysisRun): Promise<AnalysisRun> {
    return this.#client.create(argoResources.analysisRuns, namespace, run);
  }

  async createObject(object: CreatableObject, _file: string): Promise<string> {
    const resource = CREATE_RESOURCES[object.kind];
    const created = await this.#client.create<KubeObject>(
      resource,
      object.metadata.namespace ?? '',
      object as KubeObject,
    );
    return created.metadata.name ?? '';
  }

  async terminateAnalysisRun(namespace: string, name: string): Promise<AnalysisRun> {
    try {
      return await this.#client.patch(argoResources.analysisRuns, namespace, name, TERMINATE_PATCH);
    } catch (error) {
      if (error instanceof NotFoundError) throw new CliError(`analysisrun ${name} not found in namespace ${namespace}`);
      throw error;
    }
  }

  async experiment(namespace: string, name: string): Promise<Experiment> {
    try {
      return await this.#client.get(argoResources.experiments, namespace, name);
    } catch (error) {
      if (error instanceof NotFoundError) throw new CliError(`experiment ${name} not found in namespace ${namespace}`);
      throw error;
    }
  }

  async experimentObjects(namespace: string, name: string): Promise<ExperimentObjects> {
    return (await this.#experimentObjects(namespace, name)).objects;
  }

  async watchExperiment(
    namespace: string,
    name: string,
    onChange: (objects: ExperimentObjects | undefined) => void,
    signal: AbortSignal,
  ): Promise<void> {
    const first = await this.#experimentObjects(namespace, name);
    onChange(first.objects);
    await watchExperimentObjects(this.#client, { namespace, name, jobs: first.jobsListed }, onChange, signal);
  }

  /** The objects, and whether Jobs could be listed (a user may not be allowed to). */
  async #experimentObjects(
    namespace: string,
    name: string,
  ): Promise<{ objects: ExperimentObjects; jobsListed: boolean }> {
    const experiment = await this.experiment(namespace, name);
    let jobsListed = true;
    const [replicaSets, pods, analysisRuns, jobs] = await Promise.all([
      this.#list<ReplicaSetInput>(coreResources.replicaSets, namespace),
      this.#list<never>(coreResources.pods, namespace),
      this.#list<AnalysisRun>(argoResources.analysisRuns, namespace),
      this.#list<never>(coreResources.jobs, namespace).catch((error: unknown) => {
        jobsListed = false;
        return emptyWhenMissing(error);
      }),
    ]);
    return { objects: experimentOwnedObjects(experiment, { replicaSets, pods, analysisRuns, jobs }), jobsListed };
  }

  async listExperiments(namespace: string | undefined): Promise<Experiment[]> {
    return this.#list<Experiment>(argoResources.experiments, namespace);
  }

  async terminateExperiment(namespace: string, name: string): Promise<Experiment> {
    return this.#patchExperiment(namespace, name, TERMINATE_PATCH);
  }

  async retryExperiment(namespace: string, name: string): Promise<Experiment> {
    return this.#patchExperiment(namespace, name, { status: null });
  }

  async #patchExperiment(namespace: string, name: string, patch: unknown): Promise<Experiment> {
    try {
      return await this.#client.patch(argoResources.experiments, namespace, name, patch);
    } catch (error) {
      if (error instanceof NotFoundError) throw new CliError(`experiment ${name} not found in namespace ${namespace}`);
      throw error;
    }
  }

  async control(namespace: string, name: string, verb: ControlVerb, options: ControlOptions = {}): Promise<Rollout> {
    const rollout = await this.#rollout(namespace, name);
    let patch: ControlPatch;
    try {
      patch = rolloutVerbPatch(verb, rollout, this.#now() + (verb === 'restart' ? (options.restartInMs ?? 0) : 0));
    } catch (error) {
      if (error instanceof ControlError) throw new CliError(error.message);
      throw error;
    }
    let result = rollout;
    if (patch.status) result = await this.#patch(namespace, name, { status: patch.status }, 'status');
    if (patch.spec) result = await this.#patch(namespace, name, { spec: patch.spec });
    return result;
  }

  async setImage(namespace: string, name: string, container: string, image: string): Promise<Rollout> {
    for (let attempt = 1; ; attempt++) {
      const changed = withImage(await this.#rollout(namespace, name), container, image);
      try {
        return await this.#client.update(argoResources.rollouts, changed);
      } catch (error) {
        if (!(error instanceof ConflictError) || attempt >= SET_IMAGE_ATTEMPTS) throw error;
      }
    }
  }

  async undo(namespace: string, name: string, toRevision: number): Promise<UndoOutcome> {
    const rollout = await this.#rollout(namespace, name);
    const replicaSets = (await this.rolloutObjects(namespace, name)).replicaSets.map(observed);
    let template: PodTemplateSpec;
    try {
      template = undoPatch(rollout, replicaSets, toRevision).spec?.['template'] as PodTemplateSpec;
    } catch (error) {
      if (error instanceof ControlError) throw new CliError(error.message);
      throw error;
    }
    if (rollout.spec.template && sameTemplate(rollout.spec.template, template)) return { rollout, skipped: true };
    const patch = [{ op: 'replace', path: '/spec/template', value: template }];
    const updated = await this.#client.patch(argoResources.rollouts, namespace, name, patch, { type: 'json' });
    return { rollout: updated, skipped: false };
  }

  close(): void {
    this.#client.close();
  }

  async notificationSettings(namespace: string): Promise<TargetNotificationSettings> {
    type DataObject = KubeObject & { data?: Record<string, string>; stringData?: Record<string, string> };
    const read = async (resource: ResourceType, name: string): Promise<DataObject | undefined> => {
      try {
        return await this.#client.get<DataObject>(resource as never, namespace, name);
      } catch (error) {
        if (error instanceof NotFoundError) return undefined;
        throw error;
      }
    };
    const [configMap, secret] = await Promise.all([
      read(coreResources.configMaps, NOTIFICATION_CONFIGMAP),
      read(coreResources.secrets as ResourceType, NOTIFICATION_SECRET),
    ]);
    let decoded: Record<string, string> | undefined;
    if (secret) {
      decoded = { ...(secret.stringData ?? {}) };
      for (const [key, value] of Object.entries(secret.data ?? {}))
        decoded[key] = Buffer.from(value, 'base64').toString('utf8');
    }
    return { configMap: configMap ? { ...(configMap.data ?? {}) } : undefined, secret: decoded };
  }

  async #rollout(namespace: string, name: string): Promise<Rollout> {
    try {
      return await this.#client.get(argoResources.rollouts, namespace, name);
    } catch (error) {
      if (error instanceof NotFoundError) throw new CliError(`rollout ${name} not found in namespace ${namespace}`);
      throw error;
    }
  }

  async #patch(namespace: string, name: string, body: ControlPatch, subresource?: 'status'): Promise<Rollout> {
    const options = subresource ? { subresource } : {};
    return this.#client.patch(argoResources.rollouts, namespace, name, body, options);
  }

  async #list<T>(resource: ResourceType, namespace: string | undefined, labelSelector?: string): Promise<T[]> {
    const { items } = await this.#client.listAll<KubeObject>(resource, { namespace, labelSelector });
    return items as T[];
  }
}

/** An optional kind (Experiments, Jobs) the user may not be allowed to list, or whose CRD is missing: shown as none. */
function emptyWhenMissing(error: unknown): never[] {
  const name = (error as Error).name;
  if (name === 'NotFoundError' || name === 'ForbiddenError') return [];
  throw error;
}

function observed(rs: ReplicaSetInput): ObservedReplicaSet {
  return {
    name: rs.metadata.name ?? '',
    podTemplateHash: rs.metadata.labels?.[POD_TEMPLATE_HASH_LABEL] ?? '',
    revision: Number(rs.metadata.annotations?.[REVISION_ANNOTATION] ?? 0) || 0,
    template: rs.spec.template,
    replicas: rs.spec.replicas ?? 0,
    currentReplicas: rs.status?.replicas ?? 0,
    readyReplicas: rs.status?.readyReplicas ?? 0,
    availableReplicas: rs.status?.availableReplicas ?? 0,
    createdAt: Date.parse(rs.metadata.creationTimestamp ?? '') || 0,
    annotations: rs.metadata.annotations ?? {},
  };
}

/**
 * Equal ignoring the pod-template-hash label (as the kubectl plugin compares before an undo) and
 * empty objects: the ReplicaSet comes back from the API server through its typed schema, which
 * writes or drops empty structs (`resources: {}`) where the Rollout keeps what was applied.
 */
export function sameTemplate(a: PodTemplateSpec, b: PodTemplateSpec): boolean {
  return jsonEqual(withoutEmptyObjects(withoutHashLabel(a)), withoutEmptyObjects(withoutHashLabel(b)));
}

/** Drops every field whose value is an empty object, at any depth (a field emptied by this stays, as `{}`). */
function withoutEmptyObjects(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutEmptyObjects);
  if (value === null || typeof value !== 'object') return value;
  const kept = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined && !isEmptyObject(v));
  return Object.fromEntries(kept.map(([k, v]) => [k, withoutEmptyObjects(v)]));
}

function isEmptyObject(value: unknown): boolean {
  return (
    value !== null && typeof value === 'object' && !Array.isArray(value) && Object.keys(value as object).length === 0
  );
}
