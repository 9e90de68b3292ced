// POST .../actions/ACTION: promote, promote-full, abort, retry, restart, set-image, undo, each as
// the CLI's command does it through the target, answered with what happened and the page after.
import type { ActionName, ActionResult } from '../../contract.ts';
import { invalid, notFound } from '../api-failure.ts';
import type { RouteContext } from '../route.ts';
import { ACTION_NAMES } from '../rollout-page.ts';
import { pageBuilder } from './rollouts.ts';
import { actionNeeds, guardAll } from '../../auth/access-needs.ts';

export async function runAction(context: RouteContext): Promise<ActionResult> {
  const { namespace = '', name = '', action = '' } = context.params;
  if (!(ACTION_NAMES as readonly string[]).includes(action))
    throw notFound(`no action "${action}"; the actions are ${ACTION_NAMES.join(', ')}`);
  const body = await context.body();
  await guardAll(context.guard, actionNeeds(action as ActionName, namespace, name));
  const message = await act(context, action as ActionName, namespace, name, body);
  // The page as this user may see it (RBAC): the actions offered and the parts hidden.
  const [objects, page] = await Promise.all([context.target.rolloutObjects(namespace, name), pageBuilder(context)]);
  return { message, page: page(objects) };
}

async function act(
  context: RouteContext,
  action: ActionName,
  namespace: string,
  name: string,
  body: Record<string, unknown>,
): Promise<string> {
  const { target } = context;
  switch (action) {
    case 'promote':
      await target.control(namespace, name, 'promote');
      return `rollout '${name}' promoted`;
    case 'promote-full':
      await target.control(namespace, name, 'promote-full');
      return `rollout '${name}' fully promoted`;
    case 'abort':
      await target.control(namespace, name, 'abort');
      return `rollout '${name}' aborted`;
    case 'retry':
      await target.control(namespace, name, 'retry');
      return `rollout '${name}' retried`;
    case 'restart':
      await target.control(namespace, name, 'restart');
      return `rollout '${name}' restarts in 0s`;
    case 'set-image': {
      const container = body['container'];
      const image = body['image'];
      if (typeof container !== 'string' || container === '' || typeof image !== 'string' || image.trim() === '')
        throw invalid(
          'set-image needs {"container": NAME, "image": IMAGE} in the body (container "*" sets every container)',
        );
      await target.setImage(namespace, name, container, image.trim());
      return `rollout "${name}" image updated`;
    }
    case 'undo': {
      const revision = body['revision'] ?? 0;
      if (typeof revision !== 'number' || !Number.isInteger(revision) || revision < 0)
        throw invalid(
          `undo needs {"revision": N}, a whole number 0 or more (0: the revision before the current one), not ${JSON.stringify(revision)}`,
        );
      const outcome = await target.undo(namespace, name, revision);
      return outcome.skipped
        ? `skipped rollback (current template already matches revision ${revision})`
        : `rollout '${name}' undo`;
    }
  }
}
