// Seeded mutations of manifest text, for the loader's fuzz tests: each takes a real manifest and
// breaks one thing in it (a deleted key, a null, a value of the wrong type, a cut, an alias, a merge
// key ...).
// Same seed, same mutations: a failure prints its seed and the mutated text to replay it.
import { Document, isCollection, parseAllDocuments, stringify } from 'yaml';
import type { Random } from '../../../oracles/random.ts';

export const MUTATION_KINDS = [
  'delete',
  'null',
  'wrong-type',
  'huge-number',
  'long-string',
  'odd-string',
  'deep-nesting',
  'truncate',
  'alias',
  'alias-bomb',
  'merge-key',
] as const;
export type MutationKind = (typeof MUTATION_KINDS)[number];

export interface Mutation {
  kind: MutationKind;
  /** What was changed, e.g. `null at spec.strategy.canary.steps[1]`. */
  what: string;
  text: string;
}

type Path = Array<string | number>;
type Json = unknown;

const WRONG_TYPES: readonly Json[] = [
  'x',
  '',
  0,
  -1,
  1.5,
  true,
  false,
  [],
  ['x'],
  [{}],
  {},
  { x: 1 },
  [null],
  { x: null },
];
const HUGE_NUMBERS: readonly Json[] = [
  1e308,
  -1e308,
  2 ** 53 + 2,
  -(2 ** 63),
  2 ** 64,
  1e21,
  Number.POSITIVE_INFINITY,
  Number.NEGATIVE_INFINITY,
  Number.NaN,
  4294967296,
  -2147483649,
  0.000001,
];
const ODD_STRINGS: readonly string[] = [
  '%',
  '%E0%A4%A',
  '%zz',
  '{{',
  '{{args.x}}',
  '{{ .x',
  '$(',
  '${x}',
  '\\',
  '\u0000',
  '\ud800',
  '😀',
  ' ',
  '-',
  '0',
  '1e400',
  'true',
  'null',
  '*',
  '??',
  '(',
  '[',
  '.*+?',
  'a'.repeat(300),
];

/** One mutation of `text` (a manifest file), or undefined when this text cannot take that kind. */
export function mutate(text: string, kind: MutationKind, random: Random): Mutation | undefined {
  if (kind === 'truncate') {
    const at = random.int(text.length);
    return { kind, what: `cut at offset ${at}`, text: text.slice(0, at) };
  }
  const documents = parseAllDocuments(text, { version: '1.1', logLevel: 'error' });
  if (!Array.isArray(documents) || documents.length === 0 || documents.some((doc) => doc.errors.length > 0))
    return undefined;
  const values = documents.map((doc) => doc.toJS({ maxAliasCount: -1, mapAsMap: false }) as Json);
  const target = random.int(values.length);
  const paths = pathsOf(values[target]);
  if (paths.length === 0) return undefined;
  const path = random.pick(paths);
  const where = `${describePath(path)} of document ${target}`;
  const replace = (value: Json, what: string): Mutation => {
    values[target] = setAt(values[target], path, value);
    return { kind, what: `${what} at ${where}`, text: values.map((value) => render(value)).join('---\n') };
  };
  switch (kind) {
    case 'delete':
      if (path.length === 0) return undefined;
      values[target] = deleteAt(values[target], path);
      return { kind, what: `deleted ${where}`, text: values.map((value) => render(value)).join('---\n') };
    case 'null':
      return replace(null, 'null');
    case 'wrong-type': {
      const value = random.pick(WRONG_TYPES);
      return replace(value, `${JSON.stringify(value)}`);
    }
    case 'huge-number': {
      const value = random.pick(HUGE_NUMBERS);
      return replace(value, String(value));
    }
    case 'long-string':
      return replace('a'.repeat(1000 + random.int(200_000)), 'a long string');
    case 'odd-string': {
      const value = random.pick(ODD_STRINGS);
      return replace(value, `string ${JSON.stringify(value).slice(0, 40)}`);
    }
    case 'deep-nesting': {
      const depth = 20 + random.int(300);
      let value: Json = 'x';
      for (let level = 0; level < depth; level++) value = random.next() < 0.5 ? [value] : { a: value };
      return replace(value, `${depth} levels of nesting`);
    }
    case 'alias':
      return aliasMutation(values, target, path, random, where);
    case 'alias-bomb': {
      const levels = 3 + random.int(8);
      const marker = '__alias_bomb__';
      values[target] = setAt(values[target], path, marker);
      const anchors = [`b0: &b0 [${Array(9).fill('lol').join(', ')}]`];
      for (let level = 1; level < levels; level++)
        anchors.push(
          `b${level}: &b${level} [${Array(9)
            .fill(`*b${level - 1}`)
            .join(', ')}]`,
        );
      const bomb = `x-anchors: {${anchors.join(', ')}}\n`;
      const texts = values.map((value, index) => {
        const rendered = render(value);
        return index === target ? bomb + rendered.replace(marker, `*b${levels - 1}`) : rendered;
      });
      return { kind, what: `an alias bomb of ${levels} levels at ${where}`, text: texts.join('---\n') };
    }
    case 'merge-key':
      return mergeKeyMutation(values, target, path, random, where);
  }
}

