// core/v1 Events about an object, with the engine's reasons (Argo's): RolloutUpdated,
// RolloutStepCompleted, RolloutPaused, TrafficWeightUpdated, ... An Event that cannot be written is
// reported and dropped: it never fails a reconcile.
//
// It behaves as Kubernetes' own recorder (client-go's tools/record, which Argo Rollouts uses: its
// EventCorrelator), because Events are the cheapest thing to lose and the API server's time is
// shared with the writes that move traffic:
// - one Event write at a time, from a queue of at most `maxQueued`: an Event recorded while the
//   queue is full is dropped;
// - similar Events aggregated: once 10 Events about one object with the same type and reason but
//   different messages come within 10 minutes of each other, the next new message is written as
//   "(combined from similar events): <message>", one Event that later ones update;
// - repeats counted: the same object, type, reason and message again (as long as the series is
//   remembered: the last 4096) patches the Event already written (count, lastTimestamp, message)
//   instead of creating another; one deleted meanwhile (expired) is created again;
// - per object, a bucket of `spamBurst` Events that refills by one every `spamRefillMs` (25, and
//   one every 5 minutes): an object that asks for more has the rest dropped (counted in its series
//   all the same, so the next write carries the full count).
// The body is what client-go writes: a name of its own (`<object>.<hex time>`), the involved
// object's reference, reason, message, type, source, reportingComponent, timestamps and count.
// Nothing is kept of the object but that reference. A write that fails for a transient reason (the
// connection, 429, 5xx) is tried again `maxRetries` times, the first after a random part of
// `retryDelayMs`, while the queue goes on; then it is reported. (client-go retries only connection
// errors, 12 times 10 s apart, holding its whole queue meanwhile; here a 429 or 5xx is worth a retry
// too, and the queue is not held.) A retry that a newer write of its series passed meanwhile is
// dropped, since that write carries the later count and time: a late retry never sets them back.
//
// record() resolves once the Event is written, reported or dropped, or at once when Events of other
// objects were already waiting: a caller that waits for its Events (the rollout pass, so that whoever
// sees its status can list them) is never held behind a backlog, only behind its own writes.
import { formatTimestamp } from '../../../conventions/timestamps.ts';
import type { RolloutEvent } from '../../../engine/types.ts';
import type { ObjectWriter } from '../../../platform/kubernetes/client/interfaces.ts';
import { AlreadyExistsError, isTransient, NotFoundError } from '../../../platform/kubernetes/client/errors.ts';
import type { KubeObject, ObjectBase, Stored } from '../../../platform/kubernetes/client/objects.ts';
import { coreResources } from '../../../platform/kubernetes/client/resources.ts';

/** The component Argo Rollouts reports its events as; tools filter on it. */
export const EVENT_SOURCE_COMPONENT = 'rollouts-controller';

/** Kubernetes' recorder combines similar Events seen within 10 minutes of each other. */
export const EVENT_AGGREGATION_WINDOW_MS = 10 * 60_000;
/** Series and objects remembered (client-go: 4096 keys in each of its caches). */
export const EVENT_CACHE_SIZE = 4096;
/** Kubernetes' recorder: from the 10th different message of one object, type and reason on, they are combined. */
export const EVENT_AGGREGATE_MAX = 10;
export const COMBINED_PREFIX = '(combined from similar events): ';
/** Kubernetes' recorder: 25 Events per object at once, then one more every 5 minutes. */
export const EVENT_SPAM_BURST = 25;
export const EVENT_SPAM_REFILL_MS = 5 * 60_000;
/** Kubernetes' recorder queues at most 1000 Events. */
export const EVENT_MAX_QUEUED = 1000;
/** Tries after the first for a write that failed for a transient reason, and the pause before each. */
export const EVENT_MAX_RETRIES = 2;
export const EVENT_RETRY_DELAY_MS = 2_000;

export type EventDropCause = 'queue full' | 'too many for one object';

export interface EventRecorder {
  /** Resolves once the Event is written, or reported, or dropped; at once when other objects' Events wait before it. */
  record(object: Stored<ObjectBase>, event: RolloutEvent, now: number): Promise<void>;
}

export type EventWriter = Pick<ObjectWriter, 'create' | 'patch'>;

export interface EventRecorderOptions {
  windowMs?: number;
  cacheSize?: number;
  aggregateMax?: number;
  spamBurst?: number;
  spamRefillMs?: number;
  maxQueued?: number;
  maxRetries?: number;
  retryDelayMs?: number;
  /** Told about every Event recorded, before anything may drop it (rollout_events_total). */
  onRecord?: (object: Stored<ObjectBase>, event: RolloutEvent) => void;
  /** Told about every Event dropped. */
  onDrop?: (object: Stored<ObjectBase>, event: RolloutEvent, cause: EventDropCause) => void;
}

/** One Event object as written: its name, first time, and how many times it was recorded. */
interface Series {
  /** Given at its first write. */
  name: string | undefined;
  /** When it was first recorded (ms). */
  first: number;
  count: number;
  /** The highest count queued for it: a retry older than that is dropped, the newer write carries the count. */
  enqueued: number;
}

