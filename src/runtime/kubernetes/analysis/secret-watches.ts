// The Secrets that analysis args name (valueFrom.secretKeyRef), and only those: one informer per
// Secret, scoped by field selector `metadata.name=NAME` in the run's namespace, shared by every
// run that names it and stopped when the last of them is gone (so nothing accumulates over weeks).
// Values are decoded only when a run asks for one, and never leave through logs or errors.
import type { SecretArgRef } from '../../../analysis/args.ts';
import type { ListWatchClient, ObjectReader } from '../../../platform/kubernetes/client/interfaces.ts';
import { NotFoundError } from '../../../platform/kubernetes/client/errors.ts';
import type { KubeObject } from '../../../platform/kubernetes/client/objects.ts';
import { coreResources } from '../../../platform/kubernetes/client/resources.ts';
import type { Timers } from '../../../platform/kubernetes/client/timers.ts';
import { Informer } from '../../../platform/kubernetes/informers/informer.ts';
import { clientListWatcher } from '../../../platform/kubernetes/informers/list-watcher.ts';

type Secret = KubeObject & { data?: Record<string, string>; stringData?: Record<string, string> };

export interface SecretWatchesOptions {
  client: ObjectReader & ListWatchClient;
  timers?: Timers;
  onError?: (error: Error) => void;
  /** How long to wait for a new Secret informer's first list. Default 10 s. */
  syncTimeoutMs?: number;
}

interface Watched {
  informer: Informer<Secret>;
  users: Set<string>;
}

export class SecretWatches {
  readonly #options: SecretWatchesOptions;
  readonly #watched = new Map<string, Watched>();
  /** Which secrets (namespace/name) each run (namespace/name) uses. */
  readonly #usedBy = new Map<string, Set<string>>();

  constructor(options: SecretWatchesOptions) {
    this.#options = options;
  }

  /** Secrets watched now (for tests and leak checks). */
  get size(): number {
    return this.#watched.size;
  }

  /** Declares the secrets `runKey` needs now; watches start for new ones and stop for ones no run needs. */
  use(runKey: string, namespace: string, refs: readonly SecretArgRef[]): void {
    const wanted = new Set(refs.map((ref) => `${namespace}/${ref.secretName}`));
    const before = this.#usedBy.get(runKey) ?? new Set<string>();
    for (const key of wanted) if (!before.has(key)) this.#watch(key).users.add(runKey);
    for (const key of before) if (!wanted.has(key)) this.#release(key, runKey);
    if (wanted.size === 0) this.#usedBy.delete(runKey);
    else this.#usedBy.set(runKey, wanted);
  }

  /** The run is gone (deleted or completed): its secrets are no longer needed on its behalf. */
  forget(runKey: string): void {
    this.use(runKey, '', []);
  }

  /**
   * The decoded value of `ref.key` in the Secret, or undefined when the Secret or key is missing.
   * From the watch when one is declared (use()), otherwise with one GET (a run finishing up).
   */
  async read(ref: SecretArgRef, namespace: string): Promise<string | undefined> {
    const watched = this.#watched.get(`${namespace}/${ref.secretName}`);
    const secret = watched
      ? await this.#cached(watched, namespace, ref.secretName)
      : await this.#get(namespace, ref.secretName);
    const encoded = secret?.data?.[ref.key];
    if (encoded !== undefined) return Buffer.from(encoded, 'base64').toString('utf8');
    return secret?.stringData?.[ref.key];
  }

  async #cached(watched: Watched, namespace: string, name: string): Promise<Secret | undefined> {
    const signal = AbortSignal.timeout(this.#options.syncTimeoutMs ?? 10_000);
    if (!(await watched.informer.waitForSync(signal))) return undefined;
    return watched.informer.store.getByName(namespace, name);
  }

  async #get(namespace: string, name: string): Promise<Secret | undefined> {
    try {
      return await this.#options.client.get<Secret>(coreResources.secrets, namespace, name);
    } catch (error) {
      if (error instanceof NotFoundError) return undefined;
      throw error;
    }
  }

  async stop(): Promise<void> {
    const informers = [...this.#watched.values()].map((watched) => watched.informer);
    this.#watched.clear();
    this.#usedBy.clear();
    await Promise.all(informers.map((informer) => informer.stop()));
  }

  #watch(key: string): Watched {
    const existing = this.#watched.get(key);
    if (existing !== undefined) return existing;
    const slash = key.indexOf('/');
    const namespace = key.slice(0, slash);
    const name = key.slice(slash + 1);
    const source = clientListWatcher<Secret>(this.#options.client, coreResources.secrets, {
      namespace,
      fieldSelector: `metadata.name=${name}`,
    });
    const informer = new Informer<Secret>(source, {
      ...(this.#options.timers ? { timers: this.#options.timers } : {}),
      // Messages name the Secret; they never hold its data.
      onError: (error) => this.#options.onError?.(new Error(`secret ${key}: ${error.message}`)),
    });
    informer.start();
    const watched = { informer, users: new Set<string>() };
    this.#watched.set(key, watched);
    return watched;
  }

  #release(key: string, runKey: string): void {
    const watched = this.#watched.get(key);
    if (watched === undefined) return;
    watched.users.delete(runKey);
    if (watched.users.size > 0) return;
    this.#watched.delete(key);
    void watched.informer.stop();
  }
}
