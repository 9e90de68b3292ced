// A minimal stand-in for a Service listener in tests: an HTTP forwarder on loopback that follows
// the endpoint feed (ready, non-terminating pods whose labels match), spreads requests round-robin
// and reports what is in flight per pod, so stopping pods can drain.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { DrainTracker, PodEndpoints } from '../../../../src/runtime/local/pods/pod-endpoints.ts';
import type { PodEndpoint } from '../../../../src/runtime/local/services/endpoint-source.ts';

export class EndpointForwarder implements DrainTracker {
  readonly served = new Map<string, number>();
  readonly #selector: Record<string, string>;
  readonly #targets = new Map<string, PodEndpoint>();
  readonly #inFlight = new Map<string, number>();
  readonly #idleWaiters = new Map<string, Array<() => void>>();
  readonly #agent = new http.Agent({ keepAlive: true });
  readonly #server = http.createServer((request, response) => this.#forward(request, response));
  readonly #unsubscribe: Array<() => void> = [];
  #next = 0;

  constructor(endpoints: PodEndpoints, selector: Record<string, string>) {
    this.#selector = selector;
    this.#unsubscribe.push(endpoints.subscribe((event) => this.#update(event.endpoint), { replay: true }));
    this.#unsubscribe.push(endpoints.addDrainTracker(this));
  }

  async listen(): Promise<number> {
    await new Promise<void>((resolve) => this.#server.listen(0, '127.0.0.1', resolve));
    return (this.#server.address() as AddressInfo).port;
  }

  async close(): Promise<void> {
    for (const unsubscribe of this.#unsubscribe) unsubscribe();
    this.#agent.destroy();
    this.#server.closeAllConnections();
    await new Promise((resolve) => this.#server.close(resolve));
  }

  inFlight(pod: string): number {
    return this.#inFlight.get(pod) ?? 0;
  }

  targets(): string[] {
    return [...this.#targets.keys()];
  }

  whenIdle(_namespace: string, pod: string, signal: AbortSignal): Promise<void> {
    if ((this.#inFlight.get(pod) ?? 0) === 0) return Promise.resolve();
    return new Promise((resolve) => {
      const waiters = this.#idleWaiters.get(pod) ?? [];
      waiters.push(resolve);
      this.#idleWaiters.set(pod, waiters);
      signal.addEventListener('abort', () => resolve(), { once: true });
    });
  }

  #update(endpoint: PodEndpoint): void {
    const selected = Object.entries(this.#selector).every(([key, value]) => endpoint.labels[key] === value);
    if (selected && endpoint.ready && !endpoint.terminating) this.#targets.set(endpoint.pod, endpoint);
    else this.#targets.delete(endpoint.pod);
  }

  #forward(request: http.IncomingMessage, response: http.ServerResponse): void {
    const targets = [...this.#targets.values()];
    const target = targets[this.#next++ % Math.max(1, targets.length)];
    const port = target?.ports[0]?.port;
    if (!target || port === undefined) {
      response.writeHead(503).end('no ready endpoint\n');
      return;
    }
    const pod = target.pod;
    this.#inFlight.set(pod, (this.#inFlight.get(pod) ?? 0) + 1);
    let done = false;
    const finish = (): void => {
      if (done) return;
      done = true;
      const left = (this.#inFlight.get(pod) ?? 1) - 1;
      this.#inFlight.set(pod, left);
      if (left === 0) for (const wake of this.#idleWaiters.get(pod)?.splice(0) ?? []) wake();
    };
    const upstream = http.request(
      {
        host: target.ip,
        port,
        path: request.url,
        method: request.method,
        headers: request.headers,
        agent: this.#agent,
      },
      (answer) => {
        this.served.set(pod, (this.served.get(pod) ?? 0) + 1);
        response.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(response);
        answer.on('end', finish);
        answer.on('error', finish);
      },
    );
    upstream.on('error', (error) => {
      finish();
      if (!response.headersSent) response.writeHead(502).end(`upstream ${pod}: ${error.message}\n`);
      else response.destroy(error);
    });
    request.pipe(upstream);
  }
}
