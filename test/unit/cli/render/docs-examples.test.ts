// The examples in docs/cli-get.md are golden files: they must not drift from the real output.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { readGolden } from './golden.ts';
import { goldenCases } from './golden-cases.ts';

const docPath = path.resolve(import.meta.dirname, '..', '..', '..', '..', 'docs', 'cli-get.md');
const example = /<!-- golden: ([\w.-]+) -->\n```text\n([\s\S]*?)```/g;

test('every example block of docs/cli-get.md is its golden file', () => {
  const doc = readFileSync(docPath, 'utf8');
  const blocks = [...doc.matchAll(example)];
  assert.ok(blocks.length >= 3, 'the page shows examples');
  if (process.env.UPDATE_GOLDEN === '1') {
    writeFileSync(
      docPath,
      doc.replace(
        example,
        (_, name: string) => `<!-- golden: ${name} -->\n\`\`\`text\n${goldenCases[name]?.() ?? readGolden(name)}\`\`\``,
      ),
    );
    return;
  }
  for (const [, name, text] of blocks)
    assert.equal(
      text,
      readGolden(name ?? ''),
      `the example ${name} in docs/cli-get.md is out of date: rerun with UPDATE_GOLDEN=1`,
    );
});
