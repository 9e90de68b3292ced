// trim, trimPrefix, trimSuffix, upper, lower, split, replace, repeat, join, indexOf,
// lastIndexOf, hasPrefix, hasSuffix. Indexes are in UTF-8 bytes, as Go reports them.

import { ValueError } from '../errors.ts';
import { utf8Length } from '../values.ts';
import { arrayArg, intArg, stringArg, type Builtin } from './types.ts';

const unicodeSpace = /^[\s\u0085]+|[\s\u0085]+$/gu;

function trimSet(text: string, cutset: string, fromStart: boolean, fromEnd: boolean): string {
  const chars = Array.from(text);
  const cut = new Set(Array.from(cutset));
  let start = 0;
  let end = chars.length;
  while (fromStart && start < end && cut.has(chars[start] as string)) start++;
  while (fromEnd && end > start && cut.has(chars[end - 1] as string)) end--;
  return chars.slice(start, end).join('');
}

function byteIndex(text: string, index: number): bigint {
  return index < 0 ? -1n : BigInt(utf8Length(text.slice(0, index)));
}

/** Go's strings.SplitN: n < 0 means all parts, n == 0 none, otherwise at most n. */
function splitN(text: string, separator: string, n: number): string[] {
  if (n === 0) return [];
  const parts = separator === '' ? Array.from(text) : text.split(separator);
  if (n < 0 || parts.length <= n) return parts;
  if (separator === '') return [...parts.slice(0, n - 1), parts.slice(n - 1).join('')];
  return [...parts.slice(0, n - 1), parts.slice(n - 1).join(separator)];
}

export const stringBuiltins: Builtin[] = [
  {
    name: 'trim',
    minArgs: 1,
    maxArgs: 2,
    call([text, cutset]) {
      const value = stringArg('trim', text);
      return cutset === undefined
        ? value.replace(unicodeSpace, '')
        : trimSet(value, stringArg('trim', cutset), true, true);
    },
  },
  {
    name: 'trimPrefix',
    minArgs: 1,
    maxArgs: 2,
    call([text, prefix]) {
      const value = stringArg('trimPrefix', text);
      const cut = prefix === undefined ? ' ' : stringArg('trimPrefix', prefix);
      return value.startsWith(cut) ? value.slice(cut.length) : value;
    },
  },
  {
    name: 'trimSuffix',
    minArgs: 1,
    maxArgs: 2,
    call([text, suffix]) {
      const value = stringArg('trimSuffix', text);
      const cut = suffix === undefined ? ' ' : stringArg('trimSuffix', suffix);
      return cut !== '' && value.endsWith(cut) ? value.slice(0, value.length - cut.length) : value;
    },
  },
  { name: 'upper', minArgs: 1, maxArgs: 1, call: ([text]) => stringArg('upper', text).toUpperCase() },
  { name: 'lower', minArgs: 1, maxArgs: 1, call: ([text]) => stringArg('lower', text).toLowerCase() },
  {
    name: 'split',
    minArgs: 2,
    maxArgs: 3,
    call([text, separator, count], { budget }) {
      const n = count === undefined ? -1 : Number(intArg('split', count));
      const value = stringArg('split', text);
      budget.items(value.length + 1, 'split()');
      return splitN(value, stringArg('split', separator), n);
    },
  },
  {
    name: 'splitAfter',
    minArgs: 2,
    maxArgs: 3,
    call([text, separator, count], { budget }) {
      const n = count === undefined ? -1 : Number(intArg('splitAfter', count));
      const value = stringArg('splitAfter', text);
      const glue = stringArg('splitAfter', separator);
      budget.items(value.length + 1, 'splitAfter()');
      const parts = splitN(value, glue, n);
      // Go's strings.SplitAfterN: each part but the last keeps its separator.
      return glue === '' ? parts : parts.map((part, i) => (i < parts.length - 1 ? part + glue : part));
    },
  },
  {
    name: 'replace',
    minArgs: 3,
    maxArgs: 4,
    call([text, old, replacement, count], { budget }) {
      const value = stringArg('replace', text);
      const from = stringArg('replace', old);
      const to = stringArg('replace', replacement);
      const pieces = from === '' ? ['', ...Array.from(value), ''] : value.split(from);
      const limit = count === undefined ? -1 : Number(intArg('replace', count));
      const joins = pieces.length - 1;
      budget.string(value.length + Math.max(0, joins) * to.length, 'replace()');
      if (from === '') {
        const chars = Array.from(value);
        const n = limit < 0 ? chars.length + 1 : Math.min(limit, chars.length + 1);
        return chars.map((char, i) => (i < n ? to : '') + char).join('') + (n > chars.length ? to : '');
      }
      if (limit < 0) return pieces.join(to);
      return (
        pieces.slice(0, limit + 1).join(to) +
        (pieces.length > limit + 1 ? from + pieces.slice(limit + 1).join(from) : '')
      );
    },
  },
  {
    name: 'repeat',
    minArgs: 2,
    maxArgs: 2,
    call([text, count], { budget }) {
      const value = stringArg('repeat', text);
      const n = intArg('repeat', count);
      if (n < 0n) throw new ValueError(`invalid argument for repeat (expected positive integer, got ${n})`);
      const length = Number(n) * value.length;
      budget.string(length, 'repeat()');
      return value.repeat(Number(n));
    },
  },
  {
    name: 'join',
    minArgs: 1,
    maxArgs: 2,
    call([items, glue], { budget }) {
      const parts = arrayArg('join', items).map((item) => stringArg('join', item));
      const separator = glue === undefined ? '' : stringArg('join', glue);
      budget.string(
        parts.reduce((sum, part) => sum + part.length + separator.length, 0),
        'join()',
      );
      return parts.join(separator);
    },
  },
  {
    name: 'indexOf',
    minArgs: 2,
    maxArgs: 2,
    call([text, part]) {
      const value = stringArg('indexOf', text);
      return byteIndex(value, value.indexOf(stringArg('indexOf', part)));
    },
  },
  {
    name: 'lastIndexOf',
    minArgs: 2,
    maxArgs: 2,
    call([text, part]) {
      const value = stringArg('lastIndexOf', text);
      return byteIndex(value, value.lastIndexOf(stringArg('lastIndexOf', part)));
    },
  },
  {
    name: 'hasPrefix',
    minArgs: 2,
    maxArgs: 2,
    call: ([a, b]) => stringArg('hasPrefix', a).startsWith(stringArg('hasPrefix', b)),
  },
  {
    name: 'hasSuffix',
    minArgs: 2,
    maxArgs: 2,
    call: ([a, b]) => stringArg('hasSuffix', a).endsWith(stringArg('hasSuffix', b)),
  },
];
