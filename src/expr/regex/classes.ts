// The character sets of Go's regexp: Perl (\d \s \w), POSIX ([:alpha:]) and Unicode (\pL,
// \p{Greek}) classes by Go's names, and case folding as Go does it: a character matches under
// (?i) when any member of its simple folding orbit (K k U+212A, S s U+017F, ...) matches.
// Negation comes after folding, as in Go: (?i)[^a-z] matches neither "A" nor U+212A.
// The Unicode facts (tables, names, folding) are Go's own, generated from it: go-unicode.ts.

import {
  categoryAliases,
  categoryNames,
  foldCategoryNames,
  foldOrbits,
  foldScriptNames,
  scriptNames,
  unicodeTables,
} from './go-unicode.ts';

export type CharTest = (codePoint: number) => boolean;

export const isWordCodePoint: CharTest = (c) =>
  (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
const isDigitCodePoint: CharTest = (c) => c >= 48 && c <= 57;
const isSpaceCodePoint: CharTest = (c) => c === 9 || c === 10 || c === 12 || c === 13 || c === 32;

/** \d \s \w and their negations \D \S \W. */
export const perlClasses: Record<string, { test: CharTest; negated: boolean }> = {
  d: { test: isDigitCodePoint, negated: false },
  D: { test: isDigitCodePoint, negated: true },
  s: { test: isSpaceCodePoint, negated: false },
  S: { test: isSpaceCodePoint, negated: true },
  w: { test: isWordCodePoint, negated: false },
  W: { test: isWordCodePoint, negated: true },
};

export const posixClasses: Record<string, CharTest> = {
  alnum: (c) => isDigitCodePoint(c) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122),
  alpha: (c) => (c >= 65 && c <= 90) || (c >= 97 && c <= 122),
  ascii: (c) => c <= 0x7f,
  blank: (c) => c === 9 || c === 32,
  cntrl: (c) => c <= 0x1f || c === 0x7f,
  digit: isDigitCodePoint,
  graph: (c) => c >= 0x21 && c <= 0x7e,
  lower: (c) => c >= 97 && c <= 122,
  print: (c) => c >= 0x20 && c <= 0x7e,
  punct: (c) =>
    (c >= 0x21 && c <= 0x2f) || (c >= 0x3a && c <= 0x40) || (c >= 0x5b && c <= 0x60) || (c >= 0x7b && c <= 0x7e),
  space: (c) => isSpaceCodePoint(c) || c === 11,
  upper: (c) => c >= 65 && c <= 90,
  word: isWordCodePoint,
  xdigit: (c) => isDigitCodePoint(c) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102),
};

let orbits: Map<number, readonly number[]> | undefined;

/** The other members of `c`'s simple case folding orbit (empty when it has none). */
export function foldOrbit(c: number): readonly number[] {
  if (!orbits) {
    orbits = new Map();
    for (const orbit of foldOrbits.split(' ')) {
      const members = orbit.split(',').map((hex) => parseInt(hex, 16));
      for (const member of members)
        orbits.set(
          member,
          members.filter((other) => other !== member),
        );
    }
  }
  return orbits.get(c) ?? [];
}

/** `test`, widened to the folding orbits when `fold`, then negated when `negated`. */
export function charSet(test: CharTest, negated: boolean, fold: boolean): CharTest {
  const base: CharTest = fold ? (c) => test(c) || foldOrbit(c).some(test) : test;
  return negated ? (c) => !base(c) : base;
}

const goNames = {
  categories: new Set(categoryNames.split(' ')),
  scripts: new Set(scriptNames.split(' ')),
  aliases: new Map(categoryAliases.split(' ').map((pair) => pair.split(':') as [string, string])),
  foldCategories: new Set(foldCategoryNames.split(' ')),
  foldScripts: new Set(foldScriptNames.split(' ')),
};

/** Go's canonicalName: a leading capital, then lower case, without "_", "-" and " ". */
function canonicalName(name: string): string {
  let out = '';
  for (const char of name) {
    if (char === '_' || char === '-' || char === ' ') continue;
    out +=
      out === ''
        ? char >= 'a' && char <= 'z'
          ? char.toUpperCase()
          : char
        : char >= 'A' && char <= 'Z'
          ? char.toLowerCase()
          : char;
  }
  return out;
}

let tables: Map<string, string> | undefined;

/** Membership of Go's table `name` (a category or a script): a binary search of its ranges. */
function tableTest(name: string): CharTest {
  if (!tables) {
    tables = new Map();
    for (const entry of unicodeTables.split(' ')) {
      const colon = entry.indexOf(':');
      if (!tables.has(entry.slice(0, colon))) tables.set(entry.slice(0, colon), entry.slice(colon + 1));
    }
  }
  const los: number[] = [];
  const his: number[] = [];
  const strides: number[] = [];
  let previous = 0;
  for (const range of (tables.get(name) ?? '').split(',')) {
    if (range === '') continue;
    const [gap, length, stride] = range.split('.').map((part) => parseInt(part, 36)) as [number, number, number?];
    los.push(previous + gap);
    his.push(previous + gap + length);
    strides.push(stride ?? 1);
    previous += gap + length;
  }
  return (c) => {
    let low = 0;
    let high = los.length - 1;
    while (low <= high) {
      const middle = (low + high) >> 1;
      if (c < (los[middle] as number)) high = middle - 1;
      else if (c > (his[middle] as number)) low = middle + 1;
      else return (c - (los[middle] as number)) % (strides[middle] as number) === 0;
    }
    return false;
  };
}

export interface UnicodeClass {
  test: CharTest;
  /** Go inverts the table (\p{Assigned} is "not Cn"). */
  inverted: boolean;
  /** Whether Go widens this class under (?i). */
  folds: boolean;
}

/** The Unicode class Go's \p{name} names, or undefined when Go does not know the name. */
export function unicodeClass(name: string): UnicodeClass | undefined {
  const canonical = canonicalName(name);
  switch (canonical) {
    case 'Any':
      return { test: () => true, inverted: false, folds: true };
    case 'Assigned':
      return { test: tableTest('Cn'), inverted: true, folds: true };
    case 'Ascii':
      return { test: (c) => c <= 0x7f, inverted: false, folds: true };
    case 'Lc':
      return { test: tableTest('LC'), inverted: false, folds: goNames.foldCategories.has('LC') };
  }
  if (goNames.categories.has(canonical)) {
    return { test: tableTest(canonical), inverted: false, folds: goNames.foldCategories.has(canonical) };
  }
  if (goNames.scripts.has(canonical)) {
    return { test: tableTest(canonical), inverted: false, folds: goNames.foldScripts.has(canonical) };
  }
  for (const [alias, category] of goNames.aliases) {
    if (canonicalName(alias) === canonical) {
      return { test: tableTest(category), inverted: false, folds: goNames.foldCategories.has(category) };
    }
  }
  return undefined;
}
