// The controller's notification settings: the ConfigMap `argo-rollouts-notification-configmap` and
// the Secret `argo-rollouts-notification-secret`, kept as Argo's notifications engine keeps them: in
// informers that list and watch just those two names (field selector `metadata.name=...`), in the
// controller's namespace and, with self-service, in every namespace the controller watches. Reading
// them costs no request; an edit is seen as soon as the watch delivers it; a missing object reads
// as no settings. The informers are the shared factory's, so the controller starts (and reports
// ready) only once they are filled, as Argo's waits for its two caches; a list or watch that fails
// is logged by the factory (naming the object) and retried, never thrown to the controller.
import { NOTIFICATION_CONFIGMAP, NOTIFICATION_SECRET } from '../../../notifications/config.ts';
import type { KubeObject, Stored } from '../../../platform/kubernetes/client/objects.ts';
import { coreResources } from '../../../platform/kubernetes/client/resources.ts';
import type { SharedInformerFactory } from '../../../platform/kubernetes/informers/informer-factory.ts';
import type { ReadableStore } from '../../../platform/kubernetes/informers/object-store.ts';
import type { NotificationSettings } from '../../notifications/notifier.ts';

export type DataObject = KubeObject & { data?: Record<string, string>; stringData?: Record<string, string> };

/** What the settings need of an informer: its cache, and when it is filled. */
export interface ObjectCache<T> {
  readonly store: ReadableStore<T>;
  waitForSync(signal?: AbortSignal): Promise<boolean>;
}

export interface NotificationScopeOptions {
  /** Where the controller's own configuration lives. */
  controllerNamespace: string;
  /** The namespace the controller reconciles Rollouts in; undefined: all. */
  watchedNamespace?: string | undefined;
  /** Also each Rollout namespace's own configuration (--self-service-notification-enabled). */
  selfService?: boolean;
}

/**
 * The namespaces to watch the two objects in (undefined: all namespaces): the controller's; with
 * self-service also the Rollouts' (every namespace, unless the controller reconciles one only, so a
 * namespaced installation needs no cluster-wide read). No namespace is watched twice.
 */
export function notificationScopes(options: NotificationScopeOptions): (string | undefined)[] {
  if (!options.selfService) return [options.controllerNamespace];
  if (options.watchedNamespace === undefined || options.watchedNamespace === '') return [undefined];
  if (options.watchedNamespace === options.controllerNamespace) return [options.controllerNamespace];
  return [options.controllerNamespace, options.watchedNamespace];
}

/** The settings the two objects hold: the ConfigMap's data, the Secret's data decoded (stringData as is). */
export function notificationSettingsOf(
  configMap: DataObject | undefined,
  secret: DataObject | undefined,
): NotificationSettings {
  if (!secret) return { configMap: configMap ? { ...(configMap.data ?? {}) } : undefined, secret: undefined };
  const decoded: Record<string, string> = { ...(secret.stringData ?? {}) };
  for (const [key, value] of Object.entries(secret.data ?? {}))
    decoded[key] = Buffer.from(value, 'base64').toString('utf8');
  return { configMap: configMap ? { ...(configMap.data ?? {}) } : undefined, secret: decoded };
}

interface Scoped {
  namespace: string | undefined;
  configMaps: ObjectCache<DataObject>;
  secrets: ObjectCache<DataObject>;
}

export class WatchedNotificationSettings {
  readonly #scopes: Scoped[];
  readonly #closed = new AbortController();
  /** Per namespace, the settings last made and the two objects they were made from. */
  readonly #made = new Map<string, { configMap?: DataObject; secret?: DataObject; settings: NotificationSettings }>();

  /** Caches per scope (notificationScopes), e.g. from watchNotificationObjects. */
  constructor(scopes: Scoped[]) {
    this.#scopes = scopes;
  }

  /**
   * The settings of `namespace`, once its caches are filled (so no decision is made from an empty
   * cache at start). The same object while neither object changes, so what is parsed from it can be
   * kept. No settings for a namespace no cache covers, and after close().
   */
  async read(namespace: string): Promise<NotificationSettings> {
    const scope =
      this.#scopes.find((scoped) => scoped.namespace === namespace) ??
      this.#scopes.find((scoped) => scoped.namespace === undefined);
    if (!scope) return NONE;
    const signal = this.#closed.signal;
    const synced = await Promise.all([scope.configMaps.waitForSync(signal), scope.secrets.waitForSync(signal)]);
    if (!synced.every(Boolean)) return NONE;
    const configMap = scope.configMaps.store.getByName(namespace, NOTIFICATION_CONFIGMAP);
    const secret = scope.secrets.store.getByName(namespace, NOTIFICATION_SECRET);
    if (!configMap && !secret) {
      // Most namespaces have neither (with self-service): nothing is kept for them.
      this.#made.delete(namespace);
      return NONE;
    }
    const made = this.#made.get(namespace);
    if (made && made.configMap === configMap && made.secret === secret) return made.settings;
    const settings = notificationSettingsOf(configMap, secret);
    this.#made.set(namespace, { ...(configMap ? { configMap } : {}), ...(secret ? { secret } : {}), settings });
    return settings;
  }

  /** Readers waiting for a cache to fill get no settings. */
  close(): void {
    this.#closed.abort();
  }
}

const NONE: NotificationSettings = Object.freeze({ configMap: undefined, secret: undefined });

/** The informers of the two objects per scope, on the controller's shared factory (started and synced with it). */
export function watchNotificationObjects(
  informers: Pick<SharedInformerFactory, 'informerFor'>,
  options: NotificationScopeOptions,
): WatchedNotificationSettings {
  return new WatchedNotificationSettings(
    notificationScopes(options).map((namespace) => ({
      namespace,
      configMaps: informers.informerFor<DataObject>(coreResources.configMaps, {
        namespace,
        fieldSelector: `metadata.name=${NOTIFICATION_CONFIGMAP}`,
      }) as ObjectCache<Stored<DataObject>>,
      secrets: informers.informerFor<DataObject>(coreResources.secrets, {
        namespace,
        fieldSelector: `metadata.name=${NOTIFICATION_SECRET}`,
        // Its values are kept in its cache only, not in the table of strings every informer shares.
        shareStrings: false,
      }) as ObjectCache<Stored<DataObject>>,
    })),
  );
}
