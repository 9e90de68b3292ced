// docs/cli.md's reference of commands and flags is the one generated from the command specs.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { it } from 'node:test';
import { DOC, withReference } from '../../../scripts/cli-reference.ts';

it('docs/cli.md lists the commands, subcommands and flags of the specs (node scripts/cli-reference.ts rewrites it)', () => {
  const text = readFileSync(DOC, 'utf8');
  assert.equal(text, withReference(text), 'docs/cli.md differs from the specs: run node scripts/cli-reference.ts');
});
