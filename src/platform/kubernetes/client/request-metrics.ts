// One record per HTTP request the client sends (each retry too), for the controller's
// controller_clientset_k8s_request_total{kind,namespace,name,verb,status_code}. The verb
// and kind follow that metric's conventions: verb is Get/List/Watch/Create/Update/Patch/Delete,
// kind is the plural resource name as it appears in the URL.

export type MetricVerb = 'Get' | 'List' | 'Watch' | 'Create' | 'Update' | 'Patch' | 'Delete' | 'Unknown';

export interface RequestRecord {
  verb: MetricVerb;
  /** Plural resource, e.g. "rollouts", "replicasets". */
  kind: string;
  /** "" for cluster-scoped requests and lists across namespaces. */
  namespace: string;
  /** "" for lists, watches and creates. */
  name: string;
  /** HTTP status code; 0 when no answer came (connection error, timeout). */
  statusCode: number;
  durationMs: number;
}

export type RequestObserver = (record: RequestRecord) => void;

export function metricVerb(method: string, hasName: boolean, watch: boolean): MetricVerb {
  if (watch) return 'Watch';
  switch (method) {
    case 'GET':
      return hasName ? 'Get' : 'List';
    case 'POST':
      return 'Create';
    case 'PUT':
      return 'Update';
    case 'PATCH':
      return 'Patch';
    case 'DELETE':
      return 'Delete';
    default:
      return 'Unknown';
  }
}

/** A ready-made observer that counts requests by their labels (the controller may use its own). */
export class RequestCounter {
  readonly #counts = new Map<string, { labels: Omit<RequestRecord, 'durationMs'>; count: number }>();

  readonly observe: RequestObserver = (record) => {
    const labels = {
      verb: record.verb,
      kind: record.kind,
      namespace: record.namespace,
      name: record.name,
      statusCode: record.statusCode,
    };
    const key = JSON.stringify(labels);
    const entry = this.#counts.get(key);
    if (entry) entry.count += 1;
    else this.#counts.set(key, { labels, count: 1 });
  };

  entries(): { labels: Omit<RequestRecord, 'durationMs'>; count: number }[] {
    return [...this.#counts.values()].map((entry) => ({ labels: { ...entry.labels }, count: entry.count }));
  }

  /** Total of the requests matching every given label. */
  total(match: Partial<Omit<RequestRecord, 'durationMs'>> = {}): number {
    let sum = 0;
    for (const { labels, count } of this.#counts.values()) {
      const matches = Object.entries(match).every(([key, value]) => labels[key as keyof typeof labels] === value);
      if (matches) sum += count;
    }
    return sum;
  }
}
