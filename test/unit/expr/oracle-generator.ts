// A seeded, grammar-based generator of conditions and measurement results, for the
// differential test against expr-lang (test/oracles/expr). It writes what Argo users write:
// comparisons and chains, arithmetic, logic, `in`, string operators, member and index access
// (missing fields too), lists, maps, nil, builtins with predicates, ternaries, `??`, and dates;
// each operand is sometimes of the wrong type, so type errors are exercised as well.
import { seededRandom, type Random } from '../../oracles/random.ts';

export interface OracleCase {
  expression: string;
  /** The measurement, as JSON (decoded the way the web provider decodes it). */
  result: unknown;
  /** More variables beside `result`, as JSON (for tables written for expr-lang in general). */
  env?: Record<string, unknown>;
}

const numbers = [0, 1, -1, 2, 0.5, 0.95, 0.97, 1.5, 100, 42, -3.25, 1e6, 0.1, 99.99, 7];
const strings = [
  'ok',
  'high',
  'down',
  '',
  'héllo',
  '日本語',
  'a😀b',
  'OK',
  'error: 5',
  '42',
  '3.5',
  ' spaced ',
  'a,b,c',
  'Ok-1',
];
const fields = ['status', 'value', 'items', 'nested', 'count', 'ok', 'name', 'missing'];

function resultNumber(r: Random): number {
  return r.pick(numbers);
}

function resultValue(r: Random, depth: number): unknown {
  const choice = r.int(depth > 1 ? 5 : 8);
  switch (choice) {
    case 0:
    case 1:
      return resultNumber(r);
    case 2:
      return r.pick(strings);
    case 3:
      return r.chance(0.5);
    case 4:
      return null;
    case 5:
    case 6: {
      const length = r.int(5);
      const kind = r.int(3);
      return Array.from({ length }, () =>
        kind === 0 ? resultNumber(r) : kind === 1 ? r.pick(strings) : resultValue(r, depth + 1),
      );
    }
    default: {
      const out: Record<string, unknown> = {};
      for (const field of fields.slice(0, 7)) {
        if (!r.chance(0.6)) continue;
        out[field] =
          field === 'status' || field === 'name'
            ? r.pick(strings)
            : field === 'value' || field === 'count'
              ? resultNumber(r)
              : field === 'ok'
                ? r.chance(0.5)
                : field === 'items'
                  ? Array.from({ length: r.int(4) }, () => resultNumber(r))
                  : resultValue(r, depth + 1);
      }
      return out;
    }
  }
}

export function randomResult(r: Random): unknown {
  return resultValue(r, 0);
}

type Kind = 'bool' | 'number' | 'string' | 'list' | 'map' | 'any' | 'time';
const kinds: Kind[] = ['bool', 'number', 'string', 'list', 'map', 'any', 'time'];

/** The paths into a result and the kind each leads to: `result.items[0]` is a number. */
function pathsOf(value: unknown, path: string, depth: number, out: Array<[string, Kind]>): Array<[string, Kind]> {
  const kind: Kind =
    value === null
      ? 'any'
      : Array.isArray(value)
        ? 'list'
        : typeof value === 'object'
          ? 'map'
          : typeof value === 'number'
            ? 'number'
            : typeof value === 'string'
              ? 'string'
              : 'bool';
  out.push([path, kind]);
  if (depth > 2) return out;
  if (Array.isArray(value)) value.slice(0, 2).forEach((item, i) => pathsOf(item, `${path}[${i}]`, depth + 1, out));
  else if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) pathsOf(item, `${path}.${key}`, depth + 1, out);
  }
  return out;
}

export class ExpressionGenerator {
  private readonly r: Random;
  private paths: Array<[string, Kind]> = [['result', 'any']];
  constructor(random: Random) {
    this.r = random;
  }

  /** Conditions that follow are written for this result, as users write them for theirs. */
  forResult(result: unknown): void {
    this.paths = pathsOf(result, 'result', 0, []);
  }

  private path(kind: Kind): string | undefined {
    const matching = this.paths.filter(([, k]) => k === kind || kind === 'any');
    return matching.length > 0 && this.r.chance(0.6) ? this.r.pick(matching)[0] : undefined;
  }

