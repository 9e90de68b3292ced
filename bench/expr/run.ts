// Evaluations per second of typical successCondition / failureCondition expressions, compiled
// once and evaluated many times, side by side in one run; and the time to compile each.
// Usage: node bench/expr/run.ts [seconds per case, default 0.5]
import process from 'node:process';
import { compile } from '../../src/expr/index.ts';

interface Case {
  name: string;
  condition: string;
  result: unknown;
}

const vector = Array.from({ length: 20 }, (_, index) => 0.91 + index * 0.004);
const cases: Case[] = [
  { name: 'first element', condition: 'result[0] >= 0.95', result: [0.97] },
  {
    name: 'empty or NaN guard',
    condition: 'len(result) == 0 || isNaN(result[0]) || result[0] >= 0.95',
    result: [Number.NaN],
  },
  { name: 'all() over a range query', condition: 'all(result, {# > 0.9})', result: vector },
  { name: 'default() on nil', condition: 'default(result, 0) < 0.05', result: null },
  {
    name: 'web JSON fields',
    condition: 'result.ok && result.successPercent >= 0.90',
    result: { ok: true, successPercent: 0.95 },
  },
  { name: 'asFloat of a string', condition: 'asFloat(result) <= 250', result: '187.5' },
  { name: 'string match', condition: 'result matches "^(ok|healthy)$"', result: 'healthy' },
];

const secondsPerCase = Number(process.argv[2] ?? '0.5');
const rows: string[][] = [['condition', 'compile µs', 'evaluations/s', 'ns/evaluation']];

for (const { name, condition, result } of cases) {
  const compileRounds = 2000;
  const compileStart = performance.now();
  for (let round = 0; round < compileRounds; round++) compile(condition, { names: ['result'] });
  const compileMicros = ((performance.now() - compileStart) * 1000) / compileRounds;

  const compiled = compile(condition, { names: ['result'] });
  const env = { result };
  for (let warm = 0; warm < 10_000; warm++) compiled.evaluate(env);
  let evaluations = 0;
  const start = performance.now();
  const deadline = start + secondsPerCase * 1000;
  let now = start;
  while (now < deadline) {
    for (let batch = 0; batch < 1000; batch++) compiled.evaluate(env);
    evaluations += 1000;
    now = performance.now();
  }
  const perSecond = evaluations / ((now - start) / 1000);
  rows.push([
    `${name}: ${condition}`,
    compileMicros.toFixed(1),
    Math.round(perSecond).toLocaleString('en-US'),
    (1e9 / perSecond).toFixed(0),
  ]);
}

const widths = rows[0]?.map((_, column) => Math.max(...rows.map((row) => (row[column] ?? '').length))) ?? [];
for (const [index, row] of rows.entries()) {
  process.stdout.write(
    `${row.map((cell, column) => (column === 0 ? cell.padEnd(widths[column] ?? 0) : cell.padStart(widths[column] ?? 0))).join('  ')}\n`,
  );
  if (index === 0) process.stdout.write(`${widths.map((width) => '-'.repeat(width)).join('  ')}\n`);
}
process.stdout.write(
  `\nnode ${process.version}, ${secondsPerCase}s per condition; compiled once, evaluated with a fresh budget each time.\n`,
);
