// Argo Rollouts' own source tree (Go module github.com/argoproj/argo-rollouts), read in place from
// the Go module cache: its examples/ and test/e2e/ manifests are what Argo accepts, so sluice must
// accept them too. Nothing of it is copied into this repository. When the module is not cached it
// is fetched with `go mod download`; without Go the suites skip outside CI and fail in CI.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import process from 'node:process';
import { parseAllDocuments } from 'yaml';
import type { Json } from './json.ts';

export const ARGO_ROLLOUTS_MODULE = 'github.com/argoproj/argo-rollouts';
export const ARGO_ROLLOUTS_VERSION = 'v1.10.1';

const goEnv = { ...process.env, GOTOOLCHAIN: 'local' };

function go(args: string[]): string | undefined {
  try {
    return execFileSync('go', args, { env: goEnv, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch {
    return undefined;
  }
}

/** The module's folder, or why it is not available. In CI an unavailable module throws. */
export function argoRolloutsModule(): { dir: string; skip: false } | { dir: undefined; skip: string } {
  const reason = (why: string) => {
    if (process.env.CI === 'true') throw new Error(`${why}: CI must provide it`);
    return { dir: undefined, skip: why } as const;
  };
  if (process.env.ARGO_ROLLOUTS_DIR) return { dir: process.env.ARGO_ROLLOUTS_DIR, skip: false };
  const cache = go(['env', 'GOMODCACHE'])?.trim();
  if (cache === undefined)
    return reason(`Go is not installed, so Argo Rollouts ${ARGO_ROLLOUTS_VERSION}'s manifests cannot be fetched`);
  const cached = path.join(cache, `${ARGO_ROLLOUTS_MODULE}@${ARGO_ROLLOUTS_VERSION}`);
  if (existsSync(path.join(cached, 'test', 'e2e'))) return { dir: cached, skip: false };
  const download = go(['mod', 'download', '-json', `${ARGO_ROLLOUTS_MODULE}@${ARGO_ROLLOUTS_VERSION}`]);
  const dir = download === undefined ? undefined : (JSON.parse(download) as { Dir?: string }).Dir;
  if (dir === undefined || !existsSync(dir))
    return reason(`go mod download ${ARGO_ROLLOUTS_MODULE}@${ARGO_ROLLOUTS_VERSION} failed`);
  return { dir, skip: false };
}

export interface ArgoManifest {
  /** The path inside the module, e.g. test/e2e/istio/istio-host-split.yaml. */
  file: string;
  /** 1-based index of the YAML document in the file. */
  document: number;
  object: Json;
}

export const ARGO_KINDS = new Set([
  'Rollout',
  'AnalysisTemplate',
  'ClusterAnalysisTemplate',
  'AnalysisRun',
  'Experiment',
]);

function yamlFiles(dir: string): string[] {
  const found: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) found.push(...yamlFiles(full));
    else if (/\.ya?ml$/.test(name)) found.push(full);
  }
  return found;
}

/**
 * The argoproj.io objects of the manifests under examples/ and test/e2e/, with the files that are
 * not YAML manifests (Helm templates, files with placeholders that do not parse) left out: those
 * are returned in `unreadable`.
 */
export function argoManifests(moduleDir: string): { manifests: ArgoManifest[]; unreadable: string[] } {
  const manifests: ArgoManifest[] = [];
  const unreadable: string[] = [];
  for (const folder of ['examples', path.join('test', 'e2e')]) {
    for (const file of yamlFiles(path.join(moduleDir, folder))) {
      const relative = path.relative(moduleDir, file);
      const documents = parseAllDocuments(readFileSync(file, 'utf8'), { logLevel: 'error' });
      if (documents.some((document) => document.errors.length > 0)) {
        unreadable.push(relative);
        continue;
      }
      documents.forEach((document, index) => {
        const object = document.toJS() as Json | null;
        if (object && String(object.apiVersion).startsWith('argoproj.io/') && ARGO_KINDS.has(object.kind)) {
          manifests.push({ file: relative, document: index + 1, object });
        }
      });
    }
  }
  return { manifests, unreadable };
}
