// Generates JSON documents and client-go JSONPath templates over them for the JSONPath oracle:
// fields (plain, escaped, quoted), indexes (negative, out of range), slices with steps, [*] and
// .* wildcards, recursive descent, unions, filters with every operator and literal type
// (integers, floats, strings in both quotes, booleans, null, other fields), existence filters,
// fields some items lack, range/end, text around actions, and a share of malformed templates.
import type { Random } from '../random.ts';

export interface JsonPathCase {
  path: string;
  body: string;
}

const names = [
  'a',
  'b',
  'v',
  's',
  'ok',
  'name',
  'items',
  'data',
  'metrics',
  'average.duration',
  'rate-5m',
  'with space',
  'é',
  'x_1',
  '0',
  'true',
  'range',
  'k$',
  'q@r',
  'br[0]',
  'n',
];
const strings = [
  '',
  'x',
  'ok',
  'nok',
  'a',
  'b',
  'é',
  '😀',
  '<&>',
  'two words',
  '10',
  'true',
  'Zeta',
  'zeta',
  '\uff21',
  '\u{1F600}b',
];
const numbers = [0, 1, 2, 3, -1, 2.5, 0.1, 100, -0.5, 1e21, 1.5e-7, 42, 3.0, 7];

export function generateJsonPathCase(random: Random): JsonPathCase {
  const document = random.chance(0.03) ? scalar(random) : object(random, 0);
  let body = JSON.stringify(document);
  if (random.chance(0.02))
    body = random.pick(['null', 'not json', '1e400', '-0', '"<b>"', '[]', '{}', '{"a":"\\ud800"}']);
  let path = template(random, document);
  if (random.chance(0.04)) {
    const at = random.int(path.length + 1);
    path =
      path.slice(0, at) +
      random.pick([
        '}',
        '{',
        '[',
        ']',
        '(',
        ')',
        '.',
        '..',
        "'",
        '"',
        ',',
        ':',
        '?',
        '@',
        '\\',
        ' ',
        '\t',
        '=',
        '!',
        '*',
        '-',
      ]) +
      path.slice(at);
  }
  return { path, body };
}

function scalar(random: Random): unknown {
  const roll = random.int(4);
  return roll === 0 ? random.pick(numbers) : roll === 1 ? random.pick(strings) : roll === 2 ? random.chance(0.5) : null;
}

function value(random: Random, depth: number): unknown {
  const roll = random.int(10);
  if (depth < 3 && roll < 2) return object(random, depth + 1);
  if (depth < 3 && roll < 4) return array(random, depth + 1);
  return scalar(random);
}

function object(random: Random, depth: number): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const count = random.int(depth === 0 ? 5 : 4) + (depth === 0 ? 1 : 0);
  for (let index = 0; index < count; index++) out[random.pick(names)] = value(random, depth);
  if (depth === 0 && random.chance(0.7)) out.items = items(random);
  return out;
}

function array(random: Random, depth: number): unknown[] {
  return Array.from({ length: random.int(4) }, () => value(random, depth));
}

/** An array of records of one shape, some lacking a field, as metric answers often are. */
function items(random: Random): unknown[] {
  return Array.from({ length: random.int(5) }, () => {
    const item: Record<string, unknown> = {};
    if (random.chance(0.8)) item.v = random.chance(0.85) ? random.pick(numbers) : random.pick([null, 'x', true]);
    if (random.chance(0.8)) item.s = random.pick(strings);
    if (random.chance(0.6)) item.ok = random.chance(0.8) ? random.chance(0.5) : random.pick([null, 0, 'yes']);
    if (random.chance(0.3)) item.name = random.pick(strings);
    if (random.chance(0.2)) item.sub = { v: random.pick(numbers) };
    return item;
  });
}

function keysOf(document: unknown): string[] {
  return document !== null && typeof document === 'object' && !Array.isArray(document) ? Object.keys(document) : [];
}

function template(random: Random, document: unknown): string {
  const roll = random.int(100);
  if (roll < 4) return `{range ${path(random, document, true)}}${path(random, undefined, false)}{end}`;
  if (roll < 7) return `${random.pick(['x', ' ', 'v='])}{${path(random, document, true)}}`;
  if (roll < 9)
    return `{${path(random, document, true)}}${random.pick(['', ' ', '{.b}', '\n'])}{${path(random, document, true)}}`;
  if (roll < 10)
    return random.pick([
      '',
      '$.a',
      '{}',
      '{$}',
      '{@}',
      '{..}',
      '{1}',
      '{2.5}',
      '{true}',
      '{"x"}',
      "{'y'}",
      '{.}',
      '{$.}',
      '{"\\xe9"}',
      '{"\\u00e9\\n"}',
      "{'\\x41'}",
    ]);
  const inside = path(random, document, true);
  return random.chance(0.1) ? `{ ${inside} }` : `{${inside}}`;
}

