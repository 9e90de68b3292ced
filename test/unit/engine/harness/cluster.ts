// A simulated cluster for engine tests: it applies the engine's actions literally to in-memory
// ReplicaSets, Services, traffic and AnalysisRuns, makes pods ready after a delay, and moves a
// virtual clock. It decides nothing: every change of the rollout comes from decide() or from the
// test (spec edits, control patches, pod failures, analysis outcomes).
import type { AnalysisPhase } from '../../../../src/api/types/analysis.ts';
import type { Experiment } from '../../../../src/api/types/experiment.ts';
import type { PodTemplateSpec } from '../../../../src/api/types/pod.ts';
import type { Rollout } from '../../../../src/api/types/rollout.ts';
import type { RolloutStatus } from '../../../../src/api/types/rollout-status.ts';
import type {
  Action,
  Decision,
  DesiredTraffic,
  ObservedAnalysisRun,
  ObservedRolloutExperiment,
  ObservedReplicaSet,
  ObservedState,
  RolloutEvent,
} from '../../../../src/engine/types.ts';
import { decide } from '../../../../src/engine/decide.ts';
import { canonicalJson } from '../../../../src/api/pod-template-hash.ts';

export interface SimPod {
  name: string;
  createdAt: number;
  readyAt: number | undefined;
  failed: boolean;
  /** Deleted: it stops at this instant (until then it counts in status.replicas but is not available). */
  terminatingUntil?: number;
}

export interface SimReplicaSet {
  name: string;
  podTemplateHash: string;
  revision: number;
  template: PodTemplateSpec;
  replicas: number;
  annotations: Record<string, string>;
  createdAt: number;
  pods: SimPod[];
}

export interface ClusterOptions {
  /** Epoch ms the clock starts at. */
  start?: number;
  /** How long a new pod takes to become ready (ms). */
  readyDelayMs?: number;
  /** How long a deleted pod takes to stop (ms); its replacement is created at once. */
  terminationMs?: number;
  /** Report pods per ReplicaSet to the engine (default true). */
  reportPods?: boolean;
  /** Report the Services' selectors to the engine, as a real runtime does (default true). */
  reportSelectors?: boolean;
  /** Called for every decision (for invariant checks). */
  onDecision?: (decision: Decision, cluster: SimulatedCluster) => void;
  /** The engine entry point to call (default decide). */
  decide?: (observed: ObservedState, now: number) => Decision;
}

export const START = Date.parse('2026-01-02T15:04:05Z');

export class SimulatedCluster {
  now: number;
  rollout: Rollout;
  readyDelayMs: number;
  replicaSets = new Map<string, SimReplicaSet>();
  analysisRuns = new Map<string, ObservedAnalysisRun>();
  /** The Experiments created, as observed (a test moves their phase); the created objects in `createdExperiments`. */
  experiments = new Map<string, ObservedRolloutExperiment>();
  createdExperiments: Experiment[] = [];
  traffic: DesiredTraffic | undefined;
  trafficVerified: boolean | 'cannot-verify' = 'cannot-verify';
  serviceSelectors: Record<string, string> = {};
  events: RolloutEvent[] = [];
  decisions: Decision[] = [];
  lastDecision: Decision | undefined;
  /** Traffic in place before the last decision was applied. */
  trafficBefore: DesiredTraffic | undefined;
  /** spec.replicas of each ReplicaSet before the last decision was applied. */
  replicasBefore = new Map<string, number>();
  onDecision: ClusterOptions['onDecision'];
  readonly decide: (observed: ObservedState, now: number) => Decision;
  terminationMs: number;
  reportPods: boolean;
  reportSelectors: boolean;
  /** The Deployment spec.workloadRef names (set by a test), reported to the engine as a runtime does. */
  deployment: { name: string; replicas: number; generation?: number } | undefined;
  /** Its pod template, the one in effect for a workloadRef rollout (the runtime resolves it). */
  deploymentTemplate: PodTemplateSpec | undefined;
  /** The replicas of every scaleDeployment action, in order. */
  deploymentScales: number[] = [];
  /** Says whether an eviction of this pod is refused (a PodDisruptionBudget): the pod keeps running. */
  evictionRefused?: (pod: string) => boolean;
  /** Pods deleted by deletePod actions, in order. */
  deletedPods: string[] = [];
  private podCounter = 0;

