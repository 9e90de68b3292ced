// A small simulated cluster for blue-green scenarios: it applies the engine's actions to
// ReplicaSets, Services and AnalysisRuns, brings pods up after a fixed delay on a virtual clock,
// and lets a test act as a person (change the template, promote, abort, retry).
import type { BlueGreenStrategy, Rollout } from '../../../../src/api/types/rollout.ts';
import type { AnalysisPhase } from '../../../../src/api/types/analysis.ts';
import type { PodTemplateSpec } from '../../../../src/api/types/pod.ts';
import type { Action, Decision, ObservedAnalysisRun, ObservedReplicaSet } from '../../../../src/engine/types.ts';
import { reconcileBlueGreen } from '../../../../src/engine/bluegreen/reconcile.ts';
import { merged } from '../harness/cluster.ts';

export const START = Date.UTC(2026, 0, 1, 12, 0, 0);

export function template(image: string): PodTemplateSpec {
  return { metadata: { labels: { app: 'myapp' } }, spec: { containers: [{ name: 'app', image }] } };
}

export function blueGreenRollout(strategy: Partial<BlueGreenStrategy>, replicas = 3, image = 'myapp:blue'): Rollout {
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Rollout',
    metadata: { name: 'myapp', namespace: 'default', generation: 1 },
    spec: {
      replicas,
      selector: { matchLabels: { app: 'myapp' } },
      template: template(image),
      strategy: { blueGreen: { activeService: 'myapp-active', ...strategy } },
    },
  };
}

interface SimReplicaSet extends ObservedReplicaSet {
  /** When the pods asked for last become available. */
  readyAt: number;
}

export class BlueGreenSim {
  now = START;
  rollout: Rollout;
  replicaSets: SimReplicaSet[] = [];
  analysisRuns: ObservedAnalysisRun[] = [];
  services: Record<string, string> = {};
  decisions: Decision[] = [];
  podReadyMs: number;
  /** Called with every decision before its actions are applied (invariant checks). */
  observer: ((sim: BlueGreenSim, decision: Decision) => void) | undefined;

  /** Report the Services' selectors to the engine, as a real runtime does; off: the engine must repeat them. */
  reportSelectors = true;

  constructor(rollout: Rollout, podReadyMs = 5_000) {
    this.rollout = structuredClone(rollout);
    this.podReadyMs = podReadyMs;
  }

  private serviceSelectors(): Record<string, string> {
    const strategy = this.rollout.spec.strategy.blueGreen;
    const out: Record<string, string> = {};
    for (const name of [strategy?.activeService, strategy?.previewService])
      if (name) out[name] = this.services[name] ?? '';
    return out;
  }

  /** One reconcile: observe, decide, apply. */
  reconcile(): Decision {
    this.refreshPods();
    const observed = {
      rollout: structuredClone(this.rollout),
      template: structuredClone(this.rollout.spec.template ?? {}),
      replicaSets: this.replicaSets.map(({ readyAt: _r, ...rs }) => structuredClone(rs)),
      analysisRuns: structuredClone(this.analysisRuns),
      ...(this.reportSelectors ? { serviceSelectors: this.serviceSelectors() } : {}),
    };
    const decision = reconcileBlueGreen(observed, this.now);
    this.observer?.(this, decision);
    for (const action of decision.actions) this.apply(action);
    this.rollout.status = structuredClone(decision.status);
    this.decisions.push(decision);
    return decision;
  }

  /** Reconciles until a pass changes nothing (re-pointing a Service at the same revision is no change). */
  settle(maxPasses = 30): void {
    for (let i = 0; i < maxPasses; i++) {
      const before = this.snapshot();
      this.reconcile();
      if (this.snapshot() === before) return;
    }
    throw new Error(`no steady state after ${maxPasses} passes at t+${(this.now - START) / 1000}s`);
  }

  /** Moves the virtual clock forward, settling at every moment something is due (pods, requeues). */
  advance(ms: number): void {
    const end = this.now + ms;
    this.settle();
    for (let guard = 0; guard < 1000; guard++) {
      const next = this.nextEvent();
      if (next === undefined || next > end) break;
      this.now = Math.max(this.now, next);
      this.settle();
    }
    this.now = end;
    this.settle();
  }

  private nextEvent(): number | undefined {
    const times: number[] = [];
    for (const rs of this.replicaSets)
      if (rs.availableReplicas !== rs.replicas && rs.readyAt > this.now) times.push(rs.readyAt);
    const last = this.decisions.at(-1);
    if (last?.requeueAfterMs !== undefined) times.push(this.now + Math.max(1, last.requeueAfterMs));
    return times.length ? Math.min(...times) : undefined;
  }

  private snapshot(): string {
    return JSON.stringify([this.rollout.status, this.replicaSets, this.analysisRuns, this.services]);
  }

  private refreshPods(): void {
    for (const rs of this.replicaSets) {
      rs.currentReplicas = rs.replicas;
      const available = this.now >= rs.readyAt ? rs.replicas : Math.min(rs.availableReplicas, rs.replicas);
      rs.readyReplicas = available;
      rs.availableReplicas = available;
    }
  }

