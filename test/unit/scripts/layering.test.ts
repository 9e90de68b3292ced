import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkFile } from '../../../scripts/layering/rules.ts';

const cases: Array<{ name: string; path: string; source: string; expect: RegExp[] }> = [
  {
    name: 'pure folder importing node:fs',
    path: 'src/engine/a.ts',
    source: "import { readFileSync } from 'node:fs';",
    expect: [/engine is pure and may not import 'node:fs'/],
  },
  {
    name: 'the dashboard web UI importing a node builtin',
    path: 'src/dashboard/web/components/A.tsx',
    source: "import { readFileSync } from 'node:fs';",
    expect: [/dashboard-web runs in the browser and may not import 'node:fs'/],
  },
  {
    name: 'the dashboard web UI importing the server',
    path: 'src/dashboard/web/api.ts',
    source: "import { startDashboardServer } from '../server/index.ts';",
    expect: [/dashboard-web may not import from dashboard/],
  },
  {
    name: 'the dashboard web UI importing the contract, the view model and preact',
    path: 'src/dashboard/web/pages/A.tsx',
    source:
      "import type { RolloutPage } from '../../contract.ts';\nimport type { Status } from '../../../view/model.ts';\nimport { useState } from 'preact/hooks';\nconst now = Date.now();",
    expect: [],
  },
  {
    name: 'pure folder importing bare builtin',
    path: 'src/api/a.ts',
    source: "import http from 'http';",
    expect: [/may not import 'http'/],
  },
  {
    name: 'pure folder reading the clock',
    path: 'src/engine/a.ts',
    source: 'const t = Date.now();',
    expect: [/Date\.now/],
  },
  {
    name: 'pure folder with new Date()',
    path: 'src/analysis/a.ts',
    source: 'const t = new Date();',
    expect: [/new Date/],
  },
  {
    name: 'pure folder using process',
    path: 'src/expr/a.ts',
    source: 'const e = process.env.X;',
    expect: [/uses `process`/],
  },
  {
    name: 'pure folder with a timer',
    path: 'src/traffic/a.ts',
    source: 'setTimeout(() => {}, 1);',
    expect: [/timers/],
  },
  {
    name: 'engine importing a runtime',
    path: 'src/engine/a.ts',
    source: "import { x } from '../runtime/local/x.ts';",
    expect: [/engine may not import from runtime/],
  },
  {
    name: 'api importing the engine',
    path: 'src/api/a.ts',
    source: "export { y } from '../engine/y.ts';",
    expect: [/api may not import from engine/],
  },
  {
    name: 'dynamic import of a builtin',
    path: 'src/engine/a.ts',
    source: "const m = await import('node:os');",
    expect: [/may not import 'node:os'/],
  },
  {
    name: 'engine importing api',
    path: 'src/engine/a.ts',
    source: "import type { Rollout } from '../api/types/rollout.ts';",
    expect: [],
  },
  {
    name: 'runtime importing node builtins',
    path: 'src/runtime/local/a.ts',
    source: "import { spawn } from 'node:child_process'; Date.now();",
    expect: [],
  },
  {
    name: 'provider doing I/O',
    path: 'src/analysis/providers/web/a.ts',
    source: "import http from 'node:http'; fetch('x');",
    expect: [],
  },
  {
    name: 'clock mentioned only in a comment',
    path: 'src/engine/a.ts',
    source: '// never call Date.now() here\nconst a = 1;',
    expect: [],
  },
  {
    name: 'local runtime importing the controller',
    path: 'src/runtime/local/a.ts',
    source: "import { x } from '../kubernetes/x.ts';",
    expect: [/runtime-local may not import from runtime-kubernetes/],
  },
  {
    name: 'controller importing the local runtime',
    path: 'src/runtime/kubernetes/rollouts/a.ts',
    source: "import { x } from '../../local/store/x.ts';",
    expect: [/runtime-kubernetes may not import from runtime-local/],
  },
  {
    name: 'rollout loop importing a runtime',
    path: 'src/runtime/rollouts/a.ts',
    source: "import { x } from '../local/x.ts';\nimport { y } from '../kubernetes/y.ts';",
    expect: [
      /runtime-rollouts may not import from runtime-local/,
      /runtime-rollouts may not import from runtime-kubernetes/,
    ],
  },
  {
    name: 'rollout loop reading the clock',
    path: 'src/runtime/rollouts/a.ts',
    source: 'const t = Date.now();',
    expect: [/runtime-rollouts is pure but reads the clock/],
  },
  {
    name: 'both runtimes importing the shared loops',
    path: 'src/runtime/local/a.ts',
    source:
      "import { a } from '../rollouts/a.ts';\nimport { b } from '../analysis/b.ts';\nimport { c } from '../workloads.ts';",
    expect: [],
  },
  {
    name: 'platform importing the api',
    path: 'src/platform/a.ts',
    source: "import type { Rollout } from '../api/types/rollout.ts';",
    expect: [/platform is self-contained .* '\.\.\/api\/types\/rollout\.ts'/],
  },
  {
    name: 'platform importing a package',
    path: 'src/platform/a.ts',
    source: "import fc from 'fast-check';",
    expect: [/platform is self-contained .* 'fast-check'/],
  },
  {
    name: 'platform importing yaml (the one package it may use)',
    path: 'src/platform/a.ts',
    source: "import { parse } from 'yaml';",
    expect: [],
  },
  {
    name: 'platform importing itself and node',
    path: 'src/platform/http/a.ts',
    source: "import { b } from '../b.ts'; import { setTimeout } from 'node:timers';",
    expect: [],
  },
  {
    name: 'runtime importing platform',
    path: 'src/runtime/local/a.ts',
    source: "import { setLongTimeout } from '../../platform/long-timer.ts';",
    expect: [],
  },
  {
    name: 'engine importing platform',
    path: 'src/engine/a.ts',
    source: "import { setLongTimeout } from '../platform/long-timer.ts';",
    expect: [/engine may not import from platform/],
  },
  { name: 'file outside src', path: 'test/unit/a.ts', source: "import fs from 'node:fs';", expect: [] },
];

for (const c of cases) {
  test(`layering: ${c.name}`, () => {
    const messages = checkFile({ path: c.path, source: c.source }).map((v) => v.message);
    assert.equal(messages.length, c.expect.length, `got: ${messages.join('; ')}`);
    c.expect.forEach((pattern, i) => assert.match(messages[i] ?? '', pattern));
  });
}

test('layering: reports the line of the violation', () => {
  const [violation] = checkFile({ path: 'src/engine/a.ts', source: "const a = 1;\n\nimport os from 'node:os';" });
  assert.equal(violation?.line, 3);
});