/**
 * A merge key (`<<: ...`) added to the mapping at `path`: of a mapping, a list of them, a mapping
 * things a merge refuses (a scalar, a list with a scalar), or a bomb of merges
 * (each level merging the one before nine times). Its anchors are written first in the document.
 */
function mergeKeyMutation(
  values: Json[],
  target: number,
  path: Path,
  random: Random,
  where: string,
): Mutation | undefined {
  const container = path.reduce<Json>(
    (value, segment) => (value as Record<string | number, Json>)[segment],
    values[target],
  );
  if (container === null || typeof container !== 'object' || Array.isArray(container)) return undefined;
  const marker = '__merge_key__';
  (container as Record<string, Json>)[marker] = marker;
  const levels = 3 + random.int(8);
  const bomb = Array.from({ length: levels }, (_, level) =>
    level === 0
      ? 'm0: &m0 {a: 1, b: [x]}'
      : `m${level}: &m${level} {<<: [${Array(9)
          .fill(`*m${level - 1}`)
          .join(', ')}]}`,
  );
  const anchors = `x-merge: {map: &map {spec: null, metadata: {name: merged}, a: [1]}, text: &text plain, ${bomb.join(', ')}}\n`;
  const value = random.pick([
    '*map',
    '[*map, {b: 2}]',
    '{a: 1}',
    '5',
    '[5]',
    '*text',
    '[*map, *text]',
    `*m${levels - 1}`,
  ]);
  const texts = values.map((item, index) => {
    if (index !== target) return render(item);
    const rendered = render(item).replace(`${marker}: ${marker}`, `<<: ${value}`);
    return anchors + rendered;
  });
  return { kind: 'merge-key', what: `<<: ${value} at ${where}`, text: texts.join('---\n') };
}

/** An alias at `path` to another node of the document: it may come before its anchor, or inside it. */
function aliasMutation(
  values: Json[],
  target: number,
  path: Path,
  random: Random,
  where: string,
): Mutation | undefined {
  const doc = new Document(values[target], { aliasDuplicateObjects: false, version: '1.1' });
  const others = pathsOf(values[target]).filter((other) => other.length > 0);
  if (others.length === 0) return undefined;
  const anchored = random.pick(others);
  const node = doc.getIn(anchored, true);
  if (!isCollection(node) && (node === null || typeof node !== 'object')) return undefined;
  const alias = doc.createAlias(node as Parameters<typeof doc.createAlias>[0]);
  if (path.length === 0) return undefined;
  doc.setIn(path, alias);
  let rendered: string;
  try {
    rendered = doc.toString();
  } catch {
    return undefined; // yaml refuses to write an alias before its anchor
  }
  const texts = values.map((value, index) => (index === target ? rendered : render(value)));
  return { kind: 'alias', what: `alias to ${describePath(anchored)} at ${where}`, text: texts.join('---\n') };
}

function render(value: Json): string {
  return stringify(value, { aliasDuplicateObjects: false, version: '1.1', lineWidth: 0 });
}

/** Every path of a value, the root included. */
export function pathsOf(value: Json, prefix: Path = [], into: Path[] = []): Path[] {
  into.push(prefix);
  if (Array.isArray(value)) value.forEach((item, index) => pathsOf(item, [...prefix, index], into));
  else if (value !== null && typeof value === 'object')
    for (const [key, item] of Object.entries(value)) pathsOf(item, [...prefix, key], into);
  return into;
}

function setAt(root: Json, path: Path, value: Json): Json {
  if (path.length === 0) return value;
  const [head, ...rest] = path;
  const container = root as Record<string | number, Json>;
  container[head as string | number] = setAt(container[head as string | number], rest, value);
  return root;
}

function deleteAt(root: Json, path: Path): Json {
  const parent = path
    .slice(0, -1)
    .reduce<Json>((value, segment) => (value as Record<string | number, Json>)[segment], root);
  const last = path[path.length - 1] as string | number;
  if (Array.isArray(parent)) parent.splice(last as number, 1);
  else delete (parent as Record<string, Json>)[last];
  return root;
}

export function describePath(path: Path): string {
  return path.map((segment) => (typeof segment === 'number' ? `[${segment}]` : `.${segment}`)).join('') || '(root)';
}
