// The demo's load generator: a steady rate of GET / to the local gateway (loopback only) with the
// VirtualService host in `Host`; a share of the requests carries `x-canary: true`. Every answer's
// color (or the failure: a non-2xx status or a connection error) goes to the tally.
import http from 'node:http';
import type { Sample } from './traffic-tally.ts';

export interface LoadOptions {
  /** The gateway's port on 127.0.0.1. */
  port: number;
  host: string;
  ratePerSecond: number;
  /** Share of requests sent with the header (0..1). */
  headerShare: number;
  header: { name: string; value: string };
  onSample: (sample: Sample) => void;
  /** At most this many requests in flight; beyond it the generator skips a beat rather than queue. */
  maxInFlight?: number;
  timeoutMs?: number;
}

const TICK_MS = 10;

export class LoadGenerator {
  readonly #options: LoadOptions;
  readonly #agent: http.Agent;
  #timer: NodeJS.Timeout | undefined;
  #startedAt = 0;
  #due = 0;
  #sent = 0;
  #inFlight = 0;
  #idle: Array<() => void> = [];

  constructor(options: LoadOptions) {
    this.#options = options;
    this.#agent = new http.Agent({ keepAlive: true, maxSockets: options.maxInFlight ?? 64 });
  }

  get sent(): number {
    return this.#sent;
  }

  start(): void {
    if (this.#timer) return;
    this.#startedAt = Date.now();
    this.#due = 0;
    this.#timer = setInterval(() => this.#tick(), TICK_MS);
  }

  /** Stops sending and resolves once every request in flight has its answer. */
  async stop(): Promise<void> {
    clearInterval(this.#timer);
    this.#timer = undefined;
    if (this.#inFlight > 0) await new Promise<void>((resolve) => this.#idle.push(resolve));
    this.#agent.destroy();
  }

  #tick(): void {
    const target = Math.floor(((Date.now() - this.#startedAt) * this.#options.ratePerSecond) / 1000);
    const maxInFlight = this.#options.maxInFlight ?? 64;
    while (this.#due < target) {
      this.#due++;
      if (this.#inFlight >= maxInFlight) continue;
      this.#send(Math.random() < this.#options.headerShare);
    }
  }

  #send(withHeader: boolean): void {
    const { port, host, header, onSample } = this.#options;
    this.#sent++;
    this.#inFlight++;
    let settled = false;
    const sentAt = Date.now();
    const finish = (sample: Omit<Sample, 'at' | 'sentAt' | 'header'>) => {
      if (settled) return;
      settled = true;
      this.#inFlight--;
      onSample({ sentAt, at: Date.now(), header: withHeader, ...sample });
      if (this.#inFlight === 0) for (const resolve of this.#idle.splice(0)) resolve();
    };
    const headers: Record<string, string> = { host };
    if (withHeader) headers[header.name] = header.value;
    const request = http.request(
      {
        host: '127.0.0.1',
        port,
        path: '/',
        method: 'GET',
        headers,
        agent: this.#agent,
        timeout: this.#options.timeoutMs ?? 10_000,
      },
      (response) => {
        let body = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (body += chunk));
        response.on('error', (error) => finish({ failure: `answer cut: ${error.message}` }));
        response.on('end', () => {
          const status = response.statusCode ?? 0;
          if (status < 200 || status >= 300)
            return finish({ failure: `HTTP ${status}${body ? `: ${body.trim().slice(0, 120)}` : ''}` });
          finish(colorOf(body));
        });
      },
    );
    request.on('timeout', () => request.destroy(new Error('no answer within the timeout')));
    request.on('error', (error) => finish({ failure: `connection error: ${error.message}` }));
    request.end();
  }
}

function colorOf(body: string): { color: string } | { failure: string } {
  try {
    const color = (JSON.parse(body) as { color?: unknown }).color;
    return typeof color === 'string' ? { color } : { failure: `answer without a color: ${body.slice(0, 120)}` };
  } catch {
    return { failure: `answer is not JSON: ${body.slice(0, 120)}` };
  }
}
