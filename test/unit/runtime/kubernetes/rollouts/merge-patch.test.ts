import assert from 'node:assert/strict';
import { test } from 'node:test';
import { mergePatchBetween } from '../../../../../src/runtime/kubernetes/rollouts/merge-patch.ts';

/** RFC 7386 application, to check that the patch turns `from` into `to`. */
function applyMergePatch(target: unknown, patch: unknown): unknown {
  if (typeof patch !== 'object' || patch === null || Array.isArray(patch)) return patch;
  const result: Record<string, unknown> =
    typeof target === 'object' && target !== null && !Array.isArray(target)
      ? { ...(target as Record<string, unknown>) }
      : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete result[key];
    else result[key] = applyMergePatch(result[key], value);
  }
  return result;
}

const cases: Array<{ name: string; from: unknown; to: unknown; patch: unknown }> = [
  {
    name: 'equal objects give no patch',
    from: { a: 1, b: { c: [1, 2] } },
    to: { b: { c: [1, 2] }, a: 1 },
    patch: undefined,
  },
  { name: 'a changed scalar', from: { a: 1, b: 2 }, to: { a: 1, b: 3 }, patch: { b: 3 } },
  {
    name: 'a removed key becomes null',
    from: { a: 1, pauseConditions: [{ reason: 'x' }] },
    to: { a: 1 },
    patch: { pauseConditions: null },
  },
  {
    name: 'a list is replaced whole',
    from: { http: [{ name: 'a', w: 1 }, { name: 'b' }] },
    to: { http: [{ name: 'a', w: 2 }, { name: 'b' }] },
    patch: { http: [{ name: 'a', w: 2 }, { name: 'b' }] },
  },
  {
    name: 'nested changes only',
    from: { s: { x: 1, y: { z: 1, k: 2 } } },
    to: { s: { x: 1, y: { z: 2 } } },
    patch: { s: { y: { z: 2, k: null } } },
  },
  { name: 'undefined counts as absent', from: { a: undefined, b: 1 }, to: { b: 1, c: undefined }, patch: undefined },
  {
    name: 'a new key',
    from: {},
    to: { canary: { weights: { canary: { weight: 10 } } } },
    patch: { canary: { weights: { canary: { weight: 10 } } } },
  },
];

for (const { name, from, to, patch } of cases) {
  test(`mergePatchBetween: ${name}`, () => {
    const computed = mergePatchBetween(from, to);
    assert.deepEqual(computed, patch);
    if (computed !== undefined)
      assert.deepEqual(JSON.parse(JSON.stringify(applyMergePatch(from, computed))), JSON.parse(JSON.stringify(to)));
  });
}
