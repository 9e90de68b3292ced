// Generated YAML documents that use merge keys the ways manifests do and the odd ways too: anchored
// mappings merged alone or in lists, merged mappings that merge others, fields written before and
// after a merge, several merges in one mapping, and values a merge refuses (a scalar, a list with a
// scalar). Keys and values avoid what YAML 1.1 reads differently from sluice by design (y, n, yes,
// on: sluice keeps keys as written) so that every difference left is about merges.
import type { Random } from '../random.ts';

export interface YamlCase {
  text: string;
}

const KEYS = ['a', 'b', 'c', 'd', 'e'];

function scalar(random: Random): string {
  return random.pick(['1', '2', '30', 'v1', 'v2', '"s"', 'null', 'true']);
}

/** A small mapping written inline or as a block at `indent`, with fields from KEYS (each once). */
function fields(random: Random, anchors: string[], depth: number): Array<[string, string]> {
  const count = 1 + random.int(3);
  const keys = [...KEYS].sort(() => random.next() - 0.5).slice(0, count);
  const entries: Array<[string, string]> = keys.map((key) => [
    key,
    depth < 1 && random.chance(0.2) ? `{x: ${scalar(random)}}` : scalar(random),
  ]);
  if (anchors.length > 0 && random.chance(0.4))
    entries.splice(random.int(entries.length + 1), 0, ['<<', mergeValue(random, anchors, depth + 1, false)]);
  return entries;
}

function flowMap(entries: Array<[string, string]>): string {
  return `{${entries.map(([key, value]) => `${key}: ${value}`).join(', ')}}`;
}

/** What follows `<<:`: an alias, a list of aliases and inline mappings, or an inline mapping; rarely something a merge refuses. */
function mergeValue(random: Random, anchors: string[], depth: number, allowWrong: boolean): string {
  if (allowWrong && random.chance(0.06)) return random.pick(['5', '[5]', '*s', '[*s]', '"text"']);
  const alias = () => `*${random.pick(anchors)}`;
  const roll = random.int(10);
  if (roll < 5 && anchors.length > 0) return alias();
  if (roll < 8 && anchors.length > 0) {
    const items = Array.from({ length: 1 + random.int(3) }, () =>
      random.chance(0.75) ? alias() : flowMap(fields(random, [], depth + 1)),
    );
    return `[${items.join(', ')}]`;
  }
  return flowMap(fields(random, depth < 2 ? anchors : [], depth + 1));
}

export function generateYamlCase(random: Random): YamlCase {
  const lines: string[] = ['s: &s plain'];
  const anchors: string[] = [];
  const anchorCount = 1 + random.int(4);
  for (let index = 0; index < anchorCount; index++) {
    const name = `m${index}`;
    const entries = fields(random, anchors, 0);
    if (random.chance(0.5)) {
      lines.push(`${name}: &${name} ${flowMap(entries)}`);
    } else {
      lines.push(`${name}: &${name}`);
      for (const [key, value] of entries) lines.push(`  ${key}: ${value}`);
    }
    anchors.push(name);
  }
  const targets = 1 + random.int(3);
  for (let index = 0; index < targets; index++) {
    lines.push(`t${index}:`);
    const written = new Set<string>();
    const entryCount = 1 + random.int(5);
    for (let entry = 0; entry < entryCount; entry++) {
      if (random.chance(0.45)) {
        lines.push(`  <<: ${mergeValue(random, anchors, 0, true)}`);
        continue;
      }
      const free = KEYS.filter((key) => !written.has(key));
      if (free.length === 0) continue;
      const key = random.pick(free);
      written.add(key);
      lines.push(`  ${key}: ${scalar(random)}`);
    }
    if (random.chance(0.1)) lines.push(`  "<<": quoted`);
  }
  return { text: `${lines.join('\n')}\n` };
}
