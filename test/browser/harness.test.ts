// The browser harness itself, against a page served on loopback: chromium starts headless under
// this machine's limits, a locator wait sees a change the page makes by itself, the overflow check
// tells a page that scrolls sideways from one that does not, the accessibility probes find faint
// text and unnamed controls, and a screenshot lands in the folder CI keeps. So a failing dashboard
// test is about the dashboard, not the harness.
import assert from 'node:assert/strict';
import { existsSync, statSync } from 'node:fs';
import { contrastFailures, unnamedControls } from './support/accessibility.ts';
import { after, before, describe, it } from 'node:test';
import { startWebServer, type TestServer } from '../support/web-server.ts';
import {
  browserSkip,
  horizontalOverflow,
  openBrowser,
  PHONE,
  screenshot,
  type BrowserSession,
} from './support/browser.ts';

const PAGE = `<!doctype html><html lang="en"><head><meta name="viewport" content="width=device-width">
<title>harness</title></head><body><p id="state">waiting</p><button id="go">Go</button>
<div id="wide" style="width: 2000px; display: none">wide</div>
<script>
  document.getElementById('go').addEventListener('click', () =>
    setTimeout(() => (document.getElementById('state').textContent = 'done'), 200));
</script></body></html>`;

describe('the browser harness', { skip: browserSkip(), timeout: 120_000 }, () => {
  let server: TestServer;
  let session: BrowserSession;

  before(async () => {
    server = await startWebServer(() => ({ body: PAGE, headers: { 'content-type': 'text/html' } }));
    session = await openBrowser();
  });

  after(async () => {
    await session?.close();
    await server?.close();
  });

  it('opens a page, waits on a condition the page reaches later, and reaches the button by keyboard', async () => {
    const page = await session.page();
    await page.goto(server.url);
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate<string>('document.activeElement.id'), 'go');
    await page.keyboard.press('Enter');
    await page.getByText('done').waitFor();
    assert.deepEqual(session.errors, []);
  });

  it('measures the sideways overflow of the whole page at phone width', async () => {
    const page = await session.page(PHONE);
    await page.goto(server.url);
    assert.equal(await horizontalOverflow(page), 0);
    await page.evaluate(`document.getElementById('wide').style.display = 'block'`);
    assert.ok((await horizontalOverflow(page)) > 1000);
  });

  it('saves a screenshot as an artefact', async () => {
    const page = await session.page(PHONE);
    await page.goto(server.url);
    const file = await screenshot(page, 'harness');
    assert.ok(existsSync(file) && statSync(file).size > 500, file);
  });

  it('finds text below AA contrast and controls without a name, and passes what meets both', async () => {
    const page = await session.page();
    await page.setContent(
      `<p style="color:#999">faint</p><p style="color:#595959">dark enough</p>
       <h1 style="color:#949494">large and faint enough</h1><button disabled style="color:#ccc">off</button>
       <button></button><button aria-label="Close">×</button><label>Name <input></label><input id="bare">`,
    );
    assert.deepEqual(
      (await contrastFailures(page)).map((failure) => [failure.text, failure.needed]),
      [['faint', 4.5]],
    );
    assert.deepEqual(await unnamedControls(page), ['<button></button>', '<input id="bare">']);
  });
});