  constructor(rollout: Rollout, options: ClusterOptions = {}) {
    this.now = options.start ?? START;
    this.readyDelayMs = options.readyDelayMs ?? 0;
    this.terminationMs = options.terminationMs ?? 0;
    this.decide = options.decide ?? decide;
    this.reportPods = options.reportPods ?? true;
    this.reportSelectors = options.reportSelectors ?? true;
    this.rollout = structuredClone(rollout);
    this.rollout.metadata.generation ??= 1;
    this.onDecision = options.onDecision;
    const { canary, blueGreen } = rollout.spec.strategy;
    for (const service of [
      canary?.stableService,
      canary?.canaryService,
      canary?.pingPong?.pingService,
      canary?.pingPong?.pongService,
      blueGreen?.activeService,
      blueGreen?.previewService,
    ]) {
      if (service) this.serviceSelectors[service] = '';
    }
  }

  get status(): RolloutStatus {
    return this.rollout.status ?? {};
  }

  observe(): ObservedState {
    const replicaSets: ObservedReplicaSet[] = [...this.replicaSets.values()].map((rs) => {
      rs.pods = rs.pods.filter((p) => p.terminatingUntil === undefined || p.terminatingUntil > this.now);
      const ready = rs.pods.filter((p) => this.isReady(p)).length;
      const observedRS: ObservedReplicaSet = {
        name: rs.name,
        podTemplateHash: rs.podTemplateHash,
        revision: rs.revision,
        template: structuredClone(rs.template),
        replicas: rs.replicas,
        currentReplicas: rs.pods.filter((p) => p.terminatingUntil === undefined).length,
        readyReplicas: ready,
        availableReplicas: ready,
        createdAt: rs.createdAt,
        annotations: { ...rs.annotations },
      };
      if (this.reportPods) {
        observedRS.pods = rs.pods.map((p) => {
          const pod = { name: p.name, createdAt: p.createdAt, ready: this.isReady(p), available: this.isReady(p) };
          return p.terminatingUntil === undefined ? pod : { ...pod, terminating: true };
        });
      }
      return observedRS;
    });
    const observed: ObservedState = {
      rollout: structuredClone(this.rollout),
      template: structuredClone(this.deploymentTemplate ?? this.rollout.spec.template ?? {}),
      replicaSets,
      analysisRuns: [...this.analysisRuns.values()].map((r) => ({ ...r })),
      experiments: [...this.experiments.values()].map((e) => structuredClone(e)),
    };
    if (this.reportSelectors) observed.serviceSelectors = { ...this.serviceSelectors };
    if (this.deployment) observed.workloadRefDeployment = { ...this.deployment };
    if (this.rollout.spec.strategy.canary?.trafficRouting)
      observed.traffic = { applied: this.traffic, verified: this.trafficVerified };
    return observed;
  }

  /** One decide() and the application of its actions and status. */
  reconcile(): Decision {
    const decision = this.decide(this.observe(), this.now);
    this.lastDecision = decision;
    this.trafficBefore = this.traffic && structuredClone(this.traffic);
    this.replicasBefore = new Map([...this.replicaSets.values()].map((rs) => [rs.name, rs.replicas]));
    this.decisions.push(decision);
    for (const action of decision.actions) this.apply(action);
    this.rollout.status = structuredClone(decision.status);
    this.events.push(...decision.events);
    this.onDecision?.(decision, this);
    return decision;
  }

  /** One pass whose actions are all carried out but whose status write is refused, as on a conflict. */
  reconcileWithStatusRefused(): Decision {
    const status = structuredClone(this.rollout.status);
    const decision = this.reconcile();
    if (status === undefined) delete this.rollout.status;
    else this.rollout.status = status;
    return decision;
  }

  /** Reconciles until a pass changes nothing (no actions, same status). */
  settle(maxPasses = 60): void {
    for (let pass = 0; pass < maxPasses; pass++) {
      const before = canonicalJson(this.rollout.status ?? null);
      const decision = this.reconcile();
      if (decision.actions.length === 0 && canonicalJson(decision.status) === before) return;
    }
    throw new Error(`the engine did not settle within ${maxPasses} passes at ${new Date(this.now).toISOString()}`);
  }

  /** Moves the clock by `ms` in ticks, letting pods become ready and the engine react at each tick. */
  advance(ms: number, tickMs = 1000): void {
    const end = this.now + ms;
    while (this.now < end) {
      this.now = Math.min(end, this.now + tickMs);
      this.settle();
    }
  }

  /** Advances until `predicate` holds; throws after `limitMs`. */
  advanceUntil(predicate: (c: SimulatedCluster) => boolean, limitMs = 600_000, tickMs = 1000): void {
    const end = this.now + limitMs;
    this.settle();
    while (!predicate(this)) {
      if (this.now >= end)
        throw new Error(
          `condition not reached within ${limitMs} ms (phase ${this.status.phase}: ${this.status.message})`,
        );
      this.now += tickMs;
      this.settle();
    }
  }

  // --- what people and other controllers do ---

