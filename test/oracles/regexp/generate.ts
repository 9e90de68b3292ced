// Generates regular expressions of Go's RE2 syntax and subject strings for the regexp oracle:
// literals (ASCII and Unicode, with the characters whose case folding is special: K k U+212A,
// S s U+017F, Greek sigmas, dotted and dotless i), classes and negated classes, Perl, POSIX
// and Unicode classes, anchors and word boundaries, flags (?i)(?s)(?m)(?U) set and scoped,
// repetition (greedy and not, counted), alternation, groups of every kind, and a share of
// malformed patterns so compile errors are compared too.
import type { Random } from '../random.ts';

export interface RegexCase {
  pattern: string;
  subjects: string[];
}

const letters = ['a', 'b', 'c', 'k', 'K', 's', 'S', 'x', 'z', 'i', 'I', 'A', 'Z', '0', '1', '9', '_', ' ', '-', '\n'];
const special = [
  '\u212A',
  '\u017F',
  'ß',
  '\u1E9E',
  'Σ',
  'σ',
  'ς',
  'İ',
  'ı',
  'é',
  'É',
  'Ω',
  '\u2126',
  'ǅ',
  'ǆ',
  'Ǆ',
  'α',
  '日',
  '😀',
  '\u00B5',
  'Μ',
  'μ',
  '٣',
  '\t',
  '\u00A0',
  '\u1C89',
  '\u1C8A',
  '\uA7CB',
];
const alphabet = [...letters, ...letters, ...special];
const escapedMeta = [
  '\\.',
  '\\*',
  '\\+',
  '\\?',
  '\\(',
  '\\)',
  '\\[',
  '\\]',
  '\\{',
  '\\}',
  '\\|',
  '\\^',
  '\\$',
  '\\\\',
  '\\-',
  '\\/',
  '\\ ',
];
const perl = ['\\d', '\\D', '\\s', '\\S', '\\w', '\\W'];
const unicodeClasses = [
  '\\pL',
  '\\PL',
  '\\pN',
  '\\p{L}',
  '\\p{Lu}',
  '\\p{Ll}',
  '\\p{^Lu}',
  '\\P{Ll}',
  '\\p{Greek}',
  '\\p{Latin}',
  '\\p{Han}',
  '\\pZ',
  '\\p{Nd}',
  '\\p{Any}',
  '\\p{Letter}',
  '\\p{Lt}',
  '\\p{Cyrillic}',
  '\\p{Zs}',
  '\\pP',
  '\\p{So}',
];
const posix = [
  '[:alpha:]',
  '[:digit:]',
  '[:^digit:]',
  '[:space:]',
  '[:upper:]',
  '[:lower:]',
  '[:word:]',
  '[:punct:]',
  '[:alnum:]',
  '[:^alpha:]',
  '[:xdigit:]',
];
const escapes = ['\\x41', '\\x{212A}', '\\x{17F}', '\\x{1F600}', '\\t', '\\n', '\\101', '\\0', '\\x6b', '\\x{3A3}'];
const flagSets = ['i', 's', 'm', 'U', 'is', 'im', 'ms', '-i', 'i-s', 'ims', 'i-m', 'sU'];
const broken = [
  '(',
  ')',
  '[',
  ']',
  '*',
  '+',
  '?',
  '{2}',
  '\\',
  '\\Z',
  '\\1',
  '(?=a)',
  '(?<=a)',
  '(?!a)',
  'a**',
  'a{1001}',
  'a{3,2}',
  '[z-a]',
  '\\p{Nope}',
  '(?P<>a)',
  '(?P<a',
  '[[:nope:]]',
  '\\8',
  '(?z)',
  'x{2}{3}',
  '(?i',
  '\\x{110000}',
  '\\Q',
];

export function generateRegexCase(random: Random): RegexCase {
  let pattern = alternation(random, 0);
  if (random.chance(0.06)) {
    const at = random.int(pattern.length + 1);
    pattern = pattern.slice(0, at) + random.pick(broken) + pattern.slice(at);
  }
  if (random.chance(0.15)) pattern = `(?${random.pick(flagSets)})${pattern}`;
  return { pattern, subjects: subjects(random, pattern) };
}