interface Similar {
  messages: Set<string>;
  lastSeen: number;
}

/** What the recorder remembers of one object: its bucket, and its similar Events by type and reason. */
interface ObjectRecord {
  tokens: number;
  at: number;
  similar: Map<string, Similar>;
}

/** An involvedObject reference, as client-go's GetReference makes it. */
interface ObjectReference {
  apiVersion: string | undefined;
  kind: string | undefined;
  name: string;
  namespace: string;
  uid: string;
  resourceVersion: string;
}

interface Pending {
  /** The Events' namespace (an object's own; default for a cluster-scoped one). */
  namespace: string;
  involvedObject: ObjectReference;
  type: string;
  reason: string;
  message: string;
  series: Series;
  /** The series' count with this Event, and when it was recorded. */
  count: number;
  at: string;
  tries: number;
  /** Owner of the object (objectKey), to tell another object's Events in the queue. */
  owner: string;
  done: (() => void) | undefined;
}

/** Types and reasons remembered per object for combining similar Events (a Rollout has about 15). */
const REASONS_PER_OBJECT = 32;

/** A Map that keeps at most `size` keys, forgetting the least recently set first. */
function boundedSet<V>(map: Map<string, V>, size: number, key: string, value: V): void {
  map.delete(key);
  map.set(key, value);
  if (map.size > size) {
    const oldest = map.keys().next().value;
    if (oldest !== undefined) map.delete(oldest);
  }
}

const SEP = '\u0000';

/**
 * An Event name as client-go makes one, `<object>.<hex time>`: the time in ms and a sequence number
 * of this process (five hex digits) for client-go's nanoseconds, so one process's names never meet.
 */
function eventName(objectName: string, now: number, sequence: number): string {
  return `${objectName}.${Math.floor(now).toString(16)}${(sequence & 0xfffff).toString(16).padStart(5, '0')}`;
}

