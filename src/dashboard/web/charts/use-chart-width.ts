// The width a chart has on the page, so its SVG is drawn at that size (its text stays legible on a
// phone instead of being scaled down with a fixed viewBox).
import type { RefObject } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';

const FALLBACK = 640;

export function useChartWidth(): [RefObject<HTMLDivElement | null>, number] {
  const ref = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(FALLBACK);
  useEffect(() => {
    const element = ref.current;
    if (!element) return undefined;
    const measure = () => {
      const next = Math.round(element.clientWidth);
      if (next > 0) setWidth(Math.max(240, next));
    };
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(element);
    return () => observer.disconnect();
  }, []);
  return [ref, width];
}
