// The events on disk: one JSON file per object under `<stateDir>/events/<kind>/`, holding that
// object's events (oldest first), replaced atomically at each new or repeated event, so a runtime
// started after one that stopped or died lists the same events and adds to them.
import { mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { writeFileAtomically } from '../../../platform/write-file-atomically.ts';
import type { LoggedEvent } from '../controller/event-log.ts';

export interface EventPersistence {
  /** Every object's events, by `namespace/name`; `onUnreadable` hears of a file that cannot be read (skipped). */
  load(onUnreadable?: (file: string, reason: string) => void): Map<string, LoggedEvent[]>;
  save(key: string, events: readonly LoggedEvent[]): void;
  remove(key: string): void;
}

/** Namespaces and names are DNS labels and subdomains: they never contain '_' nor '/'. */
const fileNameOf = (key: string): string => `${key.replace('/', '_')}.json`;
const keyOfFile = (file: string): string => file.slice(0, -'.json'.length).replace('_', '/');

export class EventFiles implements EventPersistence {
  readonly dir: string;

  /** `kind`: the folder of one kind's events (`rollouts`, `experiments`). */
  constructor(stateDir: string, kind: string) {
    this.dir = path.join(stateDir, 'events', kind);
    mkdirSync(this.dir, { recursive: true });
  }

  load(onUnreadable?: (file: string, reason: string) => void): Map<string, LoggedEvent[]> {
    const loaded = new Map<string, LoggedEvent[]>();
    for (const entry of readdirSync(this.dir).sort()) {
      if (!entry.endsWith('.json') || !entry.includes('_')) continue;
      const file = path.join(this.dir, entry);
      try {
        const events = JSON.parse(readFileSync(file, 'utf8')) as unknown;
        if (!Array.isArray(events) || !events.every(isLoggedEvent)) throw new Error('not a list of events');
        loaded.set(keyOfFile(entry), events);
      } catch (error) {
        // Events are a record of what happened, not state the runtime needs: an unreadable file
        // costs its events, never the start.
        onUnreadable?.(file, (error as Error).message);
      }
    }
    return loaded;
  }

  save(key: string, events: readonly LoggedEvent[]): void {
    writeFileAtomically(path.join(this.dir, fileNameOf(key)), `${JSON.stringify(events)}\n`);
  }

  remove(key: string): void {
    rmSync(path.join(this.dir, fileNameOf(key)), { force: true });
  }
}

function isLoggedEvent(value: unknown): value is LoggedEvent {
  if (value === null || typeof value !== 'object') return false;
  const event = value as Record<string, unknown>;
  return (
    typeof event['type'] === 'string' &&
    typeof event['reason'] === 'string' &&
    typeof event['message'] === 'string' &&
    typeof event['count'] === 'number' &&
    typeof event['firstTimestamp'] === 'string' &&
    typeof event['lastTimestamp'] === 'string'
  );
}
