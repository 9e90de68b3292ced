// Which file a URL path names in the UI's folder: the file, index.html for a client route, a 404
// for a missing asset or any way out of the folder, and what to do when the UI is not built.
import assert from 'node:assert/strict';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { ApiFailure } from '../../../src/dashboard/server/api-failure.ts';
import { contentTypeOf, resolveStatic } from '../../../src/dashboard/server/static-files.ts';
import { temporaryDir } from '../../integration/local/runtime/sluice-run.ts';

function folder(): string {
  const root = temporaryDir('static-unit');
  const ui = path.join(root, 'ui');
  mkdirSync(path.join(ui, 'assets'), { recursive: true });
  writeFileSync(path.join(ui, 'index.html'), 'index');
  writeFileSync(path.join(ui, 'assets', 'app.js'), 'js');
  writeFileSync(path.join(root, 'secret.txt'), 'secret');
  symlinkSync(path.join(root, 'secret.txt'), path.join(ui, 'assets', 'link.js'));
  symlinkSync(root, path.join(ui, 'up'));
  return ui;
}

const status = async (promise: Promise<unknown>) => {
  try {
    await promise;
    return 200;
  } catch (error) {
    assert.ok(error instanceof ApiFailure, String(error));
    return error.status;
  }
};

test('a file by its path, index.html for the root and for client routes', async () => {
  const ui = folder();
  assert.equal(await resolveStatic(ui, '/assets/app.js'), path.join(ui, 'assets', 'app.js'));
  assert.equal(await resolveStatic(ui, '/'), path.join(ui, 'index.html'));
  assert.equal(await resolveStatic(ui, '/rollouts/default/web'), path.join(ui, 'index.html'));
  assert.equal(await resolveStatic(ui, '/assets'), path.join(ui, 'index.html'));
});

test('a missing asset, a climb out of the folder or a link out of it is a 404', async () => {
  const ui = folder();
  for (const urlPath of [
    '/assets/missing.js',
    '/../secret.txt',
    '/%2e%2e/secret.txt',
    '/assets/..%2f..%2fsecret.txt',
    '/..%5csecret.txt',
    '/assets/link.js',
    '/up/secret.txt',
    '/index.html%00.js',
    '/%E0%A4%A',
  ])
    assert.equal(await status(resolveStatic(ui, urlPath)), 404, urlPath);
});

test('without a built UI: 503 saying how to build it', async () => {
  const empty = temporaryDir('static-empty');
  await assert.rejects(resolveStatic(empty, '/'), (error: unknown) => {
    assert.ok(error instanceof ApiFailure);
    assert.equal(error.status, 503);
    assert.match(error.message, /build it with: node scripts\/build-dashboard\.ts$/);
    return true;
  });
});

test('content types from the extension', () => {
  assert.equal(contentTypeOf('a.html'), 'text/html; charset=utf-8');
  assert.equal(contentTypeOf('a.JS'), 'text/javascript; charset=utf-8');
  assert.equal(contentTypeOf('a.css'), 'text/css; charset=utf-8');
  assert.equal(contentTypeOf('a.svg'), 'image/svg+xml');
  assert.equal(contentTypeOf('a.bin'), 'application/octet-stream');
});
