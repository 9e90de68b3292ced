import { test } from 'node:test';
import assert from 'node:assert/strict';
import { unexplainedCasts } from '../../../scripts/casts/rules.ts';
import { splitSource, statementStart } from '../../../scripts/casts/source-text.ts';

const lines = (...text: string[]): string => text.join('\n');

const cases: Array<{ name: string; source: string; expect: number[] }> = [
  { name: 'double cast without a comment', source: 'const a = b as unknown as C;', expect: [1] },
  { name: 'any cast without a comment', source: 'const a = (b as any).c;', expect: [1] },
  { name: 'any array cast', source: 'const a = b as any[];', expect: [1] },
  { name: 'reason on the same line', source: 'const a = b as unknown as C; // the parser yields unknown', expect: [] },
  {
    name: 'reason in a block comment before the cast',
    source: 'const a = /* JSON has no type */ b as unknown as C;',
    expect: [],
  },
  {
    name: 'reason on the line above',
    source: lines('// the fixture is partial on purpose', 'const a = b as unknown as C;'),
    expect: [],
  },
  {
    name: 'reason ending a block comment above',
    source: lines(
      '/**',
      ' * The watch stream carries untyped JSON.',
      ' * Only the kind was checked.',
      ' */',
      'const a = b as unknown as C;',
    ),
    expect: [],
  },
  {
    name: 'comment two lines above does not count',
    source: lines('// the fixture is partial', '', 'const a = b as unknown as C;'),
    expect: [3],
  },
  {
    name: 'trailing comment of the statement above does not count',
    source: lines('const x = 1; // counts the retries', 'const a = b as unknown as C;'),
    expect: [2],
  },
  { name: 'a one-word comment is no reason', source: 'const a = b as unknown as C; // cast', expect: [1] },
  { name: 'narrowing casts are not checked', source: 'const a = b as C; const d = e as unknown;', expect: [] },
  {
    name: 'words that merely start with any',
    source: 'const a = b as anything; const c = d as unknownThing;',
    expect: [],
  },
  { name: 'inside a string', source: 'const a = \'b as unknown as C\'; const d = "e as any";', expect: [] },
  { name: 'inside template text', source: 'const a = `b as any ${c} d as unknown as E`;', expect: [] },
  { name: 'inside a template expression', source: 'const a = `x ${b as any} y`;', expect: [1] },
  {
    name: 'nested template and braces',
    source: 'const a = `x ${f({ k: `${g}` })} y`; const z = q as any;',
    expect: [1],
  },
  { name: 'inside a comment', source: '// never write b as unknown as C\nconst a = 1;', expect: [] },
  {
    name: 'inside a regular expression',
    source: "const re = /x as any/; const s = 'y'.replace(/'/g, '');",
    expect: [],
  },
  {
    name: 'a quote in a regular expression does not open a string',
    source: 'const re = /[\'"]/;\nconst a = b as any;',
    expect: [2],
  },
  {
    name: 'division is not a regular expression',
    source: 'const a = (b / 2) as any; const c = d / e / f as any;',
    expect: [1, 1],
  },
  {
    name: 'lines after a multi-line template keep their numbers',
    source: lines('const t = `one', 'two`;', '', 'const a = b as any;'),
    expect: [4],
  },
  { name: 'cast split over two lines', source: lines('const a = b as unknown', '  as C;'), expect: [1] },
  {
    name: 'reason above a statement wrapped over lines',
    source: lines(
      '// the client takes only KubeObject',
      'const created = await client.create(',
      '  resource,',
      '  object as unknown as KubeObject,',
      ');',
    ),
    expect: [],
  },
  {
    name: 'reason on a line of the statement before the cast',
    source: lines(
      'const run = {',
      '  ...source, // copied whole: its fields are unchecked',
      '  kind: x,',
      '} as unknown as Run;',
    ),
    expect: [],
  },
  {
    name: 'reason above an object literal whose field is cast',
    source: lines('// fixtures are partial', 'const x = {', '  a: f({ b: 1 }, [2]),', '  c: d as any,', '};'),
    expect: [],
  },
  {
    name: 'a comment above a function does not explain a cast in its body',
    source: lines('// makes an a', 'function f(): A {', '  return b as unknown as A;', '}'),
    expect: [3],
  },
  {
    name: 'a comment above an arrow function does not explain a cast in its body',
    source: lines('// makes an a', 'const f = (): A => {', '  return b as unknown as A;', '};'),
    expect: [3],
  },
  {
    name: 'a comment above the statement before does not explain the next',
    source: lines(
      '// the first is explained',
      'const a = b as unknown as C;',
      'const d = e as unknown as F;',
      'if (x) {',
      '}',
      'g(h as any);',
    ),
    expect: [3, 6],
  },
  {
    name: 'the statement starts after a block that closes on the line before',
    source: lines('// only about the if', 'if (x) {', '  y();', '}', 'const a = b as any;'),
    expect: [5],
  },
  {
    name: 'a reason inside a later part of the statement does not count',
    source: lines('const a = f(', '  b as any,', '  c, // the c is known', ');'),
    expect: [2],
  },
];

for (const c of cases) {
  test(`casts: ${c.name}`, () => {
    const found = unexplainedCasts({ path: 'src/a.ts', source: c.source }).map((cast) => cast.line);
    assert.deepEqual(found, c.expect);
  });
}

test('casts: the code keeps every line break, so indexes stay those of the source', () => {
  const source = lines('const t = `a', 'b ${c} d', '`; // note', '/* x', 'y */ const z = /re/g;');
  const { code, comments } = splitSource(source);
  assert.equal(code.length, source.length);
  assert.deepEqual(code.split('\n').length, source.split('\n').length);
  assert.deepEqual(
    [...comments.entries()],
    [
      [3, [' note']],
      [4, [' x']],
      [5, ['y ']],
    ],
  );
});

test('casts: names the file, the line and the cast', () => {
  const [cast] = unexplainedCasts({ path: 'src/x.ts', source: lines('', 'f(b  as\tany);') });
  assert.deepEqual(cast, { path: 'src/x.ts', line: 2, cast: 'as any' });
});

test('casts: a statement starts after the semicolon, block or brace before it, wherever it wraps', () => {
  const source = lines('a();', 'if (x) { b(); }', 'const c = {', '  d: [e(', '    f,', '  )],', '};');
  const { code } = splitSource(source);
  const at = (text: string): number => source.indexOf(text);
  assert.equal(statementStart(code, at('f,')), at('const c'));
  assert.equal(statementStart(code, at('b();')), at('b();'));
  assert.equal(statementStart(code, at('x)')), at('if (x)'));
  assert.equal(statementStart(code, at('a()')), 0);
});
