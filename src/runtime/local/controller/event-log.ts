// The events of each rollout (or experiment), newest last, as `kubectl describe` would list them:
// Argo's reasons, a count for repeats, first and last time. Bounded (the last MAX_EVENTS per
// object, gone with the object) and, given a persistence, kept on disk at every change and read
// back at start, so a restart of the runtime (even after a SIGKILL) keeps them.
import type { RolloutEvent } from '../../../engine/types.ts';
import { formatTimestamp } from '../../../conventions/timestamps.ts';
import type { EventPersistence } from '../store/event-files.ts';

export interface LoggedEvent extends RolloutEvent {
  count: number;
  firstTimestamp: string;
  lastTimestamp: string;
}

export const MAX_EVENTS = 200;

export class EventLog {
  readonly #events = new Map<string, LoggedEvent[]>();
  readonly #listeners = new Set<(key: string, event: LoggedEvent) => void>();
  readonly #persistence: EventPersistence | undefined;

  /** With a persistence, the events it holds are listed at once (and not announced: they are old). */
  constructor(persistence?: EventPersistence, onUnreadable?: (file: string, reason: string) => void) {
    this.#persistence = persistence;
    for (const [key, events] of persistence?.load(onUnreadable) ?? []) this.#events.set(key, events.slice(-MAX_EVENTS));
  }

  onEvent(listener: (key: string, event: LoggedEvent) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Records an event for the object `namespace/name`; the same event again only counts up. */
  record(key: string, event: RolloutEvent, now: number): void {
    const list = this.#events.get(key) ?? [];
    const at = formatTimestamp(now);
    const last = list.at(-1);
    let logged: LoggedEvent;
    if (last && last.type === event.type && last.reason === event.reason && last.message === event.message) {
      last.count++;
      last.lastTimestamp = at;
      logged = last;
    } else {
      logged = { ...event, count: 1, firstTimestamp: at, lastTimestamp: at };
      list.push(logged);
      if (list.length > MAX_EVENTS) list.splice(0, list.length - MAX_EVENTS);
    }
    this.#events.set(key, list);
    this.#persistence?.save(key, list);
    for (const listener of [...this.#listeners]) listener(key, { ...logged });
  }

  list(key: string): LoggedEvent[] {
    return (this.#events.get(key) ?? []).map((event) => ({ ...event }));
  }

  /** The keys that have events (to forget those of objects gone while no runtime ran). */
  keys(): string[] {
    return [...this.#events.keys()];
  }

  forget(key: string): void {
    this.#events.delete(key);
    this.#persistence?.remove(key);
  }
}
