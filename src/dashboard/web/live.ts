// Server-sent events as a hook: the latest value of one event, and whether the stream is live.
import { useEffect, useRef, useState } from 'preact/hooks';

export type LiveState = 'connecting' | 'live' | 'reconnecting' | 'closed';

export interface Live<T> {
  value: T | undefined;
  state: LiveState;
  /** Set when the server sent `gone` (the object was deleted). */
  gone: boolean;
}

/**
 * Follows `url`'s `event` events (JSON). EventSource reconnects by itself after a dropped
 * connection; when it gives up (the server refused the stream, e.g. the session ended) `onClosed`
 * is called so the page can check why.
 */
export function useEventStream<T>(url: string | undefined, event: string, onClosed?: () => void): Live<T> {
  const [live, setLive] = useState<Live<T>>({ value: undefined, state: 'connecting', gone: false });
  const closedRef = useRef(onClosed);
  closedRef.current = onClosed;
  useEffect(() => {
    if (!url) return undefined;
    setLive({ value: undefined, state: 'connecting', gone: false });
    const source = new EventSource(url, { withCredentials: true });
    source.addEventListener('open', () => setLive((previous) => ({ ...previous, state: 'live' })));
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
    source.addEventListener('error', () => {
      const closed = source.readyState === EventSource.CLOSED;
      setLive((previous) => ({ ...previous, state: closed ? 'closed' : 'reconnecting' }));
      if (closed) closedRef.current?.();
    });
    return () => source.close();
  }, [url, event]);
  return live;
}
