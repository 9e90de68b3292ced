// Where things are: the repository, the shared folder beside it, the built binaries.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';

export const controlPlaneSourceDir = import.meta.dirname;
export const repoRoot = path.resolve(controlPlaneSourceDir, '..', '..');

/** The shared folder: `../shared` beside the repository, or $SLUICE_SHARED_DIR. */
export function sharedDir(): string {
  return process.env['SLUICE_SHARED_DIR'] ?? path.resolve(repoRoot, '..', 'shared');
}

export function upstreamCrdsDir(): string {
  return path.join(sharedDir(), 'upstream-crds');
}

/**
 * The CRDs installed by default: the project's own Argo Rollouts CRDs once deploy/crds
 * exists (the upstream ones until then), and the upstream Istio CRDs.
 */
export function defaultCrdPaths(): string[] {
  const ownCrds = path.join(repoRoot, 'deploy', 'crds');
  const argoRollouts = existsSync(ownCrds) ? ownCrds : path.join(upstreamCrdsDir(), 'argo-rollouts');
  return [argoRollouts, path.join(upstreamCrdsDir(), 'istio')];
}

/** The upstream Argo Rollouts and Istio CRDs, whatever the project ships. */
export function upstreamCrdPaths(): string[] {
  return [path.join(upstreamCrdsDir(), 'argo-rollouts'), path.join(upstreamCrdsDir(), 'istio')];
}

export type BinDirLookup = { found: true; binDir: string } | { found: false; reason: string };

/**
 * Finds the built control plane: $SLUICE_CONTROLPLANE_BIN_DIR, or the cache folder that
 * build.sh would build into. Never builds (a cold build takes tens of minutes).
 */
export function findBinDir(): Promise<BinDirLookup> {
  const fromEnv = process.env['SLUICE_CONTROLPLANE_BIN_DIR'];
  if (fromEnv !== undefined && fromEnv !== '') {
    return Promise.resolve(
      existsSync(path.join(fromEnv, 'controlplane')) && existsSync(path.join(fromEnv, 'kwok'))
        ? { found: true, binDir: fromEnv }
        : { found: false, reason: `SLUICE_CONTROLPLANE_BIN_DIR=${fromEnv} holds no controlplane and kwok binaries` },
    );
  }
  const script = path.join(controlPlaneSourceDir, 'build.sh');
  return new Promise((resolve) => {
    execFile('bash', [script, '--if-built'], (error, stdout, stderr) => {
      if (error === null) resolve({ found: true, binDir: stdout.trim() });
      else resolve({ found: false, reason: stderr.trim() || error.message });
    });
  });
}

export async function requireBinDir(): Promise<string> {
  const lookup = await findBinDir();
  if (!lookup.found) throw new Error(lookup.reason);
  return lookup.binDir;
}
