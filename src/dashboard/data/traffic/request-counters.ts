// Istio's request counter (`istio_requests_total`), read from a Prometheus text exposition (the
// local mesh's /stats/prometheus, as Envoy serves it): requests and 5xx answers per destination
// workload, counted as the answering side reports them (reporter="destination"), so a request that
// crossed a sidecar on both sides is counted once.

export interface RequestCount {
  requests: number;
  /** Answers with a 5xx status. */
  errors: number;
}

/** `namespace/workload` → its counts. */
export type RequestCounters = Map<string, RequestCount>;

const METRIC = 'istio_requests_total';

/** The labels of a sample line `name{a="x",b="y\"z"} 12`, or undefined when the line is not one. */
export function sampleOf(line: string): { name: string; labels: Record<string, string>; value: number } | undefined {
  const brace = line.indexOf('{');
  if (brace === -1) {
    const [name, value] = line.trim().split(/\s+/);
    if (!name || value === undefined) return undefined;
    return { name, labels: {}, value: Number(value) };
  }
  const name = line.slice(0, brace);
  const labels: Record<string, string> = {};
  let i = brace + 1;
  while (i < line.length && line[i] !== '}') {
    const eq = line.indexOf('=', i);
    if (eq === -1 || line[eq + 1] !== '"') return undefined;
    const key = line.slice(i, eq).trim();
    let value = '';
    let j = eq + 2;
    for (; j < line.length && line[j] !== '"'; j++) {
      if (line[j] === '\\' && j + 1 < line.length) {
        j++;
        value += line[j] === 'n' ? '\n' : line[j];
      } else value += line[j];
    }
    labels[key] = value;
    i = j + 1;
    if (line[i] === ',') i++;
  }
  const value = Number(
    line
      .slice(i + 1)
      .trim()
      .split(/\s+/)[0],
  );
  return { name, labels, value };
}

export function requestCounters(exposition: string): RequestCounters {
  const counters: RequestCounters = new Map();
  for (const line of exposition.split('\n')) {
    if (!line.startsWith(`${METRIC}{`)) continue;
    const sample = sampleOf(line);
    if (!sample || !Number.isFinite(sample.value) || sample.labels['reporter'] !== 'destination') continue;
    const key = `${sample.labels['destination_workload_namespace'] ?? ''}/${sample.labels['destination_workload'] ?? ''}`;
    const count = counters.get(key) ?? { requests: 0, errors: 0 };
    count.requests += sample.value;
    if ((sample.labels['response_code'] ?? '').startsWith('5')) count.errors += sample.value;
    counters.set(key, count);
  }
  return counters;
}
