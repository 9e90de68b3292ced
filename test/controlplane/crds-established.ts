// Waits until CustomResourceDefinitions are Established. `kubectl wait --for=condition=Established`
// fails outright ("status.conditions accessor error") when it reads a CRD before the API server has
// written any condition, so this polls the CRDs' status instead.
import type { Kubectl } from './kubectl.ts';
import { kubectlJson } from './kubectl.ts';
import { pollUntil } from './poll.ts';

interface CrdList {
  items: Array<{ metadata: { name: string }; status?: { conditions?: Array<{ type: string; status: string }> } }>;
}

/** Every CRD named (all CRDs when `names` is 'all') has the condition Established=True. */
export async function waitForCrdsEstablished(
  kubectl: Kubectl,
  names: readonly string[] | 'all',
  timeoutMs: number,
): Promise<void> {
  await pollUntil(
    async () => {
      const list = await kubectlJson<CrdList>(kubectl, ['get', 'crd']);
      const wanted = names === 'all' ? list.items.map((crd) => crd.metadata.name) : names;
      const established = new Set(
        list.items
          .filter((crd) => crd.status?.conditions?.some((c) => c.type === 'Established' && c.status === 'True'))
          .map((crd) => crd.metadata.name),
      );
      return wanted.length > 0 && wanted.every((name) => established.has(name));
    },
    { what: `CRDs Established (${names === 'all' ? 'all' : names.join(', ')})`, timeoutMs },
  );
}
