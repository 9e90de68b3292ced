// The dashboard's web bundle for the browser tests: built by scripts/build-dashboard.ts into
// dist/dashboard/ when it is missing or older than a source of src/dashboard/ (the web UI or the
// contract it reads), so the tests never run a stale UI.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import process from 'node:process';
import { ROOT } from './browser.ts';

export const DASHBOARD_DIST = path.join(ROOT, 'dist/dashboard');
const SOURCES = [path.join(ROOT, 'src/dashboard/web'), path.join(ROOT, 'src/dashboard/contract.ts')];
const BUILD_SCRIPT = path.join(ROOT, 'scripts/build-dashboard.ts');

function newestMtime(file: string): number {
  if (!existsSync(file)) return 0;
  const stat = statSync(file);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of readdirSync(file)) newest = Math.max(newest, newestMtime(path.join(file, entry)));
  return newest;
}

/** Why the bundle must be (re)built, or undefined when dist/dashboard/ is newer than its sources. */
export function staleReason(): string | undefined {
  const index = path.join(DASHBOARD_DIST, 'index.html');
  if (!existsSync(index)) return `${path.relative(ROOT, index)} does not exist`;
  const built = statSync(index).mtimeMs;
  const newest = Math.max(...SOURCES.map(newestMtime), newestMtime(BUILD_SCRIPT));
  return newest > built ? 'a source of src/dashboard/ is newer than the bundle' : undefined;
}

/** Builds the bundle when it is missing or stale; throws with the build's output when it fails. */
export function ensureDashboardBuilt(): void {
  if (staleReason() === undefined) return;
  const result = spawnSync(process.execPath, [BUILD_SCRIPT, '--quiet'], { cwd: ROOT, encoding: 'utf8' });
  // Two test files may build at once: the one whose rename lost found the other's build in place.
  if (result.status !== 0 && staleReason() !== undefined)
    throw new Error(`node scripts/build-dashboard.ts failed (${result.status}):\n${result.stdout}${result.stderr}`);
}
