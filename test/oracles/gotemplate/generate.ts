// Generated cases for the text/template oracle: JSON data shaped like a small Rollout (strings,
// float64 numbers, bools, null, lists, maps) and templates built from the grammar notification
// templates use: text, actions with field chains and variables, pipelines, the functions sluice
// implements (builtins and the Sprig subset), if / else if / with / range / break / continue,
// define / template, trim markers and comments, and now and then a broken template.
import type { Random } from '../random.ts';

export interface TemplateCase {
  template: string;
  data: unknown;
}

const words = ['demo', 'Canary', 'a b', '', ' pad ', 'x,y', 'ünï', 'q"uote', 'line\nbreak', '<&>', '5', '0x1f', '2.0'];

function scalar(random: Random): unknown {
  switch (random.int(6)) {
    case 0:
      return random.pick(words);
    case 1:
      return random.int(7) - 2;
    case 2:
      return random.pick([0.5, 1.25, -3.75, 1e6, 123456.5, 1e-5, 2e21]);
    case 3:
      return random.chance(0.5);
    case 4:
      return null;
    default:
      return random.pick(words);
  }
}

export function generateData(random: Random): Record<string, unknown> {
  const list = Array.from({ length: random.int(4) }, () => scalar(random));
  return {
    s: random.pick(words),
    t: random.pick(words),
    n: random.int(6),
    f: random.pick([0.5, 2.25, -1.5, 1e6, 3]),
    b: random.chance(0.5),
    z: null,
    e: '',
    l: list,
    m: { x: scalar(random), y: random.pick(words), k: random.int(3) },
    items: Array.from({ length: random.int(3) }, () => ({
      name: random.pick(words),
      image: random.pick(words),
      n: random.int(4),
    })),
    nested: { s: random.pick(words), l: [random.pick(words), random.pick(words)], m: {} },
  };
}

const fields = [
  '.s',
  '.t',
  '.n',
  '.f',
  '.b',
  '.z',
  '.e',
  '.l',
  '.m',
  '.m.x',
  '.m.y',
  '.m.k',
  '.items',
  '.nested.s',
  '.nested.l',
  '.nested.m',
  '.missing',
  '.missing.deep',
  '.m.none',
  '.z.x',
  '.',
  '$',
];

const stringLiterals = ['"a"', '"demo"', '""', '" "', '"%v"', '`raw`', '"\\n"', '"x,y"', '","', '"-"'];
const numberLiterals = ['0', '1', '2', '-1', '3', '1.5', '10'];

/** Functions by the kinds of arguments they read (a rough guide; wrong types are fine, Go decides). */
const functions: Array<[string, number]> = [
  ['upper', 1],
  ['lower', 1],
  ['title', 1],
  ['trim', 1],
  ['trimPrefix', 2],
  ['trimSuffix', 2],
  ['trimAll', 2],
  ['replace', 3],
  ['contains', 2],
  ['hasPrefix', 2],
  ['hasSuffix', 2],
  ['repeat', 2],
  ['quote', 1],
  ['squote', 1],
  ['cat', 2],
  ['default', 2],
  ['empty', 1],
  ['coalesce', 2],
  ['ternary', 3],
  ['toJson', 1],
  ['toPrettyJson', 1],
  ['toString', 1],
  ['join', 2],
  ['add', 2],
  ['sub', 2],
  ['mul', 2],
  ['div', 2],
  ['mod', 2],
  ['add1', 1],
  ['len', 1],
  ['index', 2],
  ['not', 1],
  ['and', 2],
  ['or', 2],
  ['eq', 2],
  ['ne', 2],
  ['lt', 2],
  ['le', 2],
  ['gt', 2],
  ['ge', 2],
  ['print', 2],
  ['println', 1],
  ['printf', 2],
  ['list', 2],
  ['first', 1],
  ['last', 1],
  ['dict', 2],
  ['hasKey', 2],
  ['int', 1],
  ['int64', 1],
  ['float64', 1],
  ['indent', 2],
  ['nindent', 2],
  ['trunc', 2],
  ['substr', 3],
  ['nospace', 1],
  ['b64enc', 1],
  ['splitList', 2],
  ['atoi', 1],
  ['max', 2],
  ['min', 2],
  ['html', 1],
  ['urlquery', 1],
];

const formats = [
  '"%v"',
  '"%s"',
  '"%d"',
  '"%q"',
  '"%v-%v"',
  '"%5v|"',
  '"%-4s|"',
  '"%t"',
  '"%.2f"',
  '"%x"',
  '"100%%"',
  '"%03d"',
];

class Builder {
  private readonly random: Random;
  private vars: string[] = [];
  private depth = 0;

  constructor(random: Random) {
    this.random = random;
  }

  operand(): string {
    const random = this.random;
    const roll = random.int(10);
    if (roll < 5) return random.pick(fields);
    if (roll < 6 && this.vars.length > 0) return random.pick(this.vars) + (random.chance(0.2) ? '.name' : '');
    if (roll < 7) return random.pick(stringLiterals);
    if (roll < 8) return random.pick(numberLiterals);
    if (roll < 9 && this.depth < 2) {
      this.depth++;
      const inner = `(${this.pipeline()})`;
      this.depth--;
      return inner;
    }
    return random.pick(['true', 'false', 'nil', '.l', '.n']);
  }

