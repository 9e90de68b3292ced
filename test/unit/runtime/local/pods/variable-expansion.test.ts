import { test } from 'node:test';
import assert from 'node:assert/strict';
import { expandVariables } from '../../../../../src/runtime/local/pods/variable-expansion.ts';

const vars: Record<string, string> = { PORT: '4312', NAME: 'web' };
const cases: Array<[string, string]> = [
  ['--port=$(PORT)', '--port=4312'],
  ['$(NAME)-$(PORT)', 'web-4312'],
  ['$(MISSING) stays', '$(MISSING) stays'],
  ['$$(PORT) is escaped', '$(PORT) is escaped'],
  ['cost: $5', 'cost: $5'],
  ['unclosed $(PORT', 'unclosed $(PORT'],
  ['trailing $', 'trailing $'],
];
for (const [input, expected] of cases) {
  test(`expandVariables(${JSON.stringify(input)})`, () =>
    assert.equal(
      expandVariables(input, (name) => vars[name]),
      expected,
    ));
}
