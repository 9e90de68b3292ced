// History routing: the current location as a hook, and navigation without a reload.
import { useEffect, useState } from 'preact/hooks';
import { withoutRoot } from './root.ts';

const CHANGE = 'sluice:navigate';

/** `keepFocus`: a filter that changes the address leaves the focus in its field. */
export function navigate(href: string, options: { replace?: boolean; keepFocus?: boolean } = {}): void {
  if (options.replace) history.replaceState(null, '', href);
  else history.pushState(null, '', href);
  window.dispatchEvent(new Event(CHANGE));
  if (!options.replace && !options.keepFocus) {
    window.scrollTo(0, 0);
    // A screen reader starts reading the new page, as after a page load.
    document.getElementById('main')?.focus({ preventScroll: true });
  }
}

export function useLocation(): { pathname: string; search: string } {
  const read = () => ({ pathname: withoutRoot(location.pathname), search: location.search });
  const [current, setCurrent] = useState(read);
  useEffect(() => {
    const update = () => setCurrent(read());
    window.addEventListener('popstate', update);
    window.addEventListener(CHANGE, update);
    return () => {
      window.removeEventListener('popstate', update);
      window.removeEventListener(CHANGE, update);
    };
  }, []);
  return current;
}

/** Sets the page title (`shop · sluice`). */
export function useTitle(title: string): void {
  useEffect(() => {
    document.title = title ? `${title} · sluice` : 'sluice dashboard';
  }, [title]);
}
