// The versions of objects this controller has just written, so a reconcile does not decide from a
// cache that has not seen its own last writes yet (client-go controllers keep "expectations" for
// the same reason). Resource versions are compared as integers, which is what etcd hands out; a
// version that is not an integer only counts as seen when equal.
import type { ObjectBase, Stored } from '../../../platform/kubernetes/client/objects.ts';
import type { ReadableStore } from '../../../platform/kubernetes/informers/object-store.ts';

interface Expectation {
  store: ReadableStore<ObjectBase>;
  namespace: string;
  name: string;
  /** undefined: the object is expected to be gone. */
  resourceVersion: string | undefined;
  since: number;
}

/** After this long an expectation is dropped: a lost watch event must not stall a rollout for good. */
const GIVE_UP_MS = 10_000;

export class WrittenVersions {
  readonly #expectations = new Map<string, Expectation[]>();
  readonly #onGiveUp: (owner: string, what: string) => void;

  /** onGiveUp hears of every expectation dropped unmet: a watch event that never came, worth a log line. */
  constructor(onGiveUp: (owner: string, what: string) => void = () => {}) {
    this.#onGiveUp = onGiveUp;
  }

  /** Records a write made while reconciling `owner` (a rollout key). */
  wrote(owner: string, store: ReadableStore<ObjectBase>, object: Stored<ObjectBase>, now: number): void {
    const { namespace, name, resourceVersion } = object.metadata;
    this.#add(owner, { store, namespace, name, resourceVersion, since: now });
  }

  deleted(owner: string, store: ReadableStore<ObjectBase>, namespace: string, name: string, now: number): void {
    this.#add(owner, { store, namespace, name, resourceVersion: undefined, since: now });
  }

  /** True when every write recorded for `owner` shows in the caches (met ones are forgotten). */
  seen(owner: string, now: number): boolean {
    const pending = (this.#expectations.get(owner) ?? []).filter((expectation) => {
      if (met(expectation)) return false;
      if (now - expectation.since < GIVE_UP_MS) return true;
      this.#onGiveUp(owner, describe(expectation));
      return false;
    });
    if (pending.length === 0) this.#expectations.delete(owner);
    else this.#expectations.set(owner, pending);
    return pending.length === 0;
  }

  forget(owner: string): void {
    this.#expectations.delete(owner);
  }

  #add(owner: string, expectation: Expectation): void {
    const list = (this.#expectations.get(owner) ?? []).filter(
      (other) =>
        other.store !== expectation.store ||
        other.namespace !== expectation.namespace ||
        other.name !== expectation.name,
    );
    list.push(expectation);
    this.#expectations.set(owner, list);
  }
}

function met(expectation: Expectation): boolean {
  const cached = expectation.store.getByName(expectation.namespace, expectation.name);
  if (expectation.resourceVersion === undefined) return cached === undefined;
  const have = cached?.metadata.resourceVersion;
  if (have === undefined) return false;
  return atLeast(have, expectation.resourceVersion);
}

function atLeast(have: string, want: string): boolean {
  if (/^\d+$/.test(have) && /^\d+$/.test(want)) return BigInt(have) >= BigInt(want);
  return have === want;
}

function describe(expectation: Expectation): string {
  const cached =
    expectation.store.getByName(expectation.namespace, expectation.name)?.metadata.resourceVersion ?? 'none';
  const wanted =
    expectation.resourceVersion === undefined ? 'deleted' : `resourceVersion ${expectation.resourceVersion}`;
  return `${expectation.namespace}/${expectation.name}: wrote ${wanted}, cache has ${cached}`;
}
