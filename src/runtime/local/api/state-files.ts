// Where a running local runtime can be found: `<stateDir>/runtime.json` ({ apiUrl, pid, startedAt })
// and its API token. The token is kept out of the state directory, which pods may find (it is often
// under their working directory): in `$XDG_RUNTIME_DIR/sluice/` (else `<tmp>/sluice-<uid>/`), a
// directory of mode 0700, as `<hash of the state directory's real path>.token` with mode 0600, so
// only the user who started the runtime can drive it and pods are never pointed at it.
import { createHash, randomBytes } from 'node:crypto';
import { chmodSync, lstatSync, mkdirSync, readFileSync, realpathSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import process from 'node:process';
import { processAlive } from '../../../platform/process/process-identity.ts';
import { writeFileAtomically } from '../../../platform/write-file-atomically.ts';

export const DEFAULT_STATE_DIR = '.sluice';

export interface RuntimeInfo {
  apiUrl: string;
  pid: number;
  startedAt: string;
  gatewayUrl?: string;
  /** The mesh-only gateway that containers reach (through the bridge relay, or slirp4netns). */
  containerGatewayUrl?: string;
  /** The mesh's request metrics (Istio's istio_requests_total), for the dashboard's traffic chart. */
  metricsUrl?: string;
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

/** A token directory that is not the user's own, or that others may read. */
export class TokenDirectoryError extends Error {
  override name = 'TokenDirectoryError';
}

/** The directory of the tokens: `$XDG_RUNTIME_DIR/sluice`, else `<tmp>/sluice-<uid>`. */
export function tokenDir(env: NodeJS.ProcessEnv = process.env): string {
  const runtimeDir = env['XDG_RUNTIME_DIR'];
  if (runtimeDir && path.isAbsolute(runtimeDir)) return path.join(runtimeDir, 'sluice');
  return path.join(os.tmpdir(), `sluice-${process.getuid?.() ?? os.userInfo().username}`);
}

/** Where the API token of the runtime of `stateDir` lives (outside the state directory). */
export function tokenFile(stateDir: string, env: NodeJS.ProcessEnv = process.env): string {
  let real: string;
  try {
    real = realpathSync(stateDir);
  } catch {
    real = path.resolve(stateDir);
  }
  return path.join(tokenDir(env), `${createHash('sha256').update(real).digest('hex').slice(0, 40)}.token`);
}

/** The token's directory, mode 0700, refused when another user owns it (a directory planted in /tmp). */
function prepareTokenDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const stat = lstatSync(dir);
  const uid = process.getuid?.();
  if (!stat.isDirectory() || (uid !== undefined && stat.uid !== uid)) {
    throw new TokenDirectoryError(
      `${dir} is not a directory of your own, so the API token cannot be kept there safely: remove it, or set XDG_RUNTIME_DIR to a private directory`,
    );
  }
  if ((stat.mode & 0o077) !== 0) chmodSync(dir, 0o700);
}

/** A new random token, written with mode 0600 outside the state directory (an old `<stateDir>/token` is removed). */
export function writeToken(stateDir: string): string {
  const token = randomBytes(32).toString('hex');
  const file = tokenFile(stateDir);
  prepareTokenDir(path.dirname(file));
  writeFileAtomically(file, `${token}\n`, 0o600);
  chmodSync(file, 0o600);
  rmSync(path.join(stateDir, 'token'), { force: true });
  return token;
}

export function removeToken(stateDir: string): void {
  rmSync(tokenFile(stateDir), { force: true });
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
