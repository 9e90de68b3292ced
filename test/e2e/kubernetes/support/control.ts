// What `kubectl argo rollouts` does to a Rollout, through the API: promote, abort, retry, set image.
import { abortPatch, retryPatch } from '../../../../src/engine/control/lifecycle.ts';
import { promotePatch } from '../../../../src/engine/control/promote.ts';
import type { KubeClient } from '../../../../src/platform/kubernetes/client/client.ts';
import { argoResources } from '../../../../src/runtime/kubernetes/resources.ts';
import { getRollout } from './wait.ts';

async function send(
  client: KubeClient,
  namespace: string,
  name: string,
  patch: { spec?: unknown; status?: unknown },
): Promise<void> {
  if (patch.spec !== undefined) await client.patch(argoResources.rollouts, namespace, name, { spec: patch.spec });
  if (patch.status !== undefined)
    await client.patchStatus(argoResources.rollouts, namespace, name, { status: patch.status });
}

export async function promote(
  client: KubeClient,
  namespace: string,
  name: string,
  options: { full?: boolean } = {},
): Promise<void> {
  await send(client, namespace, name, promotePatch(await getRollout(client, namespace, name), options));
}

export async function abort(client: KubeClient, namespace: string, name: string): Promise<void> {
  await send(client, namespace, name, abortPatch());
}

export async function setImage(client: KubeClient, namespace: string, name: string, image: string): Promise<void> {
  const rollout = await getRollout(client, namespace, name);
  const template = structuredClone(rollout.spec.template ?? {});
  const container = template.spec?.containers?.[0];
  if (!container) throw new Error(`rollout ${name} has no container`);
  container.image = image;
  await client.patch(argoResources.rollouts, namespace, name, { spec: { template } });
}

export async function retry(client: KubeClient, namespace: string, name: string): Promise<void> {
  await send(client, namespace, name, retryPatch(await getRollout(client, namespace, name)));
}