export function kubeEventRecorder(
  client: EventWriter,
  onError: (error: Error) => void,
  options: EventRecorderOptions = {},
): EventRecorder {
  const windowMs = options.windowMs ?? EVENT_AGGREGATION_WINDOW_MS;
  const cacheSize = options.cacheSize ?? EVENT_CACHE_SIZE;
  const aggregateMax = options.aggregateMax ?? EVENT_AGGREGATE_MAX;
  const spamBurst = options.spamBurst ?? EVENT_SPAM_BURST;
  const spamRefillMs = options.spamRefillMs ?? EVENT_SPAM_REFILL_MS;
  const maxQueued = options.maxQueued ?? EVENT_MAX_QUEUED;
  const maxRetries = options.maxRetries ?? EVENT_MAX_RETRIES;
  const retryDelayMs = options.retryDelayMs ?? EVENT_RETRY_DELAY_MS;
  // As client-go, at most 4096 series (the least recently recorded forgotten first), and the buckets
  // and similar Events of at most 4096 objects (client-go: of 4096 keys), the least recently seen first.
  const series = new Map<string, Series>();
  const objects = new Map<string, ObjectRecord>();
  const queue: Pending[] = [];
  /** Events waiting or being written, per object: a caller waits only when its object's are the only ones. */
  const waiting = new Map<string, number>();
  let queued = 0;
  let writing = false;
  let sequence = 0;

  const report = (pending: Pending, error: unknown): void => {
    const { kind, namespace, name } = pending.involvedObject;
    onError(
      new Error(
        `could not record event ${pending.reason} for ${kind ?? 'object'} ${namespace || pending.namespace}/${name}: ${(error as Error).message}`,
      ),
    );
  };

  /** Takes one Event from the object's bucket, if it has one. */
  const allowed = (record: ObjectRecord, now: number): boolean => {
    const tokens = Math.min(spamBurst, record.tokens + Math.max(0, now - record.at) / spamRefillMs);
    const allow = tokens >= 1;
    record.tokens = allow ? tokens - 1 : tokens;
    record.at = Math.max(now, record.at);
    return allow;
  };

  /**
   * The message to write and its series' key: the event's own, or the combined one of its type and
   * reason once 10 different messages came within the window (client-go's EventAggregate).
   */
  let combined = false;
  const aggregate = (record: ObjectRecord, event: RolloutEvent, now: number): string => {
    const similarKey = event.type + SEP + event.reason;
    let similar = record.similar.get(similarKey);
    if (!similar || now - similar.lastSeen > windowMs) {
      similar = { messages: new Set(), lastSeen: now };
      boundedSet(record.similar, REASONS_PER_OBJECT, similarKey, similar);
    }
    similar.messages.add(event.message);
    similar.lastSeen = now;
    combined = similar.messages.size >= aggregateMax;
    if (!combined) return similarKey + SEP + event.message;
    // As client-go, the set never grows past the maximum: one message leaves it.
    const first = similar.messages.values().next().value;
    if (first !== undefined) similar.messages.delete(first);
    return similarKey;
  };

  const finish = (pending: Pending): void => {
    const left = (waiting.get(pending.owner) ?? 1) - 1;
    if (left <= 0) waiting.delete(pending.owner);
    else waiting.set(pending.owner, left);
    pending.done?.();
    pending.done = undefined;
  };

  const create = (pending: Pending): Promise<unknown> => {
    const { namespace, involvedObject, series: written } = pending;
    const body: KubeObject = {
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name: String(written.name), namespace },
      involvedObject,
      reason: pending.reason,
      message: pending.message,
      type: pending.type,
      source: { component: EVENT_SOURCE_COMPONENT },
      reportingComponent: EVENT_SOURCE_COMPONENT,
      firstTimestamp: formatTimestamp(written.first),
      lastTimestamp: pending.at,
      count: pending.count,
    };
    return client.create(coreResources.events, namespace, body);
  };

  /** Writes one Event: a patch of the series' Event, or its create; a create already done counts as written. */
  const write = async (pending: Pending): Promise<void> => {
    if (pending.count > 1) {
      try {
        await client.patch(coreResources.events, pending.namespace, String(pending.series.name), {
          count: pending.count,
          lastTimestamp: pending.at,
          message: pending.message,
        });
        return;
      } catch (error) {
        // Deleted (expired) meanwhile, or its create was dropped: create it below.
        if (!(error instanceof NotFoundError)) throw error;
      }
    }
    try {
      await create(pending);
    } catch (error) {
      // A create tried again after an answer that never came, or another writer of the same name.
      if (!(error instanceof AlreadyExistsError)) throw error;
    }
  };

  const retryLater = (pending: Pending): void => {
    const delay = pending.tries === 1 ? Math.random() * retryDelayMs : retryDelayMs;
    const timer = setTimeout(() => enqueue(pending), delay);
    timer.unref?.();
  };

  const drain = async (): Promise<void> => {
    writing = true;
    for (let pending = queue.shift(); pending !== undefined; pending = queue.shift()) {
      queued -= 1;
      if (pending.tries > 0 && pending.series.enqueued > pending.count) {
        finish(pending);
        continue;
      }
      try {
        await write(pending);
      } catch (error) {
        pending.tries += 1;
        // The connection, 429, 5xx: the same write may pass later.
        if (pending.tries <= maxRetries && isTransient(error)) {
          finish(pending);
          retryLater(pending);
          continue;
        }
        try {
          report(pending, error);
        } catch {
          // A reporter that throws must not stop the queue: every pass waiting on its Events would hang.
        }
      }
      finish(pending);
    }
    writing = false;
  };

  const enqueue = (pending: Pending): void => {
    queue.push(pending);
    queued += 1;
    waiting.set(pending.owner, (waiting.get(pending.owner) ?? 0) + 1);
    if (!writing) void drain();
  };

  return {
    record(object, event, now) {
      options.onRecord?.(object, event);
      const { metadata } = object;
      // As Kubernetes' recorder: the Events of a cluster-scoped object (namespace '') go to namespace default.
      const namespace = metadata.namespace === '' ? 'default' : metadata.namespace;
      const owner = object.apiVersion + SEP + object.kind + SEP + namespace + SEP + metadata.name + SEP + metadata.uid;
      if (queued >= maxQueued) {
        options.onDrop?.(object, event, 'queue full');
        return Promise.resolve();
      }
      let record = objects.get(owner);
      if (record) {
        // The least recently seen object is the first forgotten.
        objects.delete(owner);
        objects.set(owner, record);
      } else {
        record = { tokens: spamBurst, at: now, similar: new Map() };
        boundedSet(objects, cacheSize, owner, record);
      }
      const key = owner + SEP + aggregate(record, event, now);
      const message = combined ? COMBINED_PREFIX + event.message : event.message;
      let known = series.get(key);
      if (!allowed(record, now)) {
        // Counted in its series all the same, as client-go counts before it filters (a series never
        // written is not started for it: its first write is then a create of count 1).
        if (known) known.count += 1;
        options.onDrop?.(object, event, 'too many for one object');
        return Promise.resolve();
      }
      if (known) {
        series.delete(key);
        series.set(key, known);
      } else {
        known = { name: undefined, first: now, count: 0, enqueued: 0 };
        boundedSet(series, cacheSize, key, known);
      }
      known.count += 1;
      known.enqueued = known.count;
      known.name ??= eventName(metadata.name, known.first, sequence++);
      const at = formatTimestamp(now);
      const pending: Pending = {
        namespace,
        involvedObject: {
          apiVersion: object.apiVersion,
          kind: object.kind,
          name: metadata.name,
          namespace: metadata.namespace,
          uid: metadata.uid,
          resourceVersion: metadata.resourceVersion,
        },
        type: event.type,
        reason: event.reason,
        message,
        series: known,
        count: known.count,
        at,
        tries: 0,
        owner,
        done: undefined,
      };
      const othersFirst = waiting.size > 1 || (waiting.size === 1 && !waiting.has(owner));
      if (othersFirst) {
        enqueue(pending);
        return Promise.resolve();
      }
      return new Promise<void>((done) => {
        pending.done = done;
        enqueue(pending);
      });
    },
  };
}
