// The root path's spellings, its refusals, and the page's <base href> written from it.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { normalizeRootPath, withBaseHref } from '../../../src/dashboard/server/root-path.ts';

test('every spelling of a root path is one form; empty and / are the root', () => {
  const cases: Array<[string, string]> = [
    ['rollouts', '/rollouts'],
    ['/rollouts', '/rollouts'],
    ['/rollouts/', '/rollouts'],
    ['tools//rollouts/', '/tools/rollouts'],
    ['', ''],
    ['/', ''],
    ['  ', ''],
    ['v1.2_x~y-z', '/v1.2_x~y-z'],
  ];
  for (const [value, want] of cases) assert.equal(normalizeRootPath(value), want, value);
});

test('a root path that is not a plain path is refused, naming the flag', () => {
  for (const value of ['..', 'a/../b', './a', 'a b', 'a?b', 'a#b', '%2e%2e', 'é'])
    assert.throws(
      () => normalizeRootPath(value, '--dashboard-root-path'),
      new RegExp(
        `^Error: --dashboard-root-path takes a URL path such as rollouts .*, not "${value.replace(/[.?*+()]/g, '\\$&')}"$`,
      ),
      value,
    );
});

test("the page's base names the root path, replacing the built one or added first in its head", () => {
  assert.equal(
    withBaseHref('<head><base href="/" /><script src="app.js"></script>', '/rollouts'),
    '<head><base href="/rollouts/" /><script src="app.js"></script>',
  );
  assert.equal(withBaseHref('<head><base href="/" />', ''), '<head><base href="/" />');
  assert.equal(
    withBaseHref('<html><head lang="en"><title>t</title>', '/a/b'),
    '<html><head lang="en"><base href="/a/b/" /><title>t</title>',
  );
});
