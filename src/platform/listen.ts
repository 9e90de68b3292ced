// Starts a server listening on a host and port. The failures a user causes (the port is taken,
// the port needs privileges, the address is not one of this machine's) come back as a ListenError
// that says what could not listen, where, and how to fix it, instead of node's bare
// `listen EADDRINUSE: address already in use`.
import type net from 'node:net';

export interface ListenTarget {
  /** What listens, as the error names it: "the metrics server". */
  what: string;
  host: string;
  /** 0: a free port the system picks. */
  port: number;
  /** How to pick another port, as the error ends: "choose another with --metrics-port". */
  portHint?: string;
}

export class ListenError extends Error {
  override name = 'ListenError';
  /** The system's error code: EADDRINUSE, EACCES, EADDRNOTAVAIL, ... */
  readonly code: string | undefined;

  constructor(message: string, code: string | undefined, cause: Error) {
    super(message, { cause });
    this.code = code;
  }
}

/** Listens and resolves with the port listened on (the one picked, for port 0); rejects with a ListenError. */
export function listen(server: net.Server, target: ListenTarget): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException) => {
      server.off('listening', onListening);
      reject(listenError(error, target));
    };
    const onListening = () => {
      server.off('error', onError);
      resolve((server.address() as net.AddressInfo).port);
    };
    server.once('error', onError);
    server.once('listening', onListening);
    try {
      server.listen(target.port, target.host);
    } catch (error) {
      // A port out of range or not a number is refused at once, not through 'error'.
      server.off('error', onError);
      server.off('listening', onListening);
      reject(listenError(error as NodeJS.ErrnoException, target));
    }
  });
}

/** The words for a failure to listen on the target. */
export function listenError(error: NodeJS.ErrnoException, target: ListenTarget): ListenError {
  const address = target.host.includes(':') ? `[${target.host}]` : target.host;
  const where = target.port === 0 ? `${address} (on a free port)` : `${address}:${target.port}`;
  const otherPort = target.portHint ?? 'choose another port';
  let reason: string;
  switch (error.code) {
    case 'EADDRINUSE':
      reason = `the port is in use; ${otherPort}`;
      break;
    case 'EACCES':
      reason = `this user may not listen on port ${target.port}${target.port > 0 && target.port < 1024 ? ' (ports below 1024 need privileges)' : ''}; ${otherPort}`;
      break;
    case 'EADDRNOTAVAIL':
      reason = `${target.host} is not an address of this machine; use one of its addresses (127.0.0.1 for this machine only, 0.0.0.0 for all its interfaces)`;
      break;
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      reason = `cannot resolve the host name "${target.host}"; use an IP address or a name this machine resolves`;
      break;
    default:
      reason = error.message;
  }
  return new ListenError(`${target.what} cannot listen on ${where}: ${reason}`, error.code, error);
}
