// Server-sent events as a hook: the latest value of one event, and whether the stream is live.
import { useEffect, useState } from 'preact/hooks';
import { ApiFailure, apiErrorMessage, apiErrorStatus, getJson } from './api.ts';

export type LiveState = 'connecting' | 'live' | 'reconnecting' | 'closed';

export interface Live<T> {
  value: T | undefined;
  state: LiveState;
  /** Set when the server sent `gone` (the object was deleted). */
  gone: boolean;
  /** Why the stream was refused (the server's message), when it was. */
  error?: string;
}

const RETRY_MS = 3000;

/**
 * Follows `url`'s `event` events (JSON). EventSource reconnects by itself after a dropped
 * connection. When the server refuses the stream instead (an HTTP error: the session ended, the
 * object does not exist, RBAC), the same data is read once from `readUrl` to learn why: its
 * ApiError's message is shown (a 401 brings the login page), and the stream is tried again later
 * unless the refusal is final (403, 404).
 */
export function useEventStream<T>(url: string, event: string, readUrl: string): Live<T> {
  const [live, setLive] = useState<Live<T>>({ value: undefined, state: 'connecting', gone: false });
  const [attempt, setAttempt] = useState(0);
  useEffect(() => {
    let disposed = false;
    let retry: ReturnType<typeof setTimeout> | undefined;
    const source = new EventSource(url, { withCredentials: true });
    source.addEventListener('open', () => setLive((previous) => ({ ...previous, state: 'live', error: undefined })));
    source.addEventListener(event, (message: MessageEvent<string>) => {
      let value: T;
      try {
        value = JSON.parse(message.data) as T; // the stream's events follow the contract
      } catch {
        return;
      }
      setLive({ value, state: 'live', gone: false });
    });
    source.addEventListener('gone', () => setLive((previous) => ({ ...previous, gone: true })));
    source.addEventListener('error', (happened: Event) => {
      // The server's own `error` event (an ApiError) says why it ended the stream; the browser then reconnects.
      if (happened instanceof MessageEvent && typeof happened.data === 'string') {
        const message = apiErrorMessage(happened.data);
        // Access revoked while the stream was open: what it showed is no longer this user's to see.
        const revoked = apiErrorStatus(happened.data) === 403;
        setLive((previous) => ({
          ...previous,
          state: 'reconnecting',
          ...(revoked ? { value: undefined } : {}),
          ...(message ? { error: message } : {}),
        }));
        return;
      }
      if (source.readyState !== EventSource.CLOSED) {
        setLive((previous) => ({ ...previous, state: 'reconnecting' }));
        return;
      }
      getJson<T>(readUrl).then(
        (value) => {
          if (disposed) return;
          setLive((previous) => ({ ...previous, value, state: 'reconnecting', error: undefined }));
          retry = setTimeout(() => setAttempt((count) => count + 1), RETRY_MS);
        },
        (failure: Error) => {
          if (disposed) return;
          const final = failure instanceof ApiFailure && (failure.status === 403 || failure.status === 404);
          const forbidden = failure instanceof ApiFailure && failure.status === 403;
          setLive((previous) => ({
            ...previous,
            ...(forbidden ? { value: undefined } : {}),
            state: final ? 'closed' : 'reconnecting',
            error: failure.message,
          }));
          if (!final) retry = setTimeout(() => setAttempt((count) => count + 1), RETRY_MS);
        },
      );
    });
    return () => {
      disposed = true;
      if (retry) clearTimeout(retry);
      source.close();
    };
  }, [url, event, readUrl, attempt]);
  // A new address starts over.
  useEffect(() => {
    setLive({ value: undefined, state: 'connecting', gone: false });
  }, [url]);
  return live;
}
