// The redactor hides a secret in every form it takes on the way back from a server: raw,
// JSON-escaped (as JSON.stringify, Go, Python and PHP write it, and twice), percent-encoded (as
// encodeURIComponent, forms, and the URL parser write it) and base64/base64url (alone or after
// `user:` in a basic-auth header, at any offset). The forms here come from the platform's own
// encoders, not from the redactor; secretLeaks then reads what is left for any piece of it.
import assert from 'node:assert/strict';
import { Buffer } from 'node:buffer';
import { describe, it } from 'node:test';
import { REDACTED, redactor } from '../../../src/analysis/redact.ts';
import { AWKWARD_SECRET, secretLeaks } from '../../support/secret-leaks.ts';

function goJson(text: string): string {
  return JSON.stringify(text)
    .slice(1, -1)
    .replace(/[<>&\u2028\u2029]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

function asciiJson(text: string): string {
  return JSON.stringify(text)
    .slice(1, -1)
    .replace(/[^\x00-\x7f]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

function formsOf(secret: string): Array<[string, string]> {
  const forms: Array<[string, string]> = [
    ['raw', secret],
    ['JSON.stringify', JSON.stringify(secret)],
    ['Go encoding/json', goJson(secret)],
    ['ASCII-only JSON (Python)', asciiJson(secret)],
    ['JSON with \\/ (PHP)', JSON.stringify(secret).replace(/\//g, '\\/')],
    ['JSON twice', JSON.stringify(JSON.stringify(secret))],
    ['Go JSON inside JSON', JSON.stringify(goJson(secret))],
    ['encodeURIComponent', encodeURIComponent(secret)],
    [
      'encodeURIComponent, lower-case hex',
      encodeURIComponent(secret).replace(/%[0-9A-F]{2}/g, (hex) => hex.toLowerCase()),
    ],
    ['encodeURI', encodeURI(secret)],
    ['form with +', new URLSearchParams({ a: secret }).toString().slice(2)],
    ['encodeURIComponent with +', encodeURIComponent(secret).replace(/%20/g, '+')],
    [
      'URL user info',
      (() => {
        const url = new URL('http://h/');
        url.password = secret;
        return url.password;
      })(),
    ],
  ];
  // In a path or query a "?" or "#" of the secret ends that part: only a secret without them is whole there.
  if (!/[?#]/.test(secret)) {
    forms.push(['URL path', new URL(`http://h/${secret}`).pathname]);
    forms.push(['URL query', new URL(`http://h/?q=${secret}`).search]);
    forms.push(['URL path in a JSON body', JSON.stringify(new URL(`http://h/${secret}`).href)]);
  }
  // Base64 puts 3 bytes in 4 characters: a secret of 5 bytes or more has a whole group at any offset.
  const users = Buffer.byteLength(secret) >= 5 ? ['', 'u', 'us', 'usr', 'admin'] : [''];
  for (const user of users) {
    const plain = user === '' ? secret : `${user}:${secret}`;
    forms.push([`base64 of "${plain.slice(0, 8)}..."`, `Basic ${Buffer.from(plain, 'utf8').toString('base64')}`]);
    forms.push([`base64url of "${plain.slice(0, 8)}..."`, Buffer.from(plain, 'utf8').toString('base64url')]);
    forms.push([
      `base64 of "${plain.slice(0, 8)}..." with text after`,
      Buffer.from(`${plain}|and more text`, 'utf8').toString('base64'),
    ]);
  }
  return forms;
}

describe('redactor', () => {
  for (const secret of [AWKWARD_SECRET, 'hunter2-token-0123456789', 'ümlaut sécret/+?#&=', 'abc']) {
    for (const [name, form] of formsOf(secret)) {
      it(`hides ${JSON.stringify(secret)} as ${name}`, () => {
        const text = `before ${form} after`;
        const redacted = redactor([secret])(text);
        assert.ok(redacted.includes(REDACTED), `not redacted: ${redacted}`);
        assert.ok(!redacted.includes(form), redacted);
        if (secret.length >= 6) assert.deepEqual(secretLeaks(redacted, secret), [], redacted);
        assert.match(redacted, /^before /);
        assert.match(redacted, / after$/);
      });
    }
  }

  it('leaves a text without the secret as it was', () => {
    const text = 'GET http://127.0.0.1:8080/health: connection refused; value={"ok":true} Basic dXNlcjpvdGhlcg==';
    assert.equal(redactor([AWKWARD_SECRET])(text), text);
    assert.equal(redactor([])(text), text);
    assert.equal(redactor([''])(text), text);
  });

  it('hides a secret that contains another one whole, and both when they appear alone', () => {
    const redact = redactor(['token', 'token-extended']);
    assert.equal(redact('a token-extended b token c'), `a ${REDACTED} b ${REDACTED} c`);
  });

  it('hides every occurrence and every secret in one text', () => {
    const redact = redactor([AWKWARD_SECRET, 'second-secret-value']);
    const text = `${AWKWARD_SECRET} ${encodeURIComponent('second-secret-value')} ${goJson(AWKWARD_SECRET)} ${Buffer.from(`me:${AWKWARD_SECRET}`).toString('base64')}`;
    const redacted = redact(text);
    assert.deepEqual(secretLeaks(redacted, AWKWARD_SECRET), [], redacted);
    assert.ok(!redacted.includes('second-secret-value'), redacted);
  });
});
