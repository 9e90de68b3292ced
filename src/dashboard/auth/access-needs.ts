// What each dashboard route needs the user to be allowed, verb by verb, as the same command of
// Argo's kubectl plugin (and sluice's CLI) would need on the API server. The server asks the
// Authorizer for every entry before it reads or acts with its own client, so that Kubernetes RBAC
// decides what each user sees and does.
//
//   the list              list rollouts (watch too for the live list)
//   a rollout's page      get rollouts; list replicasets, pods, analysisruns (what the page shows);
//                         watch on each too for the live page
//   an AnalysisRun        get analysisruns
//   the timeline          get rollouts; list events (core)
//   the traffic chart     get rollouts
//   promote               patch rollouts/status (pause conditions, step) and rollouts (spec.paused)
//   promote-full, abort,  patch rollouts/status (status.promoteFull, status.abort)
//   retry
//   restart               patch rollouts (spec.restartAt)
//   set-image             update rollouts (a read-modify-write, as `set image` does)
//   undo                  list replicasets (the revision's template), patch rollouts (spec.template)
// Every action reads the rollout first (get rollouts) and answers with its page.
import type { ActionName } from '../contract.ts';
import type { AccessDecision, AccessRequest } from '../server/authorizer.ts';

const ARGO = 'argoproj.io';

export type DashboardRead =
  | { route: 'rollout-list'; namespace?: string; stream?: boolean }
  | { route: 'rollout'; namespace: string; name: string; stream?: boolean }
  | { route: 'analysis-run'; namespace: string; name: string }
  | { route: 'timeline'; namespace: string; name: string }
  | { route: 'traffic'; namespace: string; name: string };

function rollouts(
  verb: AccessRequest['verb'],
  namespace: string | undefined,
  name?: string,
  subresource?: string,
): AccessRequest {
  return {
    verb,
    group: ARGO,
    resource: 'rollouts',
    ...(subresource ? { subresource } : {}),
    ...(namespace ? { namespace } : {}),
    ...(name ? { name } : {}),
  };
}

function listIn(group: string, resource: string, namespace: string): AccessRequest {
  return { verb: 'list', group, resource, namespace };
}

/** What a rollout's page shows besides the rollout: its ReplicaSets, pods and AnalysisRuns. */
function owned(verb: 'list' | 'watch', namespace: string): AccessRequest[] {
  return [
    { verb, group: 'apps', resource: 'replicasets', namespace },
    { verb, group: '', resource: 'pods', namespace },
    { verb, group: ARGO, resource: 'analysisruns', namespace },
  ];
}

/** The checks of a read; all must allow it. */
export function readNeeds(read: DashboardRead): AccessRequest[] {
  switch (read.route) {
    case 'rollout-list':
      return [rollouts('list', read.namespace), ...(read.stream ? [rollouts('watch', read.namespace)] : [])];
    case 'rollout':
      return [
        rollouts('get', read.namespace, read.name),
        ...(read.stream ? [rollouts('watch', read.namespace)] : []),
        ...owned('list', read.namespace),
        ...(read.stream ? owned('watch', read.namespace) : []),
      ];
    case 'analysis-run':
      return [{ verb: 'get', group: ARGO, resource: 'analysisruns', namespace: read.namespace, name: read.name }];
    case 'timeline':
      return [rollouts('get', read.namespace, read.name), listIn('', 'events', read.namespace)];
    case 'traffic':
      return [rollouts('get', read.namespace, read.name)];
  }
}

/** The checks of an action on the rollout `namespace/name`; all must allow it. */
export function actionNeeds(action: ActionName, namespace: string, name: string): AccessRequest[] {
  const read = rollouts('get', namespace, name);
  switch (action) {
    case 'promote':
      return [read, rollouts('patch', namespace, name, 'status'), rollouts('patch', namespace, name)];
    case 'promote-full':
    case 'abort':
    case 'retry':
      return [read, rollouts('patch', namespace, name, 'status')];
    case 'restart':
      return [read, rollouts('patch', namespace, name)];
    case 'set-image':
      return [read, rollouts('update', namespace, name)];
    case 'undo':
      return [read, listIn('apps', 'replicasets', namespace), rollouts('patch', namespace, name)];
  }
}

/** The first refusal of `needs`, or undefined when every check allows (checked together, in order). */
export async function firstRefusal(
  allows: (access: AccessRequest) => Promise<AccessDecision>,
  needs: readonly AccessRequest[],
): Promise<string | undefined> {
  const decisions = await Promise.all(needs.map((access) => allows(access)));
  for (const decision of decisions) if (!decision.allowed) return decision.reason;
  return undefined;
}

/** Guards every check of `needs` at once; a refusal rejects with the first refused check in order. */
export async function guardAll(
  guard: (access: AccessRequest) => Promise<void>,
  needs: readonly AccessRequest[],
): Promise<void> {
  const checks = needs.map((access) => guard(access));
  // Every check runs together; the ones after a refusal are awaited below or dropped with it.
  for (const check of checks) check.catch(() => undefined);
  for (const check of checks) await check;
}

const ACTIONS: readonly ActionName[] = ['promote', 'promote-full', 'abort', 'retry', 'restart', 'set-image', 'undo'];

/** The actions whose every check `may` allows (the checks asked together; the decisions are cached). */
export async function allowedActions(
  may: (access: AccessRequest) => Promise<boolean>,
  namespace: string,
  name: string,
): Promise<Set<ActionName>> {
  const verdicts = await Promise.all(
    ACTIONS.map(async (action) => {
      const answers = await Promise.all(actionNeeds(action, namespace, name).map((access) => may(access)));
      return answers.every(Boolean) ? action : undefined;
    }),
  );
  return new Set(verdicts.filter((action): action is ActionName => action !== undefined));
}
