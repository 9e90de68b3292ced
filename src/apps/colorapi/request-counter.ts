// http_requests_total{version, code, path} and http_requests_in_flight{version} (requests to `/`
// being answered) in Prometheus' text exposition format.

export class RequestCounter {
  readonly #version: string;
  readonly #counts = new Map<string, { code: number; path: string; count: number }>();
  inFlight = 0;

  constructor(version: string) {
    this.#version = version;
  }

  record(code: number, path: string): void {
    const key = `${code} ${path}`;
    const entry = this.#counts.get(key) ?? { code, path, count: 0 };
    entry.count++;
    this.#counts.set(key, entry);
  }

  exposition(): string {
    const lines = [
      '# HELP http_requests_total Total HTTP requests served, by version, status code and path.',
      '# TYPE http_requests_total counter',
    ];
    for (const { code, path, count } of this.#counts.values()) {
      lines.push(`http_requests_total{version="${this.#version}",code="${code}",path="${path}"} ${count}`);
    }
    lines.push(
      '# HELP http_requests_in_flight Requests to / being answered now.',
      '# TYPE http_requests_in_flight gauge',
    );
    lines.push(`http_requests_in_flight{version="${this.#version}"} ${this.inFlight}`);
    return `${lines.join('\n')}\n`;
  }
}
