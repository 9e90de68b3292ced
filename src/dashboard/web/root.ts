// The root path the page is served under ('' or `/rollouts`), as the server wrote it into the
// page's <base href>: the UI's links and API calls are under it, its routes read without it.

/** The little of the DOM this reads (the module is also loaded outside a browser, by the unit tests). */
interface BaseDocument {
  querySelector(selector: 'base'): { getAttribute(name: 'href'): string | null } | null;
}

/** '' outside a browser (the unit tests) or when the page has no <base>. */
export function rootPath(): string {
  const page = (globalThis as { document?: BaseDocument }).document;
  if (page === undefined) return '';
  const href = page.querySelector('base')?.getAttribute('href') ?? '/';
  return href.replace(/\/+$/, '');
}

/** An address of the UI (`/rollouts/shop/web`) under the root path. */
export function underRoot(href: string): string {
  return `${rootPath()}${href}`;
}

/** The UI's own path of a location's pathname (the root path taken off); the pathname itself when outside it. */
export function withoutRoot(pathname: string): string {
  const root = rootPath();
  if (root === '') return pathname;
  if (pathname === root) return '/';
  return pathname.startsWith(`${root}/`) ? pathname.slice(root.length) : pathname;
}
