// core/v1 Events about an object, with the engine's reasons (Argo's): RolloutUpdated,
// RolloutStepCompleted, RolloutPaused, TrafficWeightUpdated, ... An Event that cannot be written is
// reported and dropped: it never fails a reconcile, and no reconcile waits for one.
//
// It behaves as Kubernetes' own recorder (client-go's, which Argo Rollouts uses), because Events
// are the cheapest thing to lose and the API server's time is shared with the writes that move
// traffic:
// - one Event write at a time, from a queue of at most `maxQueued`: an Event recorded while the
//   queue is full is dropped;
// - per object, a bucket of `spamBurst` Events that refills by one every `spamRefillMs` (25, and
//   one every 5 minutes): an object that asks for more has the rest dropped;
// - repeats are aggregated: the same object, type, reason and message again within the window
//   patches the existing Event (count + 1, lastTimestamp) instead of creating another. The
//   remembered Events live in a bounded cache (oldest out).
import { formatTimestamp } from '../../../conventions/timestamps.ts';
import type { RolloutEvent } from '../../../engine/types.ts';
import type { ObjectWriter } from '../../../platform/kubernetes/client/interfaces.ts';
import { NotFoundError } from '../../../platform/kubernetes/client/errors.ts';
import type { KubeObject, ObjectBase, Stored } from '../../../platform/kubernetes/client/objects.ts';
import { coreResources } from '../../../platform/kubernetes/client/resources.ts';

/** The component Argo Rollouts reports its events as; tools filter on it. */
export const EVENT_SOURCE_COMPONENT = 'rollouts-controller';

/** Kubernetes' recorder aggregates repeats seen within 10 minutes and remembers 4096 Events. */
export const EVENT_AGGREGATION_WINDOW_MS = 10 * 60_000;
export const EVENT_CACHE_SIZE = 4096;
/** Kubernetes' recorder: 25 Events per object at once, then one more every 5 minutes. */
export const EVENT_SPAM_BURST = 25;
export const EVENT_SPAM_REFILL_MS = 5 * 60_000;
/** Kubernetes' recorder queues at most 1000 Events. */
export const EVENT_MAX_QUEUED = 1000;

export type EventDropCause = 'queue full' | 'too many for one object';

export interface EventRecorder {
  /** Resolves once the Event is written, or reported, or dropped. */
  record(object: Stored<ObjectBase>, event: RolloutEvent, now: number): Promise<void>;
}

export type EventWriter = Pick<ObjectWriter, 'create' | 'patch'>;

export interface EventRecorderOptions {
  windowMs?: number;
  cacheSize?: number;
  spamBurst?: number;
  spamRefillMs?: number;
  maxQueued?: number;
  /** Told about every Event recorded, before anything may drop it (rollout_events_total). */
  onRecord?: (object: Stored<ObjectBase>, event: RolloutEvent) => void;
  /** Told about every Event dropped. */
  onDrop?: (object: Stored<ObjectBase>, event: RolloutEvent, cause: EventDropCause) => void;
}

interface SeenEvent {
  /** The Event object's name (undefined when its create failed). */
  name: string | undefined;
  count: number;
  lastSeen: number;
}

interface Bucket {
  tokens: number;
  at: number;
}

interface Pending {
  object: Stored<ObjectBase>;
  namespace: string;
  event: RolloutEvent;
  now: number;
  done: () => void;
}

/** A Map that keeps at most `size` keys, forgetting the least recently set first. */
function boundedSet<V>(map: Map<string, V>, size: number, key: string, value: V): void {
  map.delete(key);
  map.set(key, value);
  while (map.size > size) {
    const oldest = map.keys().next().value;
    if (oldest === undefined) break;
    map.delete(oldest);
  }
}

function objectKey(namespace: string, object: ObjectBase): string {
  return JSON.stringify([namespace, object.apiVersion, object.kind, object.metadata.name, object.metadata.uid]);
}

