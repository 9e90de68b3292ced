// Keep-alive TCP connections to HTTP servers, pooled per address. A connection has one set of socket
// listeners for its whole life, which pass events to whoever uses it at the moment, so taking and
// returning one costs no listener churn. Idle connections are kept newest first, at most
// `maxIdlePerAddress` per address, and closed after `idleTimeoutMs` (shorter than node servers' 5 s
// keep-alive timeout, so the server rarely closes one just as it is reused). A connection that sends
// bytes or closes while idle is dropped.
import net from 'node:net';

export interface ConnectionUser {
  data(chunk: Buffer): void;
  /** The connection ended, failed or was closed; `error` is undefined for a clean end by the peer. */
  closed(error: NodeJS.ErrnoException | undefined): void;
}

export interface ConnectionPoolOptions {
  maxIdlePerAddress?: number;
  idleTimeoutMs?: number;
  connectTimeoutMs?: number;
}

export class UpstreamConnection {
  readonly socket: net.Socket;
  readonly host: string;
  readonly port: number;
  user: ConnectionUser | undefined;
  /** Exchanges started on this connection; above 1, the connection is a reused one. */
  uses = 0;
  idleSince = 0;

  constructor(socket: net.Socket, host: string, port: number) {
    this.socket = socket;
    this.host = host;
    this.port = port;
  }
}

export class ConnectionPool {
  /** Idle connections by port, then host (no address string to build per request). */
  readonly #idle = new Map<number, Map<string, UpstreamConnection[]>>();
  readonly #maxIdle: number;
  readonly #idleTimeoutMs: number;
  readonly #connectTimeoutMs: number;
  #sweeper: NodeJS.Timeout | undefined;
  #closed = false;

  constructor(options: ConnectionPoolOptions = {}) {
    this.#maxIdle = options.maxIdlePerAddress ?? 256;
    this.#idleTimeoutMs = options.idleTimeoutMs ?? 4_000;
    this.#connectTimeoutMs = options.connectTimeoutMs ?? 10_000;
  }

  /** An idle connection to host:port, else a new one (connecting); `user` gets its events. */
  acquire(host: string, port: number, user: ConnectionUser): UpstreamConnection {
    const idle = this.#idle.get(port)?.get(host);
    let connection = idle?.pop();
    while (connection && connection.socket.destroyed) connection = idle?.pop();
    connection ??= this.#connect(host, port);
    connection.user = user;
    connection.uses++;
    return connection;
  }

  /** Gives a connection whose exchange is complete back for reuse. */
  release(connection: UpstreamConnection): void {
    connection.user = undefined;
    const { socket } = connection;
    if (this.#closed || socket.destroyed || socket.readyState !== 'open') {
      socket.destroy();
      return;
    }
    const idle = this.#idleList(connection);
    if (idle.length >= this.#maxIdle) {
      socket.destroy();
      return;
    }
    if (socket.isPaused()) socket.resume();
    connection.idleSince = performance.now();
    idle.push(connection);
    this.#sweeper ??= setInterval(() => this.#sweep(), Math.max(250, this.#idleTimeoutMs / 2)).unref();
  }

  /** Closes a connection that cannot be reused (error, aborted exchange, protocol trouble). */
  discard(connection: UpstreamConnection): void {
    connection.user = undefined;
    connection.socket.destroy();
  }

  /** Number of idle connections (for tests). */
  idleCount(): number {
    let count = 0;
    for (const byHost of this.#idle.values()) for (const idle of byHost.values()) count += idle.length;
    return count;
  }

  #idleList(connection: UpstreamConnection): UpstreamConnection[] {
    let byHost = this.#idle.get(connection.port);
    if (!byHost) {
      byHost = new Map();
      this.#idle.set(connection.port, byHost);
    }
    let idle = byHost.get(connection.host);
    if (!idle) {
      idle = [];
      byHost.set(connection.host, idle);
    }
    return idle;
  }

  close(): void {
    this.#closed = true;
    if (this.#sweeper) clearInterval(this.#sweeper);
    this.#sweeper = undefined;
    for (const byHost of this.#idle.values())
      for (const idle of byHost.values()) for (const connection of idle) connection.socket.destroy();
    this.#idle.clear();
  }

  #connect(host: string, port: number): UpstreamConnection {
    const socket = net.connect({ host, port, noDelay: true });
    const connection = new UpstreamConnection(socket, host, port);
    socket.setTimeout(this.#connectTimeoutMs, () => {
      const error: NodeJS.ErrnoException = new Error(`connect to ${host}:${port} timed out`);
      error.code = 'ETIMEDOUT';
      socket.destroy(error);
    });
    socket.once('connect', () => socket.setTimeout(0));
    socket.on('data', (chunk: Buffer) => {
      if (connection.user) connection.user.data(chunk);
      else this.#drop(connection);
    });
    socket.on('end', () => this.#lost(connection, undefined));
    socket.on('error', (error: NodeJS.ErrnoException) => this.#lost(connection, error));
    socket.on('close', () => this.#lost(connection, undefined));
    return connection;
  }

  #lost(connection: UpstreamConnection, error: NodeJS.ErrnoException | undefined): void {
    const user = connection.user;
    if (!user) {
      this.#drop(connection);
      return;
    }
    connection.user = undefined;
    connection.socket.destroy();
    user.closed(error);
  }

  #drop(connection: UpstreamConnection): void {
    connection.socket.destroy();
    const idle = this.#idle.get(connection.port)?.get(connection.host);
    const at = idle ? idle.indexOf(connection) : -1;
    if (at >= 0) idle!.splice(at, 1);
  }

  #sweep(): void {
    const oldest = performance.now() - this.#idleTimeoutMs;
    for (const [port, byHost] of this.#idle) {
      for (const [host, idle] of byHost) {
        // Newest last: the stale ones are at the front.
        let stale = 0;
        while (stale < idle.length && idle[stale]!.idleSince <= oldest) idle[stale++]!.socket.destroy();
        if (stale > 0) idle.splice(0, stale);
        if (idle.length === 0) byHost.delete(host);
      }
      if (byHost.size === 0) this.#idle.delete(port);
    }
    if (this.#idle.size === 0 && this.#sweeper) {
      clearInterval(this.#sweeper);
      this.#sweeper = undefined;
    }
  }
}
