// The manifests the fuzz tests mutate: every example of this repository, and Argo Rollouts' own
// example manifests (its examples/, test/e2e/ and docs/ folders), read from the Go module cache;
// `go mod download` fetches the module when it is not there. Without Go, outside CI, Argo's part is
// skipped with a reason; in CI a missing Go is a failure.
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import process from 'node:process';
import type { ManifestSource } from '../../../../src/api/load-manifests.ts';

export const ARGO_ROLLOUTS_MODULE = 'github.com/argoproj/argo-rollouts@v1.10.1';
const ARGO_FOLDERS = ['examples', 'test/e2e', 'docs'];

/** Larger files (Argo's 4 MB JSON schema of a Rollout) are left out: the fuzz is about shapes, not size. */
const MAX_SEED_CHARACTERS = 200_000;

const repoRoot = path.resolve(import.meta.dirname, '..', '..', '..', '..');

/** A folder of manifests, read together as `sluice lint -f folder` reads them. */
export interface ManifestGroup {
  name: string;
  sources: ManifestSource[];
}

export function repositoryExamples(): ManifestGroup[] {
  return groupsUnder(path.join(repoRoot, 'examples'), 'examples');
}

/** Argo's example manifests, or the reason they cannot be read here. */
export function argoRolloutsExamples(): { groups: ManifestGroup[] } | { skip: string } {
  let dir: string;
  try {
    const output = execFileSync('go', ['mod', 'download', '-json', ARGO_ROLLOUTS_MODULE], {
      cwd: repoRoot,
      encoding: 'utf8',
      env: { ...process.env, GOTOOLCHAIN: 'local', GOFLAGS: '-mod=mod' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    dir = (JSON.parse(output) as { Dir: string }).Dir;
  } catch (error) {
    const missing = (error as NodeJS.ErrnoException).code === 'ENOENT';
    const reason = missing
      ? "the Go toolchain is not installed (it fetches Argo Rollouts' example manifests)"
      : `go mod download ${ARGO_ROLLOUTS_MODULE} failed: ${(error as { stderr?: string }).stderr ?? (error as Error).message}`;
    if (process.env.CI === 'true') throw new Error(`${reason}: CI must provide it`);
    return { skip: reason };
  }
  return { groups: ARGO_FOLDERS.flatMap((folder) => groupsUnder(path.join(dir, folder), `argo-rollouts/${folder}`)) };
}

/** One group per folder holding manifests, each with the manifests directly in it. */
function groupsUnder(dir: string, name: string): ManifestGroup[] {
  const entries = readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name));
  const sources = entries
    .filter((entry) => entry.isFile() && /\.(ya?ml|json)$/.test(entry.name))
    .map((entry) => ({ file: `${name}/${entry.name}`, text: readFileSync(path.join(dir, entry.name), 'utf8') }))
    .filter((source) => source.text.length <= MAX_SEED_CHARACTERS);
  const groups = sources.length > 0 ? [{ name, sources }] : [];
  for (const entry of entries)
    if (entry.isDirectory()) groups.push(...groupsUnder(path.join(dir, entry.name), `${name}/${entry.name}`));
  return groups;
}