function fieldName(random: Random, document: unknown): string {
  const keys = keysOf(document);
  return keys.length > 0 && random.chance(0.92) ? random.pick(keys) : random.pick(names);
}

/** A field written as client-go reads it: terminators escaped with a backslash. */
function escapedField(name: string): string {
  return name.replace(/[\\. ,[\]$@{}]/g, (char) => `\\${char}`);
}

function path(random: Random, document: unknown, top: boolean): string {
  let out = top ? random.pick(['$', '$', '$', '@', '']) : random.pick(['', '@']);
  let current: unknown = document;
  const count = 1 + random.int(random.chance(0.7) ? 3 : 5);
  for (let index = 0; index < count; index++) {
    const container = current !== null && typeof current === 'object';
    if (index > 0 && !container && random.chance(current === undefined ? 0.7 : 0.9)) break;
    const [text, next] = segment(random, current);
    out += text;
    current = next;
  }
  return out;
}

function segment(random: Random, current: unknown): [string, unknown] {
  // Mostly follow the document (so most paths select something), sometimes stray from it.
  const wander = random.chance(0.06);
  if (!wander && Array.isArray(current)) return arraySegment(random, current);
  if (!wander && keysOf(current).length > 0) return objectSegment(random, current as Record<string, unknown>);
  return random.chance(0.5) ? arraySegment(random, []) : objectSegment(random, {});
}

function objectSegment(random: Random, current: Record<string, unknown>): [string, unknown] {
  const roll = random.int(100);
  const name = fieldName(random, current);
  const child = Object.hasOwn(current, name) ? current[name] : undefined;
  if (roll < 55) return [`.${escapedField(name)}`, child];
  if (roll < 60) return [`.${name}`, child];
  if (roll < 68) return [random.chance(0.7) ? `['${name}']` : `["${name}"]`, child];
  if (roll < 76) return [random.pick(['[*]', '.*']), Object.values(current)[0]];
  if (roll < 84) return [`..${random.pick([fieldName(random, current), 'v', 's', 'name', '[0]', '*', ''])}`, undefined];
  if (roll < 94) return [random.pick(["['a','b']", "['v', 's']", "['items','data']"]), undefined];
  if (roll < 97) return [`.${escapedField(name)}`, child];
  return [filter(random, undefined), undefined];
}

function arraySegment(random: Random, current: unknown[]): [string, unknown] {
  const roll = random.int(100);
  const element = current[0];
  if (roll < 20) return [`[${random.pick(['0', '0', '1', '-1', '2', '5', '-5', '', ' 0 ', '+1', '00'])}]`, element];
  if (roll < 32)
    return [
      `[${random.pick(['0:2', '1:', ':1', '-2:', '::2', '0:3:2', ':', '2:1', '0:0', '1:1', '0:-1', '::0', '::-1', '5:', ':5'])}]`,
      element,
    ];
  if (roll < 45) return [random.pick(['[*]', '.*', '[*]']), element];
  if (roll < 50) return [random.pick(['[0,1]', '[0, -1]', '[1,5]', '[0:1,1]', '[-1,0]']), element];
  if (roll < 55) return [`..${random.pick(['v', 's', 'name', '[0]', ''])}`, undefined];
  return [filter(random, element), element];
}

function filter(random: Random, element: unknown): string {
  const field = random.chance(0.8)
    ? random.pick(['v', 'v', 's', 'ok', 'name', 'sub.v', 'missing'])
    : fieldName(random, element);
  const subject = random.pick(['@.', '@.', '.', '$.']) + field;
  if (random.chance(0.25)) return `[?(${random.pick([subject, `!${subject}`, '@', ''])})]`;
  const operator = random.chance(0.95)
    ? random.pick(['==', '!=', '<', '<=', '>', '>='])
    : random.pick(['=', '=<', '<>', '!']);
  const literal = random.pick([
    String(random.pick([0, 1, 2, 3, -1, 42, 100])),
    random.pick(['2.5', '0.1', '2.0', '-0.5', '3.0', '1.5']),
    random.pick(['2.5', '0.1', '2.0', '-0.5', '3.0', '1.5']),
    `'${random.pick(strings)}'`,
    `"${random.pick(strings)}"`,
    random.pick(['true', 'false']),
    'null',
    '@.s',
    '@.v',
    "'it\\'s'",
    '"q\\"q"',
    random.pick(['"\\x41"', "'\\u00e9'", '"\\xc3\\xa9"', '"\\xe9"', '"\\101"', '"\\t"', '"\\q"']),
  ]);
  const space = random.chance(0.7) ? ' ' : '';
  return `[?(${subject}${space}${operator}${space}${literal})]`;
}
