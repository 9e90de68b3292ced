// The dashboard's addresses (history routing; the server answers index.html for any other path):
//   /                                   the rollouts of the session's default namespace
//   /?namespace=NS                      the rollouts of one namespace (`*`: every namespace)
//   &q=WORDS                            the list's search
//   /rollouts/NS/NAME                   a rollout
//   /rollouts/NS/NAME/analysisruns/RUN  one analysis run of it
import { underRoot } from './root.ts';

export type Route =
  /** namespace: '' for every namespace, undefined for the session's default one. */
  | { page: 'list'; namespace: string | undefined; query?: string }
  | { page: 'rollout'; namespace: string; name: string }
  | { page: 'analysisrun'; namespace: string; rollout: string; name: string }
  | { page: 'not-found'; path: string };

/** The namespace parameter that means every namespace (no namespace can be named so). */
const ALL = '*';

export function parseRoute(pathname: string, search: string): Route {
  const parts = pathname
    .split('/')
    .filter((part) => part !== '')
    .map(decodeSegment);
  if (parts.length === 0) {
    const params = new URLSearchParams(search);
    const namespace = params.get('namespace') ?? undefined;
    const query = params.get('q') ?? '';
    return {
      page: 'list',
      namespace: namespace === ALL ? '' : namespace || undefined,
      ...(query ? { query } : {}),
    };
  }
  const [head, namespace, name, sub, run] = parts;
  if (head === 'rollouts' && namespace && name) {
    if (parts.length === 3) return { page: 'rollout', namespace, name };
    if (parts.length === 5 && sub === 'analysisruns' && run)
      return { page: 'analysisrun', namespace, rollout: name, name: run };
  }
  return { page: 'not-found', path: pathname };
}

/** The address of a route, under the root path the page is served under. */
export function routeHref(route: Route): string {
  return underRoot(routePath(route));
}

/** The address of a route inside the UI (without the root path). */
export function routePath(route: Route): string {
  switch (route.page) {
    case 'list': {
      const params = new URLSearchParams();
      if (route.namespace !== undefined) params.set('namespace', route.namespace === '' ? ALL : route.namespace);
      if (route.query) params.set('q', route.query);
      const search = params.toString().replace('namespace=%2A', `namespace=${ALL}`);
      return search ? `/?${search}` : '/';
    }
    case 'rollout':
      return `/rollouts/${encodeURIComponent(route.namespace)}/${encodeURIComponent(route.name)}`;
    case 'analysisrun':
      return `/rollouts/${encodeURIComponent(route.namespace)}/${encodeURIComponent(route.rollout)}/analysisruns/${encodeURIComponent(route.name)}`;
    case 'not-found':
      return route.path;
  }
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/** The token in an address's fragment (`#token=...`, as `sluice dashboard` prints it), if any. */
export function tokenFromHash(hash: string): string | undefined {
  const token = new URLSearchParams(hash.replace(/^#/, '')).get('token');
  return token ? token : undefined;
}
