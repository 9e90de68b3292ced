// Reference scenarios as data: a manifest, then steps, each an action (what a person or a metric
// does) and what must hold once the rollout has reacted. Every driver (the engine simulator, the
// local runtime, and in time the controller on a control plane) runs the same data and reads the
// same few facts back (`ScenarioState`), so a difference between them is a failed expectation.
import type { RolloutPhase } from '../../src/api/types/rollout-status.ts';
import type { RolloutManifest } from './manifests.ts';

export type ScenarioAction =
  /** `kubectl argo rollouts set image`: the colorapi version of the pods. */
  | { setImage: string }
  | { promote: true }
  | { promoteFull: true }
  | { abort: true }
  /** The rollout's running background analysis run ends in Failed, as after failed measurements. */
  | { failAnalysis: true };

export interface Expectation {
  phase?: RolloutPhase;
  /** status.currentStepIndex */
  stepIndex?: number;
  /** The canary weight the router has in place (routed canaries only). */
  canaryWeight?: number;
  /** Ready pods by ReplicaSet revision; a revision left out has none. */
  podsPerRevision?: Record<number, number>;
  /** status.abort */
  aborted?: boolean;
  /** The revision a blue-green rollout's active / preview Service selects. */
  activeRevision?: number;
  previewRevision?: number;
}

export interface ScenarioStep {
  /** Nothing: the expectations of the rollout as first applied. */
  do?: ScenarioAction;
  expect: Expectation;
}

export interface Scenario {
  name: string;
  manifest: RolloutManifest;
  steps: ScenarioStep[];
}

/** What a driver reads back from its runtime to check an expectation. */
export interface ScenarioState {
  phase: RolloutPhase | undefined;
  stepIndex: number | undefined;
  canaryWeight: number | undefined;
  podsPerRevision: Record<number, number>;
  aborted: boolean;
  /** Blue-green only: the revisions the active and preview Services select (undefined: none). */
  activeRevision?: number | undefined;
  previewRevision?: number | undefined;
}

/** The revision of the ReplicaSet with `hash`, from `revisions` (hash -> revision); undefined for none. */
export function revisionOf(hash: string | undefined, revisions: ReadonlyMap<string, number>): number | undefined {
  return hash ? revisions.get(hash) : undefined;
}

/** The expectations `state` does not meet, each saying what was expected and what is. */
export function unmet(expect: Expectation, state: ScenarioState): string[] {
  const problems: string[] = [];
  const check = (what: string, wanted: unknown, actual: unknown): void => {
    if (wanted !== undefined && JSON.stringify(wanted) !== JSON.stringify(actual))
      problems.push(`${what}: expected ${JSON.stringify(wanted)}, is ${JSON.stringify(actual)}`);
  };
  check('phase', expect.phase, state.phase);
  check('step index', expect.stepIndex, state.stepIndex);
  check('canary weight', expect.canaryWeight, state.canaryWeight);
  check('aborted', expect.aborted, state.aborted);
  check('active revision', expect.activeRevision, state.activeRevision);
  check('preview revision', expect.previewRevision, state.previewRevision);
  if (expect.podsPerRevision !== undefined)
    check('ready pods per revision', sorted(expect.podsPerRevision), sorted(state.podsPerRevision));
  return problems;
}

function sorted(pods: Record<number, number>): Array<[number, number]> {
  return Object.entries(pods)
    .map(([revision, count]): [number, number] => [Number(revision), count])
    .filter(([, count]) => count > 0)
    .sort(([a], [b]) => a - b);
}

/** How a step reads in a test title and in messages. */
export function describeStep(step: ScenarioStep): string {
  if (!step.do) return 'as applied';
  const [verb, value] = Object.entries(step.do)[0] ?? ['', ''];
  return value === true ? verb : `${verb} ${String(value)}`;
}
