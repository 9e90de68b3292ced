// The dashboard's server-side sessions: an opaque id (the session cookie) for the identity a login
// token was reviewed as, and the token itself, so that it can be reviewed again. A session ends at
// its fixed lifetime, on logout, or when its token no longer passes review; their number is bounded
// (when full, the session created first goes).
import { randomBytes } from 'node:crypto';
import type { ReviewedUser } from './token-review.ts';

export interface SessionRecord {
  user: ReviewedUser;
  token: string;
  createdAt: number;
  expiresAt: number;
  /** When the token was last reviewed. */
  reviewedAt: number;
}

export class SessionStore {
  readonly #sessions = new Map<string, SessionRecord>();
  readonly #lifetimeMs: number;
  readonly #maxSessions: number;
  readonly #now: () => number;
  readonly #newId: () => string;

  constructor(options: { lifetimeMs: number; maxSessions: number; now: () => number; newId?: () => string }) {
    this.#lifetimeMs = options.lifetimeMs;
    this.#maxSessions = options.maxSessions;
    this.#now = options.now;
    this.#newId = options.newId ?? (() => randomBytes(32).toString('base64url'));
  }

  get size(): number {
    return this.#sessions.size;
  }

  create(user: ReviewedUser, token: string): string {
    const now = this.#now();
    for (const [id, session] of this.#sessions) if (session.expiresAt <= now) this.#sessions.delete(id);
    while (this.#sessions.size >= this.#maxSessions)
      this.#sessions.delete(this.#sessions.keys().next().value as string);
    const id = this.#newId();
    this.#sessions.set(id, { user, token, createdAt: now, expiresAt: now + this.#lifetimeMs, reviewedAt: now });
    return id;
  }

  /** The session while it lasts. */
  get(id: string): SessionRecord | undefined {
    const session = this.#sessions.get(id);
    if (!session) return undefined;
    if (session.expiresAt <= this.#now()) {
      this.#sessions.delete(id);
      return undefined;
    }
    return session;
  }

  reviewed(id: string): void {
    const session = this.#sessions.get(id);
    if (session) session.reviewedAt = this.#now();
  }

  end(id: string): void {
    this.#sessions.delete(id);
  }
}

/** The value of cookie `name` in a Cookie header, or undefined. */
export function cookieValue(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq === -1) continue;
    if (part.slice(0, eq).trim() !== name) continue;
    const value = part.slice(eq + 1).trim();
    return value === '' ? undefined : value;
  }
  return undefined;
}

/** The token of an `Authorization: Bearer TOKEN` header, or undefined. */
export function bearerToken(header: string | undefined): string | undefined {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  return match?.[1];
}
