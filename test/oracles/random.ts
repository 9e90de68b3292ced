// A small seeded random source for the generated tests (the oracles' cases, the loader's fuzz
// mutations): the same seed gives the same cases, so a failure names its seed and replays it.
import process from 'node:process';

export interface Random {
  readonly seed: number;
  /** A number in [0, 1). */
  next(): number;
  /** An integer in [0, below). */
  int(below: number): number;
  /** True with probability `p`. */
  chance(p: number): boolean;
  pick<T>(items: readonly T[]): T;
}

/** The seed from SLUICE_ORACLE_SEED, or a fresh one (each run explores new cases). */
export function oracleSeed(): number {
  const fixed = process.env.SLUICE_ORACLE_SEED;
  if (fixed !== undefined && fixed !== '') return Number(fixed) >>> 0;
  return Math.floor(Math.random() * 2 ** 32) >>> 0;
}

export function seededRandom(seed: number): Random {
  let state = seed >>> 0;
  const next = (): number => {
    // mulberry32
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
  const random: Random = {
    seed,
    next,
    int: (below) => Math.floor(next() * below),
    chance: (p) => next() < p,
    pick: (items) => items[random.int(items.length)] as never,
  };
  return random;
}
