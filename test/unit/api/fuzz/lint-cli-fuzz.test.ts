// The real `sluice lint` process on a sample of mutated manifests (see loader-fuzz.test.ts): it
// exits 0 (no errors) or 1 (errors found), never with a crash, and prints no stack trace and no
// JavaScript error's words. FUZZ_SEED replays a run; FUZZ_CLI_RUNS changes the sample's size.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import process from 'node:process';
import { argoRolloutsExamples, repositoryExamples } from './corpus.ts';
import { fuzzCase, fuzzSeed, RAW_JAVASCRIPT } from './fuzz-cases.ts';
import { MUTATION_KINDS } from './mutate.ts';

const repoRoot = path.resolve(import.meta.dirname, '..', '..', '..', '..');
/** One of each mutation kind. */
const RUNS = Number(process.env.FUZZ_CLI_RUNS ?? MUTATION_KINDS.length);

test('sluice lint on mutated manifests exits 0 or 1 with no stack trace', (t) => {
  const argo = argoRolloutsExamples();
  if ('skip' in argo) t.diagnostic(`Argo Rollouts' examples left out: ${argo.skip}`);
  const groups = [...repositoryExamples(), ...('groups' in argo ? argo.groups : [])];
  const seed = fuzzSeed();
  t.diagnostic(`seed ${seed} (replay with FUZZ_SEED=${seed})`);
  const dir = mkdtempSync(path.join(tmpdir(), 'sluice-lint-fuzz-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const failures: string[] = [];
  for (let number = 0; number < RUNS; number++) {
    const item = fuzzCase(groups, seed, number);
    if (!item) continue;
    const caseDir = path.join(dir, `case-${number}`);
    mkdirSync(caseDir);
    item.sources.forEach((source, index) =>
      writeFileSync(path.join(caseDir, `${index}-${path.basename(source.file)}`), source.text),
    );
    const result = spawnSync(path.join(repoRoot, 'bin', 'sluice'), ['lint', '-f', caseDir], {
      cwd: repoRoot,
      encoding: 'utf8',
      timeout: 120_000,
      maxBuffer: 64 * 1024 * 1024,
    });
    const output = `${result.stdout ?? ''}${result.stderr ?? ''}`;
    const what = `FUZZ_SEED=${seed} case ${number}: ${item.file}, ${item.mutation.what.slice(0, 200)}`;
    if (result.status !== 0 && result.status !== 1)
      failures.push(`${what}: exit ${result.status} (signal ${result.signal})\n${output.slice(0, 2000)}`);
    else if (/^\s+at .+[:(]/m.test(output)) failures.push(`${what}: a stack trace\n${output.slice(0, 2000)}`);
    else if (RAW_JAVASCRIPT.test(output))
      failures.push(`${what}: ${RAW_JAVASCRIPT.exec(output)?.[0]}\n${output.slice(0, 2000)}`);
  }
  assert.deepEqual(failures, []);
});
