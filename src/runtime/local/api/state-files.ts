// Where a running local runtime can be found: `<stateDir>/runtime.json` ({ apiUrl, pid, startedAt })
// and `<stateDir>/token` (mode 0600: only the user who started it can drive it).
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import process from 'node:process';
import { processAlive } from '../pods/process-identity.ts';
import { writeFileAtomically } from '../store/persistence.ts';

export const DEFAULT_STATE_DIR = '.sluice';

export interface RuntimeInfo {
  apiUrl: string;
  pid: number;
  startedAt: string;
  gatewayUrl?: string;
  /** The runtime process's start time (see process-identity.ts), so a reused pid is not taken for it. */
  pidStartTime?: string;
}

/** `--state-dir`, else $SLUICE_STATE_DIR, else `.sluice` in the current directory. */
export function stateDirOf(flag: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  return flag ?? (env['SLUICE_STATE_DIR'] || DEFAULT_STATE_DIR);
}

export function prepareStateDir(stateDir: string): void {
  mkdirSync(stateDir, { recursive: true, mode: 0o700 });
}

export function runtimeInfoFile(stateDir: string): string {
  return path.join(stateDir, 'runtime.json');
}

export function tokenFile(stateDir: string): string {
  return path.join(stateDir, 'token');
}

/** A new random token, written with mode 0600. */
export function writeToken(stateDir: string): string {
  const token = randomBytes(32).toString('hex');
  writeFileAtomically(tokenFile(stateDir), `${token}\n`, 0o600);
  chmodSync(tokenFile(stateDir), 0o600);
  return token;
}

export function readToken(stateDir: string): string | undefined {
  try {
    return readFileSync(tokenFile(stateDir), 'utf8').trim() || undefined;
  } catch {
    return undefined;
  }
}

export function writeRuntimeInfo(stateDir: string, info: RuntimeInfo): void {
  writeFileAtomically(runtimeInfoFile(stateDir), `${JSON.stringify(info, null, 2)}\n`);
}

export function readRuntimeInfo(stateDir: string): RuntimeInfo | undefined {
  try {
    const info = JSON.parse(readFileSync(runtimeInfoFile(stateDir), 'utf8')) as RuntimeInfo;
    return typeof info.apiUrl === 'string' && typeof info.pid === 'number' ? info : undefined;
  } catch {
    return undefined;
  }
}

export function removeRuntimeInfo(stateDir: string): void {
  rmSync(runtimeInfoFile(stateDir), { force: true });
}

/** The runtime recorded in the state directory, when its process is still alive. */
export function liveRuntime(stateDir: string): RuntimeInfo | undefined {
  const info = readRuntimeInfo(stateDir);
  if (!info) return undefined;
  return processAlive(info.pid, info.pidStartTime) ? info : undefined;
}
