// The runtimes ask the engine what to do in one place only: planPass. A runtime that called decide
// (or decideAhead) itself would skip the look-ahead or the abort's return of traffic first.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../../../', import.meta.url));
const ENTRY_POINTS = /from ['"][./]*\/?(?:\.\.\/)*engine\/(decide|look-ahead|return-to-stable)\.ts['"]/;

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sources(full);
    return entry.name.endsWith('.ts') ? [full] : [];
  });
}

test('only planPass calls the engine among the sources outside src/engine', () => {
  const callers = sources(path.join(ROOT, 'src'))
    .map((file) => path.relative(ROOT, file).split(path.sep).join('/'))
    .filter(
      (file) => !file.startsWith('src/engine/') && ENTRY_POINTS.test(readFileSync(path.join(ROOT, file), 'utf8')),
    );
  assert.deepEqual(callers, ['src/runtime/rollouts/plan-pass.ts']);
});
