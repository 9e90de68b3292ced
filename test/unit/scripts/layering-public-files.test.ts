// The layering rule that code outside the engine and traffic reaches them only through their
// top-level files, and the conventions layer (pure, below everything but the api).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkFile } from '../../../scripts/layering/rules.ts';

const cases: Array<{ name: string; path: string; source: string; expect: RegExp[] }> = [
  {
    name: 'the view importing an engine internal',
    path: 'src/view/a.ts',
    source: "import { displayedPhase } from '../engine/core/phase.ts';",
    expect: [
      /view may import engine only through its top-level files \(src\/engine\/\*\.ts\), not its internals \('\.\.\/engine\/core\/phase\.ts'\)/,
    ],
  },
  {
    name: 'the CLI importing an engine internal',
    path: 'src/cli/target/a.ts',
    source: "import { undoPatch } from '../../engine/control/undo.ts';",
    expect: [/cli may import engine only through its top-level files/],
  },
  {
    name: 'a runtime importing an engine internal',
    path: 'src/runtime/local/a/b.ts',
    source: "export { x } from '../../../engine/canary/steps.ts';",
    expect: [/runtime-local may import engine only through/],
  },
  {
    name: "a runtime importing the engine's public files",
    path: 'src/runtime/local/a.ts',
    source:
      "import { undoPatch } from '../../engine/control.ts';\nimport type { Decision } from '../../engine/types.ts';",
    expect: [],
  },
  {
    name: 'the engine importing its own internals',
    path: 'src/engine/look-ahead.ts',
    source: "import { scale } from './core/scale.ts';",
    expect: [],
  },
  {
    name: 'a layer that may not import the engine at all',
    path: 'src/api/a.ts',
    source: "import { x } from '../engine/core/x.ts';",
    expect: [/api may not import from engine/],
  },
  {
    name: 'conventions importing the api',
    path: 'src/conventions/a.ts',
    source: "import type { Rollout } from '../api/types/rollout.ts';",
    expect: [],
  },
  {
    name: 'conventions importing the engine',
    path: 'src/conventions/a.ts',
    source: "import type { Decision } from '../engine/types.ts';",
    expect: [/conventions may not import from engine/],
  },
  {
    name: 'conventions reading the clock',
    path: 'src/conventions/a.ts',
    source: 'const t = Date.now();',
    expect: [/conventions is pure but reads the clock/],
  },
  {
    name: 'the engine and the view importing conventions',
    path: 'src/engine/core/a.ts',
    source: "import { POD_TEMPLATE_HASH_LABEL } from '../../conventions/labels.ts';",
    expect: [],
  },
];

for (const c of cases) {
  test(`layering: ${c.name}`, () => {
    const messages = checkFile({ path: c.path, source: c.source }).map((v) => v.message);
    assert.equal(messages.length, c.expect.length, `got: ${messages.join('; ')}`);
    c.expect.forEach((pattern, i) => assert.match(messages[i] ?? '', pattern));
  });
}

test('layering: a runtime importing a traffic internal, and its public files', () => {
  const deep = checkFile({
    path: 'src/runtime/local/mesh/a.ts',
    source: "import { normalizeHost } from '../../../traffic/match/hosts.ts';",
  }).map((v) => v.message);
  assert.deepEqual(deep, [
    "runtime-local may import traffic only through its top-level files (src/traffic/*.ts), not its internals ('../../../traffic/match/hosts.ts')",
  ]);
  assert.deepEqual(
    checkFile({
      path: 'src/runtime/local/mesh/a.ts',
      source:
        "import { normalizeHost } from '../../../traffic/match.ts';\nimport { createNoTrafficRouter } from '../../../traffic/routers.ts';",
    }),
    [],
  );
});
