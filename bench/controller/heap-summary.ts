// Sums a V8 heap snapshot (from `bench/controller/run.ts --heap-snapshot DIR`) by what holds the
// memory: the self size and count of each node type and constructor (objects by constructor,
// closures by function name, strings together), and the strings held more than once (each copy is
// memory that one shared string would save).
//   node bench/controller/heap-summary.ts FILE.heapsnapshot [--top 30]
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

const { values, positionals } = parseArgs({
  options: { top: { type: 'string', default: '30' } },
  allowPositionals: true,
});
const file = positionals[0];
if (file === undefined) {
  process.stderr.write('usage: node bench/controller/heap-summary.ts FILE.heapsnapshot [--top 30]\n');
  process.exit(2);
}
const top = Number(values.top);

interface Snapshot {
  snapshot: { meta: { node_fields: string[]; node_types: [string[], ...unknown[]] } };
  nodes: number[];
  strings: string[];
}

const snapshot = JSON.parse(readFileSync(file, 'utf8')) as Snapshot;
const fields = snapshot.snapshot.meta.node_fields;
const types = snapshot.snapshot.meta.node_types[0];
const width = fields.length;
const typeAt = fields.indexOf('type');
const nameAt = fields.indexOf('name');
const sizeAt = fields.indexOf('self_size');

const byKind = new Map<string, { count: number; bytes: number }>();
const strings = new Map<string, { count: number; bytes: number }>();
let total = 0;
for (let at = 0; at < snapshot.nodes.length; at += width) {
  const type = types[snapshot.nodes[at + typeAt]!] ?? 'unknown';
  const name = snapshot.strings[snapshot.nodes[at + nameAt]!] ?? '';
  const bytes = snapshot.nodes[at + sizeAt]!;
  total += bytes;
  const isString = type === 'string' || type === 'concatenated string' || type === 'sliced string';
  const key = isString ? `(${type})` : type === 'object' || type === 'closure' ? `${type} ${name}` : `(${type})`;
  const entry = byKind.get(key) ?? { count: 0, bytes: 0 };
  entry.count++;
  entry.bytes += bytes;
  byKind.set(key, entry);
  if (type === 'string') {
    const copy = strings.get(name) ?? { count: 0, bytes: 0 };
    copy.count++;
    copy.bytes += bytes;
    strings.set(name, copy);
  }
}

const mb = (bytes: number): string => (bytes / 2 ** 20).toFixed(1).padStart(8);
console.log(`${file}: ${mb(total)} MB in ${snapshot.nodes.length / width} nodes`);
console.log('\nself size by type and constructor');
for (const [key, { count, bytes }] of [...byKind].sort((a, b) => b[1].bytes - a[1].bytes).slice(0, top))
  console.log(`${mb(bytes)} MB ${String(count).padStart(9)}  ${key.slice(0, 100)}`);

console.log('\nstrings held more than once (MB the extra copies take, copies, the string)');
const duplicated = [...strings]
  .filter(([, { count }]) => count > 1)
  .map(([text, { count, bytes }]) => ({ text, count, extra: bytes - bytes / count }))
  .sort((a, b) => b.extra - a.extra);
const extraTotal = duplicated.reduce((sum, entry) => sum + entry.extra, 0);
console.log(`${mb(extraTotal)} MB in all`);
for (const { text, count, extra } of duplicated.slice(0, top))
  console.log(`${mb(extra)} MB ${String(count).padStart(9)}  ${JSON.stringify(text.slice(0, 80))}`);