function alternation(random: Random, depth: number): string {
  const branches = [concat(random, depth)];
  while (random.chance(depth === 0 ? 0.25 : 0.15)) branches.push(concat(random, depth));
  return branches.join('|');
}

function concat(random: Random, depth: number): string {
  const count = random.int(depth === 0 ? 5 : 3) + (random.chance(0.9) ? 1 : 0);
  let out = '';
  for (let index = 0; index < count; index++) out += repeated(random, depth);
  return out;
}

function repeated(random: Random, depth: number): string {
  const atom = atomOf(random, depth);
  if (/^(\^|\$|\\[AzbB]|\(\?[a-zA-Z-]+\))$/.test(atom) || !random.chance(0.3)) return atom;
  const counted = [`{${random.int(4)}}`, `{${random.int(3)},}`, `{${random.int(2)},${2 + random.int(3)}}`, '{,2}'];
  const operator = random.chance(0.7) ? random.pick(['*', '+', '?']) : random.pick(counted);
  return atom + operator + (random.chance(0.2) ? '?' : '');
}

function atomOf(random: Random, depth: number): string {
  const roll = random.int(100);
  if (roll < 35) return random.pick(alphabet);
  if (roll < 42) return '.';
  if (roll < 47) return random.pick(escapedMeta);
  if (roll < 53) return random.pick(perl);
  if (roll < 58) return random.pick(unicodeClasses);
  if (roll < 61) return random.pick(escapes);
  if (roll < 70) return charClass(random);
  if (roll < 77) return random.pick(['^', '$', '\\A', '\\z', '\\b', '\\B']);
  if (roll < 80) return `(?${random.pick(flagSets)})`;
  if (roll < 82) return `\\Q${random.pick(alphabet)}${random.pick(['.', '*', '|', '\\'])}\\E`;
  if (depth >= 3) return random.pick(alphabet);
  const inner = alternation(random, depth + 1);
  const opener = random.pick(['(', '(', '(?:', '(?P<g>', '(?<n1>', `(?${random.pick(flagSets)}:`]);
  return `${opener}${inner})`;
}

function charClass(random: Random): string {
  const ranges = [
    'a-z',
    'A-Z',
    '0-9',
    'a-f',
    'k-s',
    'K-S',
    'α-ω',
    'Α-Ω',
    'a-a',
    '\\x00-\\x7f',
    'ſ-ſ',
    '\u2120-\u2130',
    'Σ-Σ',
    'i-i',
  ];
  const count = 1 + random.int(3);
  let body = random.chance(0.35) ? '^' : '';
  if (random.chance(0.08)) body += random.pick([']', '-']);
  for (let index = 0; index < count; index++) {
    const roll = random.int(10);
    if (roll < 4) body += random.pick(ranges);
    else if (roll < 6) body += random.pick(alphabet.filter((char) => !'\n-'.includes(char)));
    else if (roll < 7) body += random.pick(perl);
    else if (roll < 8) body += random.pick(unicodeClasses);
    else if (roll < 9) body += `[${random.pick(posix)}]`;
    else body += random.pick(['\\]', '\\-', '\\^', '\\\\', '.', '*', '|', '$', '(']);
  }
  if (random.chance(0.08)) body += '-';
  return `${random.chance(0.15) ? '(?i)' : ''}[${body}]`;
}

function subjects(random: Random, pattern: string): string[] {
  const fromPattern = Array.from(pattern).filter((char) => !'\\()[]{}|*+?^$'.includes(char));
  const out = [''];
  for (let index = 0; index < 7; index++) {
    const length = random.int(7);
    let text = '';
    for (let char = 0; char < length; char++) {
      text += fromPattern.length > 0 && random.chance(0.5) ? random.pick(fromPattern) : random.pick(alphabet);
    }
    out.push(text);
  }
  return out;
}
