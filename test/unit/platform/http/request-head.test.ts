import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { requestHead } from '../../../../src/platform/http/request-head.ts';

describe('request head', () => {
  const written: Array<
    [string, string, string, Record<string, string | number | string[]>, Buffer | undefined, string]
  > = [
    [
      'GET without body: no framing header',
      'GET',
      '/a?b=1',
      { host: 'web' },
      undefined,
      'GET /a?b=1 HTTP/1.1\r\nhost: web\r\n\r\n',
    ],
    [
      'POST without body announces an empty one, as node does',
      'POST',
      '/',
      { host: 'web' },
      undefined,
      'POST / HTTP/1.1\r\nhost: web\r\ncontent-length: 0\r\n\r\n',
    ],
    [
      'a body gets its length when none is given',
      'PUT',
      '/x',
      { host: 'web' },
      Buffer.from('abc'),
      'PUT /x HTTP/1.1\r\nhost: web\r\ncontent-length: 3\r\n\r\n',
    ],
    [
      'a given length is kept',
      'POST',
      '/',
      { host: 'web', 'Content-Length': 3 },
      Buffer.from('abc'),
      'POST / HTTP/1.1\r\nhost: web\r\nContent-Length: 3\r\n\r\n',
    ],
    [
      'array values become repeated fields',
      'GET',
      '/',
      { host: 'web', cookie: ['a=1', 'b=2'] },
      undefined,
      'GET / HTTP/1.1\r\nhost: web\r\ncookie: a=1\r\ncookie: b=2\r\n\r\n',
    ],
  ];
  for (const [name, method, target, headers, body, expected] of written)
    it(name, () => assert.equal(requestHead(method, target, headers, body), expected));

  const refused: Array<[string, string, string, Record<string, string>]> = [
    ['a CR LF in a value', 'GET', '/', { host: 'web', 'x-a': 'v\r\nInjected: 1' }],
    ['a name that is not a token', 'GET', '/', { host: 'web', 'bad name': 'v' }],
    [
      'a Transfer-Encoding (the body would need chunk encoding)',
      'POST',
      '/',
      { host: 'web', 'transfer-encoding': 'chunked' },
    ],
    ['a method that is not a token', 'GE T', '/', { host: 'web' }],
    ['a target with a space', 'GET', '/a b', { host: 'web' }],
    ['an empty target', 'GET', '', { host: 'web' }],
  ];
  for (const [name, method, target, headers] of refused)
    it(`refuses ${name}`, () => assert.equal(requestHead(method, target, headers, undefined), undefined));
});
