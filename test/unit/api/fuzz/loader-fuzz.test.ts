// Fuzz of the manifest loader: mutations of every example of this repository and of Argo Rollouts'
// own example manifests (deleted keys, nulls, wrong types, huge numbers, long and odd strings, deep
// nesting, cuts at random offsets, aliases and alias bombs) go through the loader, the schema check,
// the semantic and the reference rules as `sluice lint` runs them, and as `sluice apply` first
// checks them (structure only). None may throw, report an internal error or a JavaScript error's
// words, or take more than a few seconds of processor time. The seed is printed; FUZZ_SEED=s
// FUZZ_CASE=n replays one case, FUZZ_RUNS=n changes how many run.
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import process from 'node:process';
import { loadManifests } from '../../../../src/api/load-manifests.ts';
import { formatIssue } from '../../../../src/api/manifests/issue.ts';
import { argoRolloutsExamples, repositoryExamples, type ManifestGroup } from './corpus.ts';
import { caseNumbers, fuzzCase, fuzzSeed, RAW_JAVASCRIPT, type FuzzCase } from './fuzz-cases.ts';
import { MUTATION_KINDS } from './mutate.ts';

/** A hang guard, not a speed target: a mutated example loads in milliseconds of processor time. */
const MAX_CASE_CPU_MS = 5_000;
const RUNS = Number(process.env.FUZZ_RUNS ?? 1000);

function problemsOf(item: FuzzCase): string[] {
  const problems: string[] = [];
  for (const [mode, sources, options] of [
    ['lint', item.sources, {}],
    ['apply (structure only)', item.sources.filter((source) => source.file === item.file), { structureOnly: true }],
  ] as const) {
    // Processor time, not wall time: a busy machine slows a case down but does not make it hang.
    const started = process.cpuUsage();
    try {
      const { issues } = loadManifests(sources, options);
      for (const issue of issues)
        if (RAW_JAVASCRIPT.test(issue.message)) problems.push(`${mode}: ${formatIssue(issue)}`);
    } catch (error) {
      problems.push(`${mode}: threw ${(error as Error).stack ?? String(error)}`);
    }
    const used = process.cpuUsage(started);
    const elapsed = (used.user + used.system) / 1000;
    if (elapsed > MAX_CASE_CPU_MS) problems.push(`${mode}: took ${Math.round(elapsed)} ms of processor time`);
  }
  return problems;
}

function fuzz(t: TestContext, name: string, groups: readonly ManifestGroup[]): void {
  assert.ok(groups.length > 0, `no manifests found for ${name}`);
  const seed = fuzzSeed();
  t.diagnostic(`seed ${seed} (replay with FUZZ_SEED=${seed})`);
  const failures: string[] = [];
  const kinds = new Map<string, number>();
  let ran = 0;
  for (const number of caseNumbers(RUNS)) {
    const item = fuzzCase(groups, seed, number);
    if (!item) continue;
    ran++;
    kinds.set(item.mutation.kind, (kinds.get(item.mutation.kind) ?? 0) + 1);
    const problems = problemsOf(item);
    if (problems.length > 0) {
      failures.push(
        `FUZZ_SEED=${seed} FUZZ_CASE=${number}: ${item.file}, ${item.mutation.what.slice(0, 200)}\n  ${problems.join('\n  ').slice(0, 2000)}`,
      );
    }
  }
  t.diagnostic(`${ran} mutated inputs: ${[...kinds].map(([kind, count]) => `${count} ${kind}`).join(', ')}`);
  // Every kind of mutation must have happened: a generator that silently makes none tests nothing.
  if (process.env.FUZZ_CASE === undefined)
    assert.deepEqual(
      MUTATION_KINDS.filter((kind) => !kinds.has(kind)),
      [],
    );
  assert.deepEqual(failures.slice(0, 10), [], `${failures.length} of ${ran} mutated inputs failed (seed ${seed})`);
}

test('mutations of the examples of this repository never crash or hang the loader', (t) => {
  fuzz(t, 'examples/', repositoryExamples());
});

test("mutations of Argo Rollouts' example manifests never crash or hang the loader", (t) => {
  const argo = argoRolloutsExamples();
  if ('skip' in argo) {
    t.skip(argo.skip);
    return;
  }
  fuzz(t, 'argo-rollouts', argo.groups);
});
