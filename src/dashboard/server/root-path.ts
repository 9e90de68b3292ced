// The path prefix the dashboard is served under (`--root-path rollouts`: its pages, assets, API and
// streams all under /rollouts/), for an Ingress or a proxy that routes one sub-path of a host to it.
// Argo's `kubectl argo rollouts dashboard --root-path` serves its pages so (default `rollouts`);
// sluice puts the API under the prefix too, so one path routes everything.

const SEGMENT = /^[A-Za-z0-9._~-]+$/;

/**
 * `rollouts`, `/rollouts/`, `/a/b` as `/rollouts`, `/a/b`; empty or `/` as '' (served at the root).
 * Throws an Error naming the flag for a value that is not a plain path.
 */
export function normalizeRootPath(value: string, flag = '--root-path'): string {
  const segments = value
    .trim()
    .split('/')
    .filter((segment) => segment !== '');
  for (const segment of segments)
    if (!SEGMENT.test(segment) || segment === '.' || segment === '..')
      throw new Error(
        `${flag} takes a URL path such as rollouts or /tools/rollouts (letters, digits, '-', '.', '_', '~' between slashes), not "${value}"`,
      );
  return segments.length === 0 ? '' : `/${segments.join('/')}`;
}

/** Puts the root path into the page's `<base href>`, which the UI's asset URLs and its own links and API calls follow. */
export function withBaseHref(html: string, rootPath: string): string {
  const base = `<base href="${rootPath}/" />`;
  if (/<base href="[^"]*"\s*\/?>/.test(html)) return html.replace(/<base href="[^"]*"\s*\/?>/, base);
  // A page built without one (another UI given as the static directory) gets it first in its head.
  if (/<head[^>]*>/i.test(html)) return html.replace(/<head[^>]*>/i, (head) => `${head}${base}`);
  return rootPath === '' ? html : `${base}${html}`;
}
