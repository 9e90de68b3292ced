// core/v1 Events about an object, with the engine's reasons (Argo's): RolloutUpdated,
// RolloutStepCompleted, RolloutPaused, TrafficWeightUpdated, ... An Event that cannot be written is
// reported and dropped: it never fails a reconcile.
//
// Repeats are aggregated as Kubernetes' own recorder does: the same involved object, type, reason
// and message seen again within the window patches the existing Event (count + 1, lastTimestamp)
// instead of creating another object. The remembered Events live in a bounded cache (oldest out).
//
// At most `maxInFlight` Event writes go to the API server at once; the rest wait their turn, so a
// burst of Events (a thousand rollouts aborting together) never crowds out the writes that move
// traffic.
import { formatTimestamp } from '../../../engine/core/time.ts';
import type { RolloutEvent } from '../../../engine/types.ts';
import type { KubeClient } from '../client/client.ts';
import { NotFoundError } from '../client/errors.ts';
import type { KubeObject } from '../client/objects.ts';
import { coreResources } from '../client/resources.ts';

/** The component Argo Rollouts reports its events as; tools filter on it. */
export const EVENT_SOURCE_COMPONENT = 'rollouts-controller';

/** Kubernetes' recorder aggregates repeats seen within 10 minutes and remembers 4096 Events. */
export const EVENT_AGGREGATION_WINDOW_MS = 10 * 60_000;
export const EVENT_CACHE_SIZE = 4096;

export interface EventRecorder {
  record(object: KubeObject, event: RolloutEvent, now: number): Promise<void>;
}

export type EventWriter = Pick<KubeClient, 'create' | 'patch'>;

export interface EventRecorderOptions {
  windowMs?: number;
  cacheSize?: number;
  /** Event writes in flight at once. Default 4. */
  maxInFlight?: number;
}

/** Runs tasks with at most `limit` of them running at once, the others in order of arrival. */
function concurrencyLimit(limit: number): <T>(task: () => Promise<T>) => Promise<T> {
  let running = 0;
  const waiting: Array<() => void> = [];
  return async (task) => {
    // A finishing task hands its slot straight to the next in line, so `running` never overshoots.
    if (running >= limit) await new Promise<void>((resolve) => waiting.push(resolve));
    else running++;
    try {
      return await task();
    } finally {
      const next = waiting.shift();
      if (next) next();
      else running--;
    }
  };
}

interface SeenEvent {
  /** The Event object's name, once created (undefined while the create is in flight or failed). */
  name: Promise<string | undefined>;
  count: number;
  lastSeen: number;
}

function aggregationKey(namespace: string, object: KubeObject, event: RolloutEvent): string {
  return JSON.stringify([namespace, object.apiVersion, object.kind, object.metadata.name, object.metadata.uid, event.type, event.reason, event.message]);
}

export function kubeEventRecorder(client: EventWriter, onError: (error: Error) => void, options: EventRecorderOptions = {}): EventRecorder {
  const windowMs = options.windowMs ?? EVENT_AGGREGATION_WINDOW_MS;
  const cacheSize = options.cacheSize ?? EVENT_CACHE_SIZE;
  const seen = new Map<string, SeenEvent>();
  const limited = concurrencyLimit(options.maxInFlight ?? 4);
  const report = (object: KubeObject, namespace: string, event: RolloutEvent, error: unknown): void =>
    onError(new Error(`could not record event ${event.reason} for ${object.kind ?? 'object'} ${namespace}/${object.metadata.name ?? ''}: ${(error as Error).message}`));

  const create = async (object: KubeObject, namespace: string, event: RolloutEvent, at: string): Promise<string | undefined> => {
    const body: KubeObject = {
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { generateName: `${object.metadata.name ?? 'object'}.`, namespace },
      involvedObject: {
        apiVersion: object.apiVersion,
        kind: object.kind,
        name: object.metadata.name,
        namespace,
        uid: object.metadata.uid,
        resourceVersion: object.metadata.resourceVersion,
      },
      reason: event.reason,
      message: event.message,
      type: event.type,
      source: { component: EVENT_SOURCE_COMPONENT },
      reportingComponent: EVENT_SOURCE_COMPONENT,
      firstTimestamp: at,
      lastTimestamp: at,
      count: 1,
    };
    try {
      return (await limited(() => client.create(coreResources.events, namespace, body))).metadata.name;
    } catch (error) {
      report(object, namespace, event, error);
      return undefined;
    }
  };

  const remember = (key: string, entry: SeenEvent): void => {
    seen.delete(key);
    seen.set(key, entry);
    while (seen.size > cacheSize) {
      const oldest = seen.keys().next().value;
      if (oldest === undefined) break;
      seen.delete(oldest);
    }
  };

  return {
    async record(object, event, now) {
      const namespace = object.metadata.namespace ?? 'default';
      const at = formatTimestamp(now);
      const key = aggregationKey(namespace, object, event);
      const previous = seen.get(key);
      if (previous && now - previous.lastSeen <= windowMs) {
        previous.count += 1;
        previous.lastSeen = now;
        remember(key, previous);
        const count = previous.count;
        const name = await previous.name;
        if (name !== undefined) {
          try {
            await limited(() => client.patch(coreResources.events, namespace, name, { count, lastTimestamp: at }));
            return;
          } catch (error) {
            // Deleted (expired) meanwhile: start a new series below; anything else is reported.
            if (!(error instanceof NotFoundError)) {
              report(object, namespace, event, error);
              return;
            }
          }
        }
      }
      const entry: SeenEvent = { name: create(object, namespace, event, at), count: 1, lastSeen: now };
      remember(key, entry);
      await entry.name;
    },
  };
}
