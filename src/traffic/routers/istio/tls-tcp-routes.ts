// Which tls and tcp routes carry the weights, matched as Argo Rollouts matches them: a tls route
// is chosen when all its match entries use one port equal to the reference's port (absent = 0) and
// its SNI hosts, taken together, are exactly the reference's `sniHosts`; a tcp route by port alone.
// A route whose match entries name several ports is never chosen.
import type { IstioTLSRoute } from '../../../api/types/traffic-routing.ts';
import type { TrafficProblem } from '../../desired.ts';

interface MatchEntry {
  port?: number;
  sniHosts?: string[];
}

function matchesOf(route: unknown): MatchEntry[] {
  const match = (route as { match?: unknown } | undefined)?.match;
  return Array.isArray(match) ? (match as MatchEntry[]) : [];
}

function singlePort(route: unknown): number | undefined {
  const ports = new Set(matchesOf(route).map((entry) => entry.port ?? 0));
  if (ports.size > 1) return undefined;
  return [...ports][0] ?? 0;
}

function sameSet(a: string[], b: string[]): boolean {
  const left = new Set(a);
  const right = new Set(b);
  return left.size === right.size && [...left].every((value) => right.has(value));
}

function describeTls(ref: IstioTLSRoute): string {
  return `port ${ref.port ?? '(none)'}, sniHosts [${(ref.sniHosts ?? []).join(', ')}]`;
}

export function matchingTlsRoutes(
  tls: unknown[],
  refs: IstioTLSRoute[],
  object: string,
  field: string,
): { indexes: number[]; problems: TrafficProblem[] } {
  const indexes: number[] = [];
  const problems: TrafficProblem[] = [];
  refs.forEach((ref, i) => {
    const found = tls.flatMap((route, index) => {
      const port = singlePort(route);
      if (port === undefined || port !== (ref.port ?? 0)) return [];
      const sni = matchesOf(route).flatMap((entry) => entry.sniHosts ?? []);
      return sameSet(sni, ref.sniHosts ?? []) ? [index] : [];
    });
    if (found.length === 0) {
      problems.push({
        object,
        path: 'spec.tls',
        message: `no tls route matches ${describeTls(ref)} (${field}.tlsRoutes[${i}]): the port and the full list of SNI hosts must be those of one route's match entries`,
      });
    }
    for (const index of found) if (!indexes.includes(index)) indexes.push(index);
  });
  return { indexes, problems };
}

export function matchingTcpRoutes(
  tcp: unknown[],
  refs: Array<{ port?: number }>,
  object: string,
  field: string,
): { indexes: number[]; problems: TrafficProblem[] } {
  const indexes: number[] = [];
  const problems: TrafficProblem[] = [];
  refs.forEach((ref, i) => {
    const found = tcp.flatMap((route, index) => (singlePort(route) === (ref.port ?? 0) ? [index] : []));
    if (found.length === 0) {
      problems.push({
        object,
        path: 'spec.tcp',
        message: `no tcp route matches port ${ref.port ?? '(none)'} (${field}.tcpRoutes[${i}]): the port must be the one of a route's match entries`,
      });
    }
    for (const index of found) if (!indexes.includes(index)) indexes.push(index);
  });
  return { indexes, problems };
}
