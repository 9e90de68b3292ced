// The fuzz cases: one mutation of one file of a group of manifests, chosen from a seed and the
// case's number, so that any failing case can be replayed alone (FUZZ_SEED=s FUZZ_CASE=n).
import { randomInt } from 'node:crypto';
import process from 'node:process';
import type { ManifestSource } from '../../../../src/api/load-manifests.ts';
import type { ManifestGroup } from './corpus.ts';
import { seededRandom } from '../../../oracles/random.ts';
import { MUTATION_KINDS, mutate, type Mutation } from './mutate.ts';

export interface FuzzCase {
  number: number;
  group: string;
  file: string;
  mutation: Mutation;
  /** The group with the one file mutated. */
  sources: ManifestSource[];
}

/** The seed of this run: FUZZ_SEED, or a fresh one (printed by the tests, to replay a failure). */
export function fuzzSeed(): number {
  const given = process.env.FUZZ_SEED;
  return given !== undefined && given !== '' ? Number(given) : randomInt(2 ** 31);
}

/** The case numbers to run: FUZZ_CASE alone when given, else 0 .. runs-1. */
export function caseNumbers(runs: number): number[] {
  const only = process.env.FUZZ_CASE;
  if (only !== undefined && only !== '') return [Number(only)];
  return Array.from({ length: runs }, (_, index) => index);
}

/** Case `number` of the run with `seed`: the mutation kinds take turns, the file is drawn. */
export function fuzzCase(groups: readonly ManifestGroup[], seed: number, number: number): FuzzCase | undefined {
  const random = seededRandom((seed ^ Math.imul(number + 1, 0x9e3779b1)) >>> 0);
  const kind = MUTATION_KINDS[number % MUTATION_KINDS.length] ?? 'null';
  // A text that cannot take this kind of mutation (no alias target, say) gets a few more draws.
  for (let attempt = 0; attempt < 5; attempt++) {
    const group = random.pick(groups);
    const index = random.int(group.sources.length);
    const source = group.sources[index];
    if (!source) continue;
    const mutation = mutate(source.text, kind, random);
    if (!mutation) continue;
    const sources = group.sources.map((other, at) =>
      at === index ? { file: other.file, text: mutation.text } : other,
    );
    return { number, group: group.name, file: source.file, mutation, sources };
  }
  return undefined;
}

/** Words of JavaScript's own errors, which a user must never read. */
export const RAW_JAVASCRIPT =
  /Cannot read properties|Cannot convert|is not a function|is not iterable|is not defined|Maximum call stack|URI malformed|Invalid array length|\[object Object\]|please report it|internal error/;
