// What a reflector needs from the API: list everything, and watch from a resourceVersion.
import type { ListWatchClient } from '../client/interfaces.ts';
import type { ObjectBase } from '../client/objects.ts';
import type { ResourceType } from '../client/resources.ts';
import type { Watch } from '../client/watch.ts';
import type { WatchEvent } from '../client/watch-events.ts';

export interface ListWatcher<T> {
  list(signal: AbortSignal): Promise<{ items: T[]; resourceVersion: string }>;
  watch(resourceVersion: string, onEvent: (event: WatchEvent<T>) => void): Promise<Watch>;
  /** For messages: "rollouts in namespace demo". */
  readonly description: string;
}

export interface Scope {
  /** Omit (or "") for all namespaces. */
  namespace?: string | undefined;
  labelSelector?: string | undefined;
  fieldSelector?: string | undefined;
}

export interface ClientListWatcherOptions extends Scope {
  /** Watches last between this and twice this long (spread, as client-go does), then reconnect. Default 300 s. */
  minWatchTimeoutSeconds?: number;
  random?: () => number;
}

export function clientListWatcher<T extends ObjectBase>(
  client: ListWatchClient,
  resource: ResourceType,
  options: ClientListWatcherOptions = {},
): ListWatcher<T> {
  const scope = {
    namespace: resource.namespaced ? options.namespace || undefined : undefined,
    labelSelector: options.labelSelector,
    fieldSelector: options.fieldSelector,
  };
  const minTimeout = options.minWatchTimeoutSeconds ?? 300;
  const random = options.random ?? Math.random;
  return {
    description: describeScope(resource, scope),
    list: (signal) => client.listAll<T>(resource, { ...scope, signal }),
    watch: (resourceVersion, onEvent) =>
      client.watch<T>(
        resource,
        { ...scope, resourceVersion, allowBookmarks: true, timeoutSeconds: Math.floor(minTimeout * (1 + random())) },
        onEvent,
      ),
  };
}

export function describeScope(resource: ResourceType, scope: Scope): string {
  const where = scope.namespace ? ` in namespace ${scope.namespace}` : resource.namespaced ? ' in all namespaces' : '';
  const selector = [scope.labelSelector, scope.fieldSelector].filter(Boolean).join(',');
  return `${resource.plural}${where}${selector ? ` matching ${selector}` : ''}`;
}