  /** An expression meant to be of `kind`; now and then deliberately of another kind. */
  of(kind: Kind, depth: number): string {
    const r = this.r;
    if (r.chance(0.06)) kind = r.pick(kinds);
    if (depth > 2) return this.leaf(kind);
    switch (kind) {
      case 'bool':
        return this.bool(depth + 1);
      case 'number':
        return this.number(depth + 1);
      case 'string':
        return this.string(depth + 1);
      case 'list':
        return this.list(depth + 1);
      case 'map':
        return this.map(depth + 1);
      case 'time':
        return this.time(depth + 1);
      default:
        return this.any(depth + 1);
    }
  }

  condition(): string {
    return this.r.chance(0.9) ? this.bool(0) : this.of(this.r.pick(kinds), 0);
  }

  private leaf(kind: Kind): string {
    const r = this.r;
    const path = kind === 'time' ? undefined : this.path(kind);
    if (path !== undefined) return path;
    switch (kind) {
      case 'bool':
        return r.pick(['true', 'false', 'result', 'isNil(result)', 'result.ok']);
      case 'number':
        return r.pick([
          '0',
          '1',
          '2',
          '0.5',
          '0.95',
          '1.5',
          '-1',
          '100',
          '3',
          'result',
          'result[0]',
          'result.value',
          'len(result)',
          '1e3',
          '10',
        ]);
      case 'string':
        return r.pick([
          '"ok"',
          '"high"',
          "'down'",
          '""',
          '"héllo"',
          '"日本"',
          'result',
          'result.status',
          '"a,b"',
          '`raw`',
        ]);
      case 'list':
        return r.pick([
          'result',
          '[1, 2]',
          '[1, 2.5, 3]',
          '["ok", "down"]',
          '[]',
          'result.items',
          '[result]',
          '[0.5, 1]',
        ]);
      case 'map':
        return r.pick(['result', '{a: 1}', '{"status": "ok", value: 2}', 'result.nested', '{}']);
      case 'time':
        return r.pick(['date("2024-01-02")', 'date("2024-01-02T03:04:05Z")', 'now()']);
      default:
        return r.pick(['result', 'nil', 'result?.missing', 'result']);
    }
  }

  private bool(d: number): string {
    const r = this.r;
    switch (r.int(17)) {
      case 0:
      case 1:
        return `${this.of('number', d)} ${r.pick(['<', '>', '<=', '>=', '==', '!='])} ${this.of('number', d)}`;
      case 2:
        return `${this.of('string', d)} ${r.pick(['==', '!=', '<', '>='])} ${this.of('string', d)}`;
      case 3:
        return `${this.of('any', d)} ${r.pick(['==', '!='])} ${this.of(r.pick(kinds), d)}`;
      case 4:
        return `${this.of('bool', d)} ${r.pick(['&&', '||', 'and', 'or'])} ${this.of('bool', d)}`;
      case 5:
        return `${r.pick(['!', 'not '])}${this.of('bool', d)}`;
      case 6:
        return `${this.of('number', d)} ${r.pick(['<', '<=', '>'])} ${this.of('number', d)} ${r.pick(['<', '<=', '>', '==', '!='])} ${this.of(r.chance(0.5) ? 'number' : 'bool', d)}`;
      case 7:
        return `${this.of(r.pick(['number', 'string', 'any'] as Kind[]), d)} ${r.pick(['in', 'not in'])} ${this.of(r.chance(0.7) ? 'list' : 'map', d)}`;
      case 8:
        return `${this.of('string', d)} ${r.pick(['matches', 'not matches'])} ${r.pick(['"^o"', '"k$"', '"[0-9]+"', '"(?i)OK"', '"é"', '"^$"', '"."', this.of('string', d)])}`;
      case 9:
        return `${this.of('string', d)} ${r.pick(['contains', 'startsWith', 'endsWith', 'not contains'])} ${this.of('string', d)}`;
      case 10:
        return `${r.pick(['all', 'any', 'none', 'one'])}(${this.of('list', d)}, ${this.predicate(d, 'bool')})`;
      case 11:
        return `${this.of('bool', d)} ? ${this.of('bool', d)} : ${this.of('bool', d)}`;
      case 12:
        return `((${this.of('any', d)}) ?? (${this.of('bool', d)})) == ${this.of('any', d)}`;
      case 13:
        return r.pick([
          `isNil(${this.of('any', d)})`,
          `isNaN(${this.of('number', d)})`,
          `isInf(${this.of('number', d)})`,
          `hasPrefix(${this.of('string', d)}, ${this.of('string', d)})`,
          `hasSuffix(${this.of('string', d)}, "k")`,
        ]);
      case 14:
        return `${this.of('time', d)} ${r.pick(['<', '>', '==', '>='])} ${this.of('time', d)}`;
      case 15:
        return `type(${this.of('any', d)}) == ${r.pick(['"float"', '"int"', '"string"', '"array"', '"map"', '"nil"', '"bool"'])}`;
      default:
        return `${this.of('any', d)} ${r.pick(['>=', '<', '=='])} ${this.of('number', d)} ${r.pick(['==', '!='])} ${r.pick(['true', 'false'])}`;
    }
  }