function aggregationKey(namespace: string, object: ObjectBase, event: RolloutEvent): string {
  return JSON.stringify([objectKey(namespace, object), event.type, event.reason, event.message]);
}

export function kubeEventRecorder(
  client: EventWriter,
  onError: (error: Error) => void,
  options: EventRecorderOptions = {},
): EventRecorder {
  const windowMs = options.windowMs ?? EVENT_AGGREGATION_WINDOW_MS;
  const cacheSize = options.cacheSize ?? EVENT_CACHE_SIZE;
  const spamBurst = options.spamBurst ?? EVENT_SPAM_BURST;
  const spamRefillMs = options.spamRefillMs ?? EVENT_SPAM_REFILL_MS;
  const maxQueued = options.maxQueued ?? EVENT_MAX_QUEUED;
  const seen = new Map<string, SeenEvent>();
  const buckets = new Map<string, Bucket>();
  const queue: Pending[] = [];
  let writing = false;

  const report = (pending: Pending, error: unknown): void =>
    onError(
      new Error(
        `could not record event ${pending.event.reason} for ${pending.object.kind ?? 'object'} ${pending.namespace}/${pending.object.metadata.name}: ${(error as Error).message}`,
      ),
    );

  /** Takes one Event from the object's bucket, if it has one. */
  const allowed = (key: string, now: number): boolean => {
    const bucket = buckets.get(key) ?? { tokens: spamBurst, at: now };
    const tokens = Math.min(spamBurst, bucket.tokens + Math.max(0, now - bucket.at) / spamRefillMs);
    const allow = tokens >= 1;
    boundedSet(buckets, cacheSize, key, { tokens: allow ? tokens - 1 : tokens, at: Math.max(now, bucket.at) });
    return allow;
  };

  const create = async (pending: Pending, at: string): Promise<string | undefined> => {
    const { object, namespace, event } = pending;
    const body: KubeObject = {
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { generateName: `${object.metadata.name}.`, namespace },
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
      return (await client.create(coreResources.events, namespace, body)).metadata.name;
    } catch (error) {
      report(pending, error);
      return undefined;
    }
  };

  const write = async (pending: Pending): Promise<void> => {
    const at = formatTimestamp(pending.now);
    const key = aggregationKey(pending.namespace, pending.object, pending.event);
    const previous = seen.get(key);
    if (previous && previous.name !== undefined && pending.now - previous.lastSeen <= windowMs) {
      previous.count += 1;
      previous.lastSeen = pending.now;
      boundedSet(seen, cacheSize, key, previous);
      try {
        await client.patch(coreResources.events, pending.namespace, previous.name, {
          count: previous.count,
          lastTimestamp: at,
        });
        return;
      } catch (error) {
        // Deleted (expired) meanwhile: start a new series below; anything else is reported.
        if (!(error instanceof NotFoundError)) {
          report(pending, error);
          return;
        }
      }
    }
    boundedSet(seen, cacheSize, key, { name: await create(pending, at), count: 1, lastSeen: pending.now });
  };

  const drain = async (): Promise<void> => {
    writing = true;
    for (let pending = queue.shift(); pending !== undefined; pending = queue.shift()) {
      try {
        await write(pending);
      } catch (error) {
        report(pending, error);
      } finally {
        pending.done();
      }
    }
    writing = false;
  };

  return {
    record(object, event, now) {
      options.onRecord?.(object, event);
      // As Kubernetes' recorder: the Events of a cluster-scoped object (namespace '') go to namespace default.
      const namespace = object.metadata.namespace === '' ? 'default' : object.metadata.namespace;
      const drop = (cause: EventDropCause): Promise<void> => {
        options.onDrop?.(object, event, cause);
        return Promise.resolve();
      };
      if (queue.length >= maxQueued) return drop('queue full');
      if (!allowed(objectKey(namespace, object), now)) return drop('too many for one object');
      return new Promise<void>((done) => {
        queue.push({ object, namespace, event, now, done });
        if (!writing) void drain();
      });
    },
  };
}
