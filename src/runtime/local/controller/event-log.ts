// The events of each rollout, newest last, as `kubectl describe` would list them: Argo's reasons,
// a count for repeats, first and last time. Kept in memory and bounded.
import type { RolloutEvent } from '../../../engine/types.ts';
import { formatTimestamp } from '../../../conventions/timestamps.ts';

export interface LoggedEvent extends RolloutEvent {
  count: number;
  firstTimestamp: string;
  lastTimestamp: string;
}

const MAX_EVENTS = 200;

export class EventLog {
  readonly #events = new Map<string, LoggedEvent[]>();
  readonly #listeners = new Set<(key: string, event: LoggedEvent) => void>();

  onEvent(listener: (key: string, event: LoggedEvent) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Records an event for the rollout `namespace/name`; the same event again only counts up. */
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
    for (const listener of [...this.#listeners]) listener(key, logged);
  }

  list(key: string): LoggedEvent[] {
    return (this.#events.get(key) ?? []).map((event) => ({ ...event }));
  }

  forget(key: string): void {
    this.#events.delete(key);
  }
}