  private number(d: number): string {
    const r = this.r;
    switch (r.int(14)) {
      case 0:
      case 1:
        return this.leaf('number');
      case 2:
      case 3:
        return `${this.of('number', d)} ${r.pick(['+', '-', '*', '/', '%', '**', '^'])} ${this.of('number', d)}`;
      case 4:
        return `${r.pick(['len', 'count'])}(${this.of(r.pick(['list', 'string', 'map'] as Kind[]), d)})`;
      case 5:
        return `${r.pick(['abs', 'ceil', 'floor', 'round', 'int', 'float', 'asInt', 'asFloat', '-'])}(${this.of('number', d)})`;
      case 6:
        return `${r.pick(['min', 'max', 'mean', 'median', 'sum'])}(${this.of('list', d)})`;
      case 7:
        return `${r.pick(['min', 'max', 'bitand', 'bitor', 'bitxor', 'bitshl'])}(${this.of('number', d)}, ${this.of('number', d)})`;
      case 8:
        return `count(${this.of('list', d)}, ${this.predicate(d, 'bool')})`;
      case 9:
        return `default(result, ${this.of('number', d)})`;
      case 10:
        return `(${this.of('list', d)})[${r.pick(['0', '1', '-1', '5'])}]`;
      case 11:
        return `${r.pick(['indexOf', 'lastIndexOf'])}(${this.of('string', d)}, ${r.pick(['"o"', '"é"', '"x"'])})`;
      case 12:
        return `${r.pick(['asInt', 'asFloat', 'int', 'float'])}(${this.of('string', d)})`;
      default:
        return `(${this.of('number', d)})`;
    }
  }

  private string(d: number): string {
    const r = this.r;
    switch (r.int(12)) {
      case 0:
      case 1:
        return this.leaf('string');
      case 2:
        return `${this.of('string', d)} + ${this.of('string', d)}`;
      case 3:
        return `${r.pick(['upper', 'lower', 'trim', 'string', 'type', 'toJSON'])}(${this.of('any', d)})`;
      case 4:
        return `(${this.of('string', d)})[${r.pick(['1:3', ':2', '2:', '0:1'])}]`;
      case 5:
        return `replace(${this.of('string', d)}, ${r.pick(['"o"', '"é"', '""'])}, "0")`;
      case 6:
        return `join(${this.of('list', d)}${r.chance(0.5) ? ', "-"' : ''})`;
      case 7:
        return `split(${this.of('string', d)}, ${r.pick(['","', '""', '"o"'])})[0]`;
      case 8:
        return `repeat(${this.of('string', d)}, ${r.pick(['0', '2', '-1'])})`;
      case 9:
        return `${r.pick(['trimPrefix', 'trimSuffix'])}(${this.of('string', d)}, ${r.pick(['"o"', '"h"', '" "'])})`;
      case 10:
        return `${this.of('bool', d)} ? ${this.of('string', d)} : ${this.of('string', d)}`;
      default:
        return `string(${this.of('number', d)})`;
    }
  }

