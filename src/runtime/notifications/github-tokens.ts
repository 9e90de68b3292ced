// GitHub App installation tokens, kept as ghinstallation keeps them: one per app and installation
// (and API base and key), reused until a minute before the `expires_at` GitHub answered, then asked
// for again. An answer without a valid `expires_at` is not kept. Concurrent sends needing the same
// token share one request. A token GitHub refuses (401: revoked, the App's key rotated, the
// installation removed) is forgotten, so the next send asks for a new one.
import { createHash } from 'node:crypto';
import type { GitHubAppRequest } from '../../notifications/services/github.ts';

/** ghinstallation refreshes a token this long before it expires. */
export const REFRESH_BEFORE_EXPIRY_MS = 60_000;

export interface InstallationToken {
  token: string;
  /** When GitHub said it expires (ms since the epoch), or undefined when it did not say. */
  expiresAt: number | undefined;
}

export class GitHubInstallationTokens {
  private readonly kept = new Map<string, { token: string; refreshAt: number }>();
  private readonly asking = new Map<string, Promise<InstallationToken>>();
  private readonly now: () => number;

  constructor(now: () => number = Date.now) {
    this.now = now;
  }

  /** The installation token of `request`'s app and installation: the kept one, or one `ask` gets. */
  async token(request: GitHubAppRequest, ask: () => Promise<InstallationToken>): Promise<string> {
    const key = keyOf(request);
    const kept = this.kept.get(key);
    if (kept && this.now() < kept.refreshAt) return kept.token;
    this.kept.delete(key);
    let pending = this.asking.get(key);
    if (!pending) {
      pending = ask().finally(() => this.asking.delete(key));
      this.asking.set(key, pending);
    }
    const answer = await pending;
    if (answer.expiresAt !== undefined) {
      const refreshAt = answer.expiresAt - REFRESH_BEFORE_EXPIRY_MS;
      if (this.now() < refreshAt) this.kept.set(key, { token: answer.token, refreshAt });
    }
    return answer.token;
  }

  /** Forgets `token` of `request`'s app and installation, if it is the one kept (not a newer one). */
  forget(request: GitHubAppRequest, token: string): void {
    const key = keyOf(request);
    if (this.kept.get(key)?.token === token) this.kept.delete(key);
  }
}

function keyOf(request: GitHubAppRequest): string {
  return [request.tokenRequest.url, request.appId, createHash('sha256').update(request.privateKey).digest('hex')].join(
    '\0',
  );
}
