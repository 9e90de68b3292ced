// Reads a JSON resource again whenever `trigger` changes (a rollout's new state), at most once per
// `gapMs`: a burst of changes gives one read at its start and one after it, never a read per change.
import { useEffect, useRef, useState } from 'preact/hooks';
import { getJson } from './api.ts';

export interface Refreshed<T> {
  value: T | undefined;
  error: string;
}

export function useRefreshedJson<T>(url: string, trigger: unknown, gapMs: number): Refreshed<T> {
  const [state, setState] = useState<Refreshed<T>>({ value: undefined, error: '' });
  const lastStarted = useRef(Number.NEGATIVE_INFINITY);
  const controller = useRef<AbortController | undefined>(undefined);

  useEffect(
    () => () => {
      controller.current?.abort();
    },
    [],
  );
  useEffect(() => {
    const load = () => {
      lastStarted.current = Date.now();
      controller.current ??= new AbortController();
      const { signal } = controller.current;
      getJson<T>(url, signal).then(
        (value) => setState({ value, error: '' }),
        (failure: Error) => {
          if (!signal.aborted) setState((previous) => ({ ...previous, error: failure.message }));
        },
      );
    };
    const timer = setTimeout(load, Math.max(0, lastStarted.current + gapMs - Date.now()));
    return () => clearTimeout(timer);
  }, [url, trigger, gapMs]);
  return state;
}