  private apply(action: Action): void {
    switch (action.type) {
      case 'createReplicaSet': {
        const labels = { ...(action.template.metadata?.labels ?? {}) };
        delete labels['rollouts-pod-template-hash'];
        this.replicaSets.push({
          name: action.name,
          podTemplateHash: action.podTemplateHash,
          revision: action.revision,
          template: structuredClone(this.rollout.spec.template ?? {}),
          replicas: action.replicas,
          currentReplicas: 0,
          readyReplicas: 0,
          availableReplicas: 0,
          createdAt: this.now,
          annotations: { ...action.annotations },
          readyAt: this.now + this.podReadyMs,
        });
        return;
      }
      case 'scaleReplicaSet': {
        const rs = this.rs(action.name);
        if (action.replicas > rs.replicas) rs.readyAt = this.now + this.podReadyMs;
        rs.replicas = action.replicas;
        if (rs.availableReplicas > rs.replicas) rs.availableReplicas = rs.readyReplicas = rs.replicas;
        editAnnotations(rs, action.annotations);
        return;
      }
      case 'updateReplicaSetMetadata': {
        const rs = this.rs(action.name);
        editAnnotations(rs, action.annotations);
        if (action.annotations?.['rollout.argoproj.io/revision'])
          rs.revision = Number(action.annotations['rollout.argoproj.io/revision']);
        return;
      }
      case 'deleteReplicaSet':
        this.replicaSets = this.replicaSets.filter((rs) => rs.name !== action.name);
        return;
      case 'setServiceSelector':
        this.services[action.service] = action.podTemplateHash;
        return;
      case 'createAnalysisRun':
        this.analysisRuns.push({
          name: action.name,
          kind: action.kind,
          podTemplateHash: action.podTemplateHash,
          phase: 'Running',
          createdAt: this.now,
        });
        return;
      case 'terminateAnalysisRun': {
        const run = this.analysisRuns.find((r) => r.name === action.name);
        if (run) {
          run.terminating = true;
          run.phase = 'Successful';
        }
        return;
      }
      case 'deleteAnalysisRun':
        this.analysisRuns = this.analysisRuns.filter((r) => r.name !== action.name);
        return;
      case 'setRolloutAnnotations':
        this.rollout.metadata.annotations = merged(this.rollout.metadata.annotations, action.annotations);
        return;
      case 'deletePod':
        throw new Error('this simulator does not model pods: use the shared harness for restarts');
      case 'setTraffic':
        throw new Error('a blue-green rollout asked for traffic routing');
    }
  }

  private rs(name: string): SimReplicaSet {
    const rs = this.replicaSets.find((r) => r.name === name);
    if (!rs) throw new Error(`no ReplicaSet ${name}`);
    return rs;
  }

  // ---- a person's actions ----

  setImage(image: string): void {
    this.rollout.spec.template = template(image);
    this.bumpGeneration();
  }

  setPaused(paused: boolean): void {
    this.rollout.spec.paused = paused;
    this.bumpGeneration();
  }

  /** `kubectl argo rollouts promote`: lift the pauses. */
  promote(): void {
    if (this.rollout.spec.paused) this.setPaused(false);
    const status = this.rollout.status ?? {};
    delete status.pauseConditions;
    this.rollout.status = status;
  }

  promoteFull(): void {
    this.rollout.status = { ...this.rollout.status, promoteFull: true };
  }

  abort(): void {
    this.rollout.status = { ...this.rollout.status, abort: true };
  }

  retry(): void {
    this.rollout.status = { ...this.rollout.status, abort: false };
  }

  finishRun(kind: ObservedAnalysisRun['kind'], phase: AnalysisPhase, message?: string): void {
    const run = [...this.analysisRuns].reverse().find((r) => r.kind === kind && !r.terminating);
    if (!run) throw new Error(`no ${kind} AnalysisRun`);
    run.phase = phase;
    if (message !== undefined) run.message = message;
  }

  private bumpGeneration(): void {
    this.rollout.metadata.generation = (this.rollout.metadata.generation ?? 1) + 1;
  }

  // ---- reading the cluster ----

  get status() {
    return this.rollout.status ?? {};
  }

  byHash(hash: string | undefined): SimReplicaSet | undefined {
    return this.replicaSets.find((rs) => rs.podTemplateHash === hash);
  }

  byImage(image: string): SimReplicaSet {
    const rs = this.replicaSets.find((r) => JSON.stringify(r.template).includes(`"${image}"`));
    if (!rs) throw new Error(`no ReplicaSet runs ${image}`);
    return rs;
  }

  pauseReasons(): string[] {
    return (this.rollout.status?.pauseConditions ?? []).map((c) => c.reason);
  }

  runsOf(kind: ObservedAnalysisRun['kind']): ObservedAnalysisRun[] {
    return this.analysisRuns.filter((r) => r.kind === kind);
  }

  allActions(): Action[] {
    return this.decisions.flatMap((d) => d.actions);
  }
}

function editAnnotations(rs: ObservedReplicaSet, edits: Record<string, string | null> | undefined): void {
  for (const [key, value] of Object.entries(edits ?? {})) {
    if (value === null) delete rs.annotations[key];
    else rs.annotations[key] = value;
  }
}