  updateSpec(change: (spec: Rollout['spec']) => void): void {
    change(this.rollout.spec);
    this.rollout.metadata.generation = (this.rollout.metadata.generation ?? 1) + 1;
  }

  setImage(image: string): void {
    this.updateSpec((spec) => {
      const container = spec.template?.spec?.containers[0];
      if (container) container.image = image;
    });
  }

  /** A merge patch of status fields, as `kubectl argo rollouts` and Argo CD actions send. */
  patchStatus(patch: Record<string, unknown>): void {
    const status: Record<string, unknown> = { ...(this.rollout.status ?? {}) };
    for (const [key, value] of Object.entries(patch)) {
      if (value === null) delete status[key];
      else status[key] = value;
    }
    this.rollout.status = status as RolloutStatus;
  }

  /** Moves an Experiment to `phase`; `templates` are its template statuses (Services for weights). */
  setExperimentPhase(
    name: string,
    phase: AnalysisPhase,
    message?: string,
    templates?: ObservedRolloutExperiment['templates'],
  ): void {
    const experiment = this.experiments.get(name);
    if (!experiment) throw new Error(`no Experiment ${name}; have ${[...this.experiments.keys()].join(', ')}`);
    experiment.phase = phase;
    if (message !== undefined) experiment.message = message;
    if (templates) experiment.templates = templates;
  }

  setAnalysisPhase(name: string, phase: AnalysisPhase, message?: string): void {
    const run = this.analysisRuns.get(name);
    if (!run) throw new Error(`no AnalysisRun ${name}; have ${[...this.analysisRuns.keys()].join(', ')}`);
    run.phase = phase;
    if (message !== undefined) run.message = message;
  }

  /** Marks `count` live pods of a ReplicaSet as failed (no longer ready); the ReplicaSet replaces them. */
  failPods(name: string, count: number): void {
    const rs = this.replicaSets.get(name);
    if (!rs) return;
    let left = count;
    for (const pod of rs.pods) {
      if (left === 0) break;
      if (pod.failed) continue;
      pod.failed = true;
      left--;
    }
    rs.pods = rs.pods.filter((p) => !p.failed);
    this.resize(rs);
  }

  /** Pods of a ReplicaSet that are not being deleted. */
  livePods(name: string): SimPod[] {
    return (this.replicaSets.get(name)?.pods ?? []).filter((p) => p.terminatingUntil === undefined);
  }

  replicaSetByRevision(revision: number): SimReplicaSet | undefined {
    return [...this.replicaSets.values()].find((rs) => rs.revision === revision);
  }

  // --- applying actions literally ---

  private isReady(pod: SimPod): boolean {
    return !pod.failed && pod.terminatingUntil === undefined && pod.readyAt !== undefined && pod.readyAt <= this.now;
  }

  private newPod(rs: SimReplicaSet): SimPod {
    this.podCounter++;
    return {
      name: `${rs.name}-p${this.podCounter}`,
      createdAt: this.now,
      readyAt: this.now + this.readyDelayMs,
      failed: false,
    };
  }

  /** The ReplicaSet controller: pods being deleted do not count, missing ones are created, extra ones removed. */
  private resize(rs: SimReplicaSet): void {
    const stopping = rs.pods.filter((p) => p.terminatingUntil !== undefined);
    let live = rs.pods.filter((p) => p.terminatingUntil === undefined);
    while (live.length < rs.replicas) live.push(this.newPod(rs));
    if (live.length > rs.replicas) {
      // Unready pods go first, then the newest, as the ReplicaSet controller chooses.
      live.sort((a, b) => readiness(a, this.now) - readiness(b, this.now) || b.createdAt - a.createdAt);
      live = live.slice(live.length - rs.replicas);
    }
    rs.pods = [...stopping, ...live];
  }

  private deletePod(rsName: string, podName: string): void {
    const rs = this.mustGet(rsName);
    const pod = rs.pods.find((p) => p.name === podName);
    if (!pod) throw new Error(`no pod ${podName} in ReplicaSet ${rsName}`);
    if (pod.terminatingUntil !== undefined) throw new Error(`pod ${podName} is already being deleted`);
    this.deletedPods.push(podName);
    if (this.terminationMs > 0) pod.terminatingUntil = this.now + this.terminationMs;
    else rs.pods = rs.pods.filter((p) => p !== pod);
    this.resize(rs);
  }