  command(first: boolean): string {
    const random = this.random;
    if (first && random.chance(0.35)) return this.operand();
    const [name, arity] = random.pick(functions);
    if (name === 'printf')
      return `printf ${random.pick(formats)} ${this.operand()}${random.chance(0.3) ? ` ${this.operand()}` : ''}`;
    // In a later stage the previous value is the last argument.
    const count = Math.max(0, arity - (first ? 0 : 1) + (random.chance(0.1) ? 1 : 0) - (random.chance(0.1) ? 1 : 0));
    const args = Array.from({ length: count }, () => this.operand());
    return [name, ...args].join(' ');
  }

  pipeline(): string {
    const stages = 1 + (this.random.chance(0.3) ? 1 + this.random.int(2) : 0);
    const parts: string[] = [];
    for (let i = 0; i < stages; i++) parts.push(this.command(i === 0));
    return parts.join(' | ');
  }

  open(): string {
    return this.random.chance(0.15) ? '{{- ' : '{{';
  }

  close(): string {
    return this.random.chance(0.15) ? ' -}}' : '}}';
  }

  text(): string {
    return this.random.pick(['a', ' ', '\n', ', ', ' x ', '{', '}', '"', '-', '\t|']);
  }

  items(count: number, inRange: boolean): string {
    let out = '';
    for (let i = 0; i < count; i++) out += this.item(inRange);
    return out;
  }

  item(inRange: boolean): string {
    const random = this.random;
    const roll = random.int(20);
    const nest = this.depth < 2;
    if (roll < 6) return this.text();
    if (roll < 11) return `${this.open()}${this.pipeline()}${this.close()}`;
    if (roll < 12) {
      const name = `$v${random.int(3)}`;
      const declared = this.vars.includes(name);
      if (!declared) this.vars.push(name);
      return `${this.open()}${name} ${declared && random.chance(0.5) ? '=' : ':='} ${this.pipeline()}${this.close()}`;
    }
    if (roll < 14 && nest) return this.control('if', inRange);
    if (roll < 15 && nest) return this.control('with', inRange);
    if (roll < 17 && nest) return this.range();
    if (roll < 18) return `${this.open()}/* note */${this.close()}`;
    if (roll < 19 && inRange) return random.chance(0.5) ? '{{break}}' : '{{continue}}';
    return this.text();
  }

  control(kind: 'if' | 'with', inRange: boolean): string {
    const random = this.random;
    this.depth++;
    const saved = [...this.vars];
    let out = `{{${kind} ${this.pipeline()}}}${this.items(1 + random.int(2), inRange)}`;
    if (random.chance(0.3)) out += `{{else ${kind} ${this.pipeline()}}}${this.items(1, inRange)}`;
    if (random.chance(0.4)) out += `{{else}}${this.items(1 + random.int(2), inRange)}`;
    out += '{{end}}';
    this.vars = saved;
    this.depth--;
    return out;
  }

  range(): string {
    const random = this.random;
    this.depth++;
    const saved = [...this.vars];
    const target = random.pick([
      '.l',
      '.m',
      '.items',
      '.nested.l',
      '.n',
      '.s',
      '.missing',
      '.z',
      '(list 1 2)',
      '2',
      '.e',
    ]);
    let head: string;
    const roll = random.int(3);
    if (roll === 0) head = target;
    else if (roll === 1) {
      head = `$e := ${target}`;
      this.vars.push('$e');
    } else {
      head = `$i, $e := ${target}`;
      this.vars.push('$i', '$e');
    }
    let out = `{{range ${head}}}${this.items(1 + random.int(3), true)}`;
    if (random.chance(0.3)) out += `{{else}}${this.items(1, false)}`;
    out += '{{end}}';
    this.vars = saved;
    this.depth--;
    return out;
  }
}

const breakages: Array<(template: string, random: Random) => string> = [
  (t) => `${t}{{`,
  (t) => `${t}{{end}}`,
  (t) => `{{if .s}}${t}`,
  (t) => `${t}{{nofunc .s}}`,
  (t) => `${t}{{$undefined}}`,
  (t) => `${t}{{.s .t}}`,
  (t) => `${t}{{"a" | "b"}}`,
  (t) => `${t}{{(.s}}`,
  (t) => `${t}{{else}}`,
  (t) => `${t}{{break}}`,
];

export function generateTemplateCase(random: Random): TemplateCase {
  const builder = new Builder(random);
  let template = builder.items(1 + random.int(5), false);
  if (random.chance(0.1))
    template = `{{define "part"}}${builder.items(2, false)}{{end}}${template}{{template "part" .m}}`;
  if (random.chance(0.07)) template = random.pick(breakages)(template, random);
  return { template, data: generateData(random) };
}
