// The reading routes: the list of rollouts, a rollout's page, an analysis run, and their streams.
import type { AccessRequest } from '../authorizer.ts';
import { actionNeeds, allowedActions, firstRefusal, guardAll, readNeeds } from '../../auth/access-needs.ts';
import type { RolloutObjects } from '../../../cli/target/target.ts';
import { analysisRunDetail } from '../../../view/analysis-run-detail.ts';
import type { RolloutPage } from '../../contract.ts';
import { failureOf } from '../api-failure.ts';
import { hiddenParts, withoutHiddenObjects, withoutHiddenViews } from '../hidden-parts.ts';
import { EventStream } from '../event-stream.ts';
import { ANSWERED, type RouteContext } from '../route.ts';
import { ACTION_NAMES, rolloutList, rolloutPage } from '../rollout-page.ts';

const ARGO = 'argoproj.io';

export function rollouts(verb: AccessRequest['verb'], namespace?: string, name?: string): AccessRequest {
  return {
    verb,
    group: ARGO,
    resource: 'rollouts',
    ...(namespace !== undefined ? { namespace } : {}),
    ...(name !== undefined ? { name } : {}),
  };
}

/** `?namespace=NS`, or every namespace when absent or empty. */
function namespaceQuery(context: RouteContext): string | undefined {
  const namespace = context.query.get('namespace');
  return namespace ? namespace : undefined;
}

export async function listRollouts(context: RouteContext): Promise<unknown> {
  const namespace = namespaceQuery(context);
  await context.guard(rollouts('list', namespace));
  return rolloutList(await context.target.listRollouts(namespace));
}

export async function streamRollouts(context: RouteContext): Promise<unknown> {
  const namespace = namespaceQuery(context);
  const needs = readNeeds({ route: 'rollout-list', ...(namespace ? { namespace } : {}), stream: true });
  await guardAll(context.guard, needs);
  await followStream(
    context,
    (signal, stream) =>
      context.target.watchRollouts(namespace, (list) => stream().send('rollouts', rolloutList(list)), signal),
    needs,
  );
  return ANSWERED;
}

/**
 * The actions the page may offer: those whose every check the identity passes. When one is not
 * allowed, the page says why: the Authorizer's refusal of its first failed check, which names the
 * user, verb, resource and namespace.
 */
export async function pageBuilder(context: RouteContext): Promise<(objects: RolloutObjects) => RolloutPage> {
  const { namespace = '', name = '' } = context.params;
  const allowed = await allowedActions(context.may, namespace, name);
  const missing = ACTION_NAMES.find((action) => !allowed.has(action));
  const [refused, hidden] = await Promise.all([
    missing === undefined ? undefined : firstRefusal(context.allows, actionNeeds(missing, namespace, name)),
    hiddenParts(context.allows, context.identity.username, namespace),
  ]);
  return (objects) => {
    const page = withoutHiddenViews(
      rolloutPage({ ...withoutHiddenObjects(objects, hidden), now: context.now() }, allowed),
      hidden,
    );
    return refused === undefined ? page : { ...page, actionsRefused: refused };
  };
}

export async function getRollout(context: RouteContext): Promise<unknown> {
  const { namespace = '', name = '' } = context.params;
  await guardAll(context.guard, readNeeds({ route: 'rollout', namespace, name }));
  const page = await pageBuilder(context);
  return page(await context.target.rolloutObjects(namespace, name));
}

export async function streamRollout(context: RouteContext): Promise<unknown> {
  const { namespace = '', name = '' } = context.params;
  const needs = readNeeds({ route: 'rollout', namespace, name, stream: true });
  await guardAll(context.guard, needs);
  const page = await pageBuilder(context);
  // The parts RBAC hides, as the page was built: a change (a RoleBinding given or taken) restarts the stream.
  const partsOf = async () =>
    (await hiddenParts(context.allows, context.identity.username, namespace)).map((entry) => entry.part).join();
  const partsHidden = await partsOf();
  await followStream(
    context,
    (signal, stream) =>
      context.target.watchRollout(
        namespace,
        name,
        (objects) => {
          if (objects === undefined) stream().sendNow('gone', { namespace, name });
          else stream().send('rollout', page(objects));
        },
        signal,
      ),
    needs,
    async () => (await partsOf()) !== partsHidden,
  );
  return ANSWERED;
}

export async function getAnalysisRun(context: RouteContext): Promise<unknown> {
  const { namespace = '', name = '' } = context.params;
  await context.guard({ verb: 'get', group: ARGO, resource: 'analysisruns', namespace, name });
  return analysisRunDetail(await context.target.analysisRun(namespace, name), context.now());
}

/**
 * Runs a watch as a server-sent event stream. The stream's headers go out with the first frame, so
 * a watch that fails at once (no such rollout, the target unreachable) answers an ordinary ApiError
 * with its status; one that fails later sends an `error` event with the ApiError, then ends.
 */
async function followStream(
  context: RouteContext,
  watch: (signal: AbortSignal, stream: () => EventStream) => Promise<void>,
  needs: readonly AccessRequest[],
  stale?: () => Promise<boolean>,
): Promise<void> {
  let stream: EventStream | undefined;
  const open = () => (stream ??= new EventStream(context.response, context.streamOptions));
  try {
    await context.live((signal) => watch(signal, open), needs, stale);
  } catch (error) {
    if (!stream) throw error;
    const failure = failureOf(error, { username: context.identity.username, target: context.target.description });
    stream.sendNow('error', failure.body());
  } finally {
    stream?.close();
  }
}
