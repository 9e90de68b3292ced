// Golden files: rendered output compared byte for byte with a committed file.
// `UPDATE_GOLDEN=1 node --test test/unit/cli/render/` rewrites them; review the diff before committing.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export const GOLDEN_DIR = path.join(import.meta.dirname, 'golden');

export function goldenPath(name: string): string {
  return path.join(GOLDEN_DIR, name);
}

export function readGolden(name: string): string {
  return readFileSync(goldenPath(name), 'utf8');
}

export function assertGolden(name: string, actual: string): void {
  const file = goldenPath(name);
  if (process.env.UPDATE_GOLDEN === '1') {
    mkdirSync(GOLDEN_DIR, { recursive: true });
    writeFileSync(file, actual);
    return;
  }
  assert.ok(
    existsSync(file),
    `golden file ${path.relative(process.cwd(), file)} is missing: run the test with UPDATE_GOLDEN=1 to create it`,
  );
  assert.equal(
    actual,
    readFileSync(file, 'utf8'),
    `output differs from ${name}; if the change is intended, rerun with UPDATE_GOLDEN=1 and review the diff`,
  );
}