  private list(d: number): string {
    const r = this.r;
    switch (r.int(11)) {
      case 0:
      case 1:
        return this.leaf('list');
      case 2:
        return `[${Array.from({ length: r.int(4) }, () => this.of(r.pick(['number', 'string', 'any'] as Kind[]), d)).join(', ')}]`;
      case 3:
        return `filter(${this.of('list', d)}, ${this.predicate(d, 'bool')})`;
      case 4:
        return `map(${this.of('list', d)}, ${this.predicate(d, r.pick(['number', 'string', 'any'] as Kind[]))})`;
      case 5:
        return `${r.pick(['keys', 'values'])}(${this.of('map', d)})`;
      case 6:
        return `${r.pick(['split', 'splitAfter'])}(${this.of('string', d)}, ",")`;
      case 7:
        return `${r.pick(['1..3', '0..0', '2..1'])}`;
      case 8:
        return `(${this.of('list', d)})[${r.pick(['1:', ':1', '1:2', '-2:'])}]`;
      case 9:
        return `${r.pick(['sort', 'reverse', 'uniq', 'flatten'])}(${this.of('list', d)})`;
      default:
        return `concat(${this.of('list', d)}, ${this.of('list', d)})`;
    }
  }

  private map(d: number): string {
    const r = this.r;
    switch (r.int(4)) {
      case 0:
      case 1:
        return this.leaf('map');
      case 2:
        return `{${r.pick(['a', '"status"', 'value'])}: ${this.of('any', d)}}`;
      default:
        return `fromJSON(${r.pick(['\'{"a": 1}\'', '"[1, 2]"', '"1.5"', '"{"', 'toJSON(result)'])})`;
    }
  }

  private time(_depth: number): string {
    const r = this.r;
    switch (r.int(4)) {
      case 0:
      case 1:
        return this.leaf('time');
      case 2:
        return `${this.leaf('time')} ${r.pick(['+', '-'])} duration(${r.pick(['"1h"', '"30m"', '"1.5s"', '"-2h45m"'])})`;
      default:
        return `date(${r.pick(['"2024-02-30"', '"2024-01-02 03:04"', '"Jan 2, 2024"', '"not a date"'])})`;
    }
  }

  private any(d: number): string {
    const r = this.r;
    switch (r.int(8)) {
      case 0:
      case 1:
      case 2:
        return this.leaf('any');
      case 3: {
        const map = this.path('map');
        return map ? `${map}.${r.pick(fields)}${r.chance(0.3) ? `?.${r.pick(fields)}` : ''}` : this.leaf('any');
      }
      case 4: {
        const map = this.path('map');
        return map ? `${map}?.${r.pick(fields)}?.${r.pick(fields)}` : this.leaf('any');
      }
      case 5: {
        const list = this.path('list');
        const map = this.path('map');
        if (list) return `${list}[${r.pick(['0', '1', '-1', '5'])}]`;
        return map ? `${map}[${r.pick(['"status"', '"value"', '"missing"'])}]` : this.leaf('any');
      }
      case 6:
        return `first(${this.of('list', d)})`;
      default:
        return `get(result, ${r.pick(['"status"', '0', '"x"'])})`;
    }
  }

  private predicate(d: number, kind: Kind): string {
    const r = this.r;
    const body =
      kind === 'bool'
        ? r.pick([
            `# ${r.pick(['>', '<', '==', '>='])} ${this.of('number', d + 1)}`,
            `# != nil`,
            `.status == "ok"`,
            `#index > 0`,
            `type(#) == "float"`,
            `# matches "o"`,
            this.of('bool', d + 1),
          ])
        : kind === 'number'
          ? r.pick(['# * 2', '#index', '# + 0.5', 'len(#)', '.value'])
          : kind === 'string'
            ? r.pick(['string(#)', 'upper(#)', '.status'])
            : r.pick(['#', '.value', '#?.x', '[#]']);
    return r.chance(0.5) ? `{${body}}` : body;
  }
}

export function generateCases(seed: number, count: number): OracleCase[] {
  const random = seededRandom(seed);
  const generator = new ExpressionGenerator(random);
  const cases: OracleCase[] = [];
  for (let i = 0; i < count; i++) {
    const result = randomResult(random);
    generator.forResult(result);
    cases.push({ expression: generator.condition(), result });
  }
  return cases;
}
