// Reading the manifests under deploy/ for tests.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import type { Json } from '../../../support/json.ts';
export type { Json };

export const repoRoot = path.resolve(import.meta.dirname, '..', '..', '..', '..');
export const deployDir = path.join(repoRoot, 'deploy');

/** The documents of a YAML file, by path from the repository root. */
export function readDocuments(relativePath: string): Json[] {
  const text = readFileSync(path.join(repoRoot, relativePath), 'utf8');
  return parseAllDocuments(text)
    .map((document) => document.toJS() as Json | null)
    .filter((object): object is Json => object !== null);
}

export function findObject(relativePath: string, kind: string, name: string): Json {
  const found = readDocuments(relativePath).find((object) => object.kind === kind && object.metadata?.name === name);
  if (!found) throw new Error(`no ${kind} ${name} in ${relativePath}`);
  return found;
}

/** Every .yaml file under deploy/, by path from the repository root. */
export function deployYamlFiles(dir = deployDir): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const full = path.join(dir, name);
      // deploy/helm is a Helm chart (its templates are not manifests; its crds/ and files/ link back into deploy/).
      if (full === path.join(deployDir, 'helm')) return [];
      if (statSync(full).isDirectory()) return deployYamlFiles(full);
      return name.endsWith('.yaml') ? [path.relative(repoRoot, full)] : [];
    });
}
