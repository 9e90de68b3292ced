// The dashboard's web bundle as scripts/build-dashboard.ts writes it: an index.html naming one
// script and one stylesheet by their content hash, both present, minified, and nothing the page
// would load from another host (no CDN, no web fonts).
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { buildDashboard } from '../../../scripts/build-dashboard.ts';

describe('the dashboard web bundle', async () => {
  const parent = mkdtempSync(path.join(os.tmpdir(), 'sluice-dashboard-build-'));
  after(() => rmSync(parent, { recursive: true, force: true }));
  const out = path.join(parent, 'dashboard');
  const built = await buildDashboard(out);
  const html = readFileSync(path.join(out, 'index.html'), 'utf8');

  it('names its script and stylesheet by content hash, and both exist', () => {
    assert.match(built.script.file, /^app-[A-Z0-9]{8}\.js$/);
    assert.match(built.style.file, /^app-[A-Z0-9]{8}\.css$/);
    assert.ok(html.includes(`src="${built.script.file}"`), html);
    assert.ok(html.includes(`<base href="/" />`), 'the page names its base, which the server sets to the root path');
    assert.ok(html.includes(`href="${built.style.file}"`), html);
    const files = readdirSync(out);
    for (const file of [built.script.file, built.style.file, 'index.html'])
      assert.ok(files.includes(file), `${file} in ${files}`);
    assert.ok(!files.some((file) => file.includes('.build-')), `no staging folder left: ${files}`);
  });

  it('is an accessible page shell: a language and a title', () => {
    assert.match(html, /<html lang="en">/);
    assert.match(html, /<title>[^<]+<\/title>/);
  });

  it('loads nothing from another host', () => {
    const script = readFileSync(path.join(out, built.script.file), 'utf8');
    const style = readFileSync(path.join(out, built.style.file), 'utf8');
    assert.doesNotMatch(html, /(src|href)="(https?:)?\/\//);
    assert.doesNotMatch(style, /url\(\s*['"]?(https?:)?\/\//);
    assert.doesNotMatch(style, /@import|@font-face/);
    assert.doesNotMatch(script, /\bimport\s*\(\s*['"]https?:/);
  });

  it('is minified', () => {
    const script = readFileSync(path.join(out, built.script.file), 'utf8');
    const lines = script.split('\n').length;
    assert.ok(lines < 20, `the bundle has ${lines} lines`);
  });
});