  private apply(action: Action): void {
    switch (action.type) {
      case 'createReplicaSet': {
        if (this.replicaSets.has(action.name)) throw new Error(`ReplicaSet ${action.name} already exists`);
        const template: PodTemplateSpec = structuredClone(action.template);
        delete template.metadata?.labels?.['rollouts-pod-template-hash'];
        const rs: SimReplicaSet = {
          name: action.name,
          podTemplateHash: action.podTemplateHash,
          revision: action.revision,
          template,
          replicas: action.replicas,
          annotations: { ...action.annotations },
          createdAt: this.now,
          pods: [],
        };
        this.resize(rs);
        this.replicaSets.set(action.name, rs);
        return;
      }
      case 'scaleReplicaSet': {
        const rs = this.mustGet(action.name);
        rs.replicas = action.replicas;
        this.annotate(rs, action.annotations);
        this.resize(rs);
        return;
      }
      case 'updateReplicaSetMetadata': {
        const rs = this.mustGet(action.name);
        this.annotate(rs, action.annotations);
        const metadata = (rs.template.metadata ??= {});
        metadata.labels = merged(metadata.labels, action.podLabels);
        if (action.podAnnotations) metadata.annotations = merged(metadata.annotations, action.podAnnotations);
        return;
      }
      case 'deleteReplicaSet':
        this.replicaSets.delete(action.name);
        return;
      case 'setServiceSelector':
        this.serviceSelectors[action.service] = action.podTemplateHash;
        return;
      case 'setTraffic':
        this.traffic = structuredClone(action.traffic);
        return;
      case 'createAnalysisRun': {
        if (this.analysisRuns.has(action.name)) throw new Error(`AnalysisRun ${action.name} already exists`);
        const run: ObservedAnalysisRun = {
          name: action.name,
          kind: action.kind,
          podTemplateHash: action.podTemplateHash,
          phase: 'Running',
          createdAt: this.now,
        };
        if (action.stepIndex !== undefined) run.stepIndex = action.stepIndex;
        this.analysisRuns.set(action.name, run);
        return;
      }
      case 'terminateAnalysisRun': {
        const run = this.analysisRuns.get(action.name);
        if (run) {
          run.terminating = true;
          if (run.phase === 'Running' || run.phase === 'Pending') run.phase = 'Successful';
        }
        return;
      }
      case 'deleteAnalysisRun':
        this.analysisRuns.delete(action.name);
        return;
      case 'deletePod':
        if (this.evictionRefused?.(action.name)) return;
        this.deletePod(action.replicaSet, action.name);
        return;
      case 'setRolloutAnnotations':
        this.rollout.metadata.annotations = merged(this.rollout.metadata.annotations, action.annotations);
        return;
      case 'createExperiment': {
        const name = action.experiment.metadata.name ?? '';
        if (this.experiments.has(name)) throw new Error(`Experiment ${name} already exists`);
        this.createdExperiments.push(structuredClone(action.experiment));
        this.experiments.set(name, {
          name,
          podTemplateHash: action.experiment.metadata.labels?.['rollouts-pod-template-hash'] ?? '',
          phase: 'Pending',
          createdAt: this.now,
          templates: [],
        });
        return;
      }
      case 'terminateExperiment': {
        const experiment = this.experiments.get(action.name);
        if (experiment) {
          experiment.terminating = true;
          if (experiment.phase === 'Running' || experiment.phase === 'Pending') experiment.phase = 'Successful';
        }
        return;
      }
      case 'deleteExperiment':
        this.experiments.delete(action.name);
        return;
      case 'scaleDeployment':
        if (this.deployment?.name !== action.name)
          throw new Error(`scaleDeployment of ${action.name}: the harness holds no such Deployment`);
        this.deployment.replicas = action.replicas;
        this.deploymentScales.push(action.replicas);
        return;
      default: {
        const unknown: never = action;
        throw new Error(`the harness does not know action ${JSON.stringify(unknown)}`);
      }
    }
  }

  private annotate(rs: SimReplicaSet, annotations: Record<string, string | null> | undefined): void {
    for (const [key, value] of Object.entries(annotations ?? {})) {
      if (value === null) delete rs.annotations[key];
      else rs.annotations[key] = value;
    }
    const revision = Number(rs.annotations['rollout.argoproj.io/revision']);
    if (Number.isInteger(revision) && revision > 0) rs.revision = revision;
  }

  private mustGet(name: string): SimReplicaSet {
    const rs = this.replicaSets.get(name);
    if (!rs) throw new Error(`no ReplicaSet ${name}`);
    return rs;
  }
}

function readiness(pod: SimPod, now: number): number {
  return pod.readyAt !== undefined && pod.readyAt <= now ? 1 : 0;
}

/** `current` with `changes` applied (a null value removes the key). */
export function merged(
  current: Record<string, string> | undefined,
  changes: Record<string, string | null> | undefined,
): Record<string, string> {
  const next = { ...(current ?? {}) };
  for (const [key, value] of Object.entries(changes ?? {})) {
    if (value === null) delete next[key];
    else next[key] = value;
  }
  return next;
}
