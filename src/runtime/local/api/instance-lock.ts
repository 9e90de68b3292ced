// One runtime per state directory, with a lock a dead process cannot hold: a listening Unix socket.
// On Linux it lives in the abstract namespace (a name starting with "\0", derived from the state
// directory's real path), which the kernel releases the moment its holder dies, even by SIGKILL and
// before the parent reaps it. Elsewhere it is `<stateDir>/runtime.sock`, and a socket file nobody
// listens on (connection refused) is stale and taken over. The holder answers every connection with
// what it is (pid, API address), so the refusal can name the running instance.
import { createHash } from 'node:crypto';
import { realpathSync, rmSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import process from 'node:process';
import { setTimeout as delay } from 'node:timers/promises';

export interface LockHolder {
  pid?: number;
  apiUrl?: string;
}

export interface InstanceLock {
  /** What the holder tells a runtime that finds the lock taken. */
  describe(holder: LockHolder): void;
  release(): Promise<void>;
}

const PROBE_TIMEOUT_MS = 2_000;
/** How long a holder that does not answer (a process being torn down) is waited for. */
const DYING_HOLDER_WAIT_MS = 5_000;

/** Where the lock of a state directory lives (the state directory must exist). */
export function lockAddress(stateDir: string, platform: NodeJS.Platform = process.platform): string {
  if (platform === 'linux')
    return `\0sluice-run-${createHash('sha256').update(realpathSync(stateDir)).digest('hex').slice(0, 40)}`;
  return path.join(stateDir, 'runtime.sock');
}

/** Takes the lock, or says who holds it. */
export async function acquireInstanceLock(stateDir: string): Promise<{ lock: InstanceLock } | { heldBy: LockHolder }> {
  const address = lockAddress(stateDir);
  let holder: LockHolder = { pid: process.pid };
  const server = net.createServer((socket) => {
    socket.on('error', () => undefined);
    socket.end(`${JSON.stringify(holder)}\n`);
  });
  server.unref();
  const deadline = Date.now() + DYING_HOLDER_WAIT_MS;
  for (let staleRemoved = false; ; ) {
    const error = await listen(server, address);
    if (!error) {
      return {
        lock: {
          describe: (next) => void (holder = { ...next }),
          release: () => new Promise<void>((resolve) => server.close(() => resolve())),
        },
      };
    }
    if (error.code !== 'EADDRINUSE') throw error;
    const probe = await probeHolder(address);
    if (probe === 'stale' && !staleRemoved) {
      // A socket file left by a holder that died (not on Linux, where nothing is left behind).
      if (!address.startsWith('\0')) rmSync(address, { force: true });
      staleRemoved = true;
      continue;
    }
    // A live holder says who it is. One that accepts but says nothing is dying (killed, its threads
    // still ending, so its sockets are not closed yet): the lock is free a moment later.
    if (probe !== 'stale' && probe.pid !== undefined) return { heldBy: probe };
    if (Date.now() > deadline) return { heldBy: probe === 'stale' ? {} : probe };
    await delay(50);
  }
}

function listen(server: net.Server, address: string): Promise<NodeJS.ErrnoException | undefined> {
  return new Promise((resolve) => {
    const onError = (error: NodeJS.ErrnoException) => resolve(error);
    server.once('error', onError);
    server.listen(address, () => {
      server.off('error', onError);
      resolve(undefined);
    });
  });
}

/** What the holder says about itself; 'stale' when nobody listens. */
function probeHolder(address: string): Promise<LockHolder | 'stale'> {
  return new Promise((resolve) => {
    let text = '';
    const socket = net.connect(address);
    const timer = setTimeout(() => socket.destroy(), PROBE_TIMEOUT_MS);
    socket.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
    socket.on('error', (error: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      resolve(error.code === 'ECONNREFUSED' || error.code === 'ENOENT' ? 'stale' : {});
    });
    socket.on('close', () => {
      clearTimeout(timer);
      try {
        const parsed = JSON.parse(text) as LockHolder;
        resolve({
          ...(typeof parsed.pid === 'number' ? { pid: parsed.pid } : {}),
          ...(typeof parsed.apiUrl === 'string' ? { apiUrl: parsed.apiUrl } : {}),
        });
      } catch {
        resolve({});
      }
    });
  });
}
