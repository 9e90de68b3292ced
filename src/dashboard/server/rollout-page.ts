// The rollout page and the list as the API answers them, built from a target's objects with the
// shared view model; and which actions apply to a rollout in its present state (Argo's dashboard
// offers the same: retry only after an abort, abort and promote while the update is under way).
import type { Rollout } from '../../api/types/rollout.ts';
import type { ActionName, RolloutList, RolloutPage } from '../contract.ts';
import { rolloutListRow } from '../../view/list-row.ts';
import { rolloutView } from '../../view/rollout-view.ts';
import { stepViews } from '../../view/steps.ts';
import type { RolloutViewInput } from '../../view/inputs.ts';

export const ACTION_NAMES: readonly ActionName[] = [
  'promote',
  'promote-full',
  'abort',
  'retry',
  'restart',
  'set-image',
  'undo',
];

export function rolloutList(rollouts: Rollout[]): RolloutList {
  const sorted = [...rollouts].sort(
    (a, b) =>
      (a.metadata.namespace ?? '').localeCompare(b.metadata.namespace ?? '') ||
      (a.metadata.name ?? '').localeCompare(b.metadata.name ?? ''),
  );
  const images: Record<string, string[]> = {};
  for (const rollout of sorted)
    images[`${rollout.metadata.namespace ?? ''}/${rollout.metadata.name ?? ''}`] = (
      rollout.spec.template?.spec?.containers ?? []
    ).map((container) => container.image ?? '');
  return { rows: sorted.map(rolloutListRow), images };
}

/** `mayPatch`: whether the user may patch rollouts in the rollout's namespace, or the actions RBAC allows them. */
export function rolloutPage(input: RolloutViewInput, mayPatch: boolean | ReadonlySet<ActionName>): RolloutPage {
  const { rollout } = input;
  const view = rolloutView(input);
  const current = rollout.status?.currentPodHash;
  const revisions = view.revisions
    .filter(
      (revision) =>
        revision.replicaSets.length > 0 && !revision.replicaSets.some((rs) => rs.podTemplateHash === current),
    )
    .map((revision) => revision.revision);
  const containers = containersOf(rollout).map((container) => container.name);
  return {
    view,
    steps: stepViews(rollout),
    actions: applicableActions(rollout, { containers, revisions }).filter((action) =>
      typeof mayPatch === 'boolean' ? mayPatch : mayPatch.has(action),
    ),
    containers,
    revisions,
  };
}

/** The actions that make sense for the rollout now, whoever asks. */
export function applicableActions(
  rollout: Rollout,
  { containers, revisions }: { containers: string[]; revisions: number[] },
): ActionName[] {
  const status = rollout.status ?? {};
  const aborted = status.abort === true;
  const paused = (status.pauseConditions ?? []).length > 0 || rollout.spec.paused === true;
  const updating = status.currentPodHash !== undefined && status.currentPodHash !== status.stableRS;
  const phase = status.phase;
  const actions: ActionName[] = [];
  if (!aborted && paused && (updating || phase === 'Paused')) actions.push('promote');
  if (!aborted && (updating || paused)) actions.push('promote-full');
  if (!aborted && updating) actions.push('abort');
  if (aborted) actions.push('retry');
  actions.push('restart');
  if (containers.length > 0) actions.push('set-image');
  if (revisions.length > 0) actions.push('undo');
  return actions;
}

function containersOf(rollout: Rollout): Array<{ name: string; image?: string }> {
  const spec = rollout.spec.template?.spec;
  return [...(spec?.initContainers ?? []), ...(spec?.containers ?? [])];
}
