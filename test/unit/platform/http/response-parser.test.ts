// The response parser gives the same result however the bytes are split: every case is fed whole,
// split in two at every byte position, and one byte at a time.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ResponseParseError } from '../../../../src/platform/http/response-head.ts';
import { MAX_HEAD_BYTES, ResponseParser } from '../../../../src/platform/http/response-parser.ts';

interface Parsed {
  status: number | undefined;
  headers: string[];
  body: string;
  complete: boolean;
  keepAlive: boolean | undefined;
  extraBytes: boolean;
  /** What close() answered, when the connection was closed after the input. */
  closedComplete?: boolean;
}

function parse(pieces: Buffer[], method: string, closeAfter: boolean): Parsed {
  const result: Parsed = {
    status: undefined,
    headers: [],
    body: '',
    complete: false,
    keepAlive: undefined,
    extraBytes: false,
  };
  const body: Buffer[] = [];
  let ends = 0;
  const parser = new ResponseParser(
    {
      onHead: (head) => {
        assert.equal(result.status, undefined, 'one head per response');
        result.status = head.status;
        result.headers = head.rawHeaders;
        result.keepAlive = head.keepAlive;
      },
      onData: (chunk) => {
        assert.ok(chunk.length > 0, 'no empty data events');
        body.push(Buffer.from(chunk));
      },
      onEnd: () => ends++,
    },
    method,
  );
  for (const piece of pieces) parser.feed(piece);
  if (closeAfter) result.closedComplete = parser.close();
  assert.ok(ends <= 1, 'the end is reported once');
  result.body = Buffer.concat(body).toString('latin1');
  result.complete = parser.complete;
  assert.equal(ends === 1, parser.complete);
  result.extraBytes = parser.extraBytes;
  return result;
}

/** Every way of feeding `raw` that the tests use. */
function splits(raw: Buffer): Buffer[][] {
  const ways: Buffer[][] = [[raw], [...raw].map((byte) => Buffer.from([byte]))];
  for (let at = 1; at < raw.length; at++) ways.push([raw.subarray(0, at), raw.subarray(at)]);
  return ways;
}

interface Case {
  name: string;
  raw: string;
  method?: string;
  closeAfter?: boolean;
  expected: Parsed;
}

const ok = (headers: string[], body: string, extra: Partial<Parsed> = {}): Parsed => ({
  status: 200,
  headers,
  body,
  complete: true,
  keepAlive: true,
  extraBytes: false,
  ...extra,
});

const cases: Case[] = [
  {
    name: 'Content-Length body',
    raw: 'HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 5\r\n\r\nhello',
    expected: ok(['Content-Type', 'text/plain', 'Content-Length', '5'], 'hello'),
  },
  {
    name: 'Content-Length 0',
    raw: 'HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n',
    expected: ok(['Content-Length', '0'], ''),
  },
  {
    name: 'chunked with extensions, upper-case hex and trailers',
    raw: 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5;name=value\r\nhello\r\nA ; x="y"\r\n, world!!!\r\n0\r\nX-Checksum: abc\r\nX-Other: 1\r\n\r\n',
    expected: ok(['Transfer-Encoding', 'chunked'], 'hello, world!!!'),
  },
  {
    name: 'chunked without trailers, with names and codings in any case',
    raw: 'HTTP/1.1 201 Created\r\ntransfer-ENCODING: gzip, Chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n',
    expected: { ...ok(['transfer-ENCODING', 'gzip, Chunked'], 'abc'), status: 201 },
  },
  {
    name: 'an answer to HEAD has no body, whatever its Content-Length',
    raw: 'HTTP/1.1 200 OK\r\nContent-Length: 1234\r\n\r\n',
    method: 'HEAD',
    expected: ok(['Content-Length', '1234'], ''),
  },
  {
    name: '304 has no body',
    raw: 'HTTP/1.1 304 Not Modified\r\nETag: "x"\r\nContent-Length: 99\r\n\r\n',
    expected: { ...ok(['ETag', '"x"', 'Content-Length', '99'], ''), status: 304 },
  },
  {
    name: '204 has no body',
    raw: 'HTTP/1.1 204 No Content\r\n\r\n',
    expected: { ...ok([], ''), status: 204 },
  },
  {
    name: 'interim 100 and 103 answers are skipped',
    raw: 'HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 103 Early Hints\r\nLink: </a.css>\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok',
    expected: ok(['Content-Length', '2'], 'ok'),
  },
  {
    name: 'Connection: close ends keep-alive',
    raw: 'HTTP/1.1 200 OK\r\nConnection: keep-alive, Close\r\nContent-Length: 2\r\n\r\nok',
    expected: ok(['Connection', 'keep-alive, Close', 'Content-Length', '2'], 'ok', { keepAlive: false }),
  },
  {
    name: 'a body without length is read until the connection closes',
    raw: 'HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\nall of it\r\n\r\nand more',
    closeAfter: true,
    expected: ok(['Content-Type', 'text/plain'], 'all of it\r\n\r\nand more', {
      keepAlive: false,
      closedComplete: true,
    }),
  },
  {
    name: 'HTTP/1.0 closes unless it asks for keep-alive',
    raw: 'HTTP/1.0 200 OK\r\nContent-Length: 2\r\n\r\nok',
    expected: ok(['Content-Length', '2'], 'ok', { keepAlive: false }),
  },
  {
    name: 'HTTP/1.0 with Connection: keep-alive',
    raw: 'HTTP/1.0 200 OK\r\nConnection: Keep-Alive\r\nContent-Length: 2\r\n\r\nok',
    expected: ok(['Connection', 'Keep-Alive', 'Content-Length', '2'], 'ok'),
  },
  {
    name: 'every Set-Cookie is kept, in order, names as received',
    raw: 'HTTP/1.1 200 OK\r\nSet-Cookie: a=1; Path=/\r\nset-cookie: b=2\r\nCONTENT-LENGTH: 0\r\n\r\n',
    expected: ok(['Set-Cookie', 'a=1; Path=/', 'set-cookie', 'b=2', 'CONTENT-LENGTH', '0'], ''),
  },
  {
    name: 'bare LF line ends, values trimmed, folded lines joined',
    raw: 'HTTP/1.1 200 OK\nX-A:   spaced  \nX-Long: one\n  two\nContent-Length: 1\n\nz',
    expected: ok(['X-A', 'spaced', 'X-Long', 'one two', 'Content-Length', '1'], 'z'),
  },
  {
    name: 'identical repeated Content-Length values are accepted',
    raw: 'HTTP/1.1 200 OK\r\nContent-Length: 3, 3\r\nContent-Length: 3\r\n\r\nabc',
    expected: ok(['Content-Length', '3, 3', 'Content-Length', '3'], 'abc'),
  },
  {
    name: 'Transfer-Encoding wins over Content-Length, and the connection is not reused',
    raw: 'HTTP/1.1 200 OK\r\nContent-Length: 100\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nok\r\n0\r\n\r\n',
    expected: ok(['Content-Length', '100', 'Transfer-Encoding', 'chunked'], 'ok', { keepAlive: false }),
  },
  {
    name: 'bytes after the response are noticed',
    raw: 'HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nokHTTP/1.1 200 OK\r\n',
    expected: ok(['Content-Length', '2'], 'ok', { extraBytes: true }),
  },
  {
    name: 'a Content-Length body cut short is incomplete',
    raw: 'HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nshort',
    closeAfter: true,
    expected: ok(['Content-Length', '10'], 'short', { complete: false, closedComplete: false }),
  },
  {
    name: 'a chunked body cut short is incomplete',
    raw: 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhel',
    closeAfter: true,
    expected: ok(['Transfer-Encoding', 'chunked'], 'hel', { complete: false, closedComplete: false }),
  },
];

describe('response parser', () => {
  for (const c of cases) {
    it(c.name, () => {
      const raw = Buffer.from(c.raw, 'latin1');
      for (const pieces of splits(raw)) {
        const split = pieces.map((p) => p.length).join('+');
        assert.deepEqual(parse(pieces, c.method ?? 'GET', c.closeAfter ?? false), c.expected, `split ${split}`);
      }
    });
  }

  const malformed: Array<[string, string]> = [
    ['a status line that is not HTTP/1.x', 'HTTP/2 200 OK\r\n\r\n'],
    ['a status that is not three digits', 'HTTP/1.1 20 OK\r\n\r\n'],
    ['a header line without a colon', 'HTTP/1.1 200 OK\r\nNoColon\r\n\r\n'],
    ['a header name with a space', 'HTTP/1.1 200 OK\r\nBad Name: x\r\n\r\n'],
    ['a Content-Length that is not a number', 'HTTP/1.1 200 OK\r\nContent-Length: 12a\r\n\r\n'],
    ['conflicting Content-Length values', 'HTTP/1.1 200 OK\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nx'],
    ['a chunk size that is not hex', 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n'],
    ['chunk data not followed by CRLF', 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nokX\r\n'],
    [
      'a 101 to a request that did not ask for an upgrade',
      'HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n\r\n',
    ],
  ];
  for (const [name, raw] of malformed) {
    it(`refuses ${name}`, () => {
      for (const pieces of splits(Buffer.from(raw, 'latin1')))
        assert.throws(() => parse(pieces, 'GET', false), ResponseParseError);
    });
  }

  it('refuses a head larger than the limit, before it is complete', () => {
    const parser = new ResponseParser(
      { onHead: () => assert.fail('no head'), onData: () => undefined, onEnd: () => undefined },
      'GET',
    );
    parser.feed(Buffer.from('HTTP/1.1 200 OK\r\n'));
    const line = Buffer.from(`X-Filler: ${'a'.repeat(1000)}\r\n`);
    assert.throws(() => {
      for (let sent = 0; sent <= MAX_HEAD_BYTES; sent += line.length) parser.feed(line);
    }, ResponseParseError);
  });

  it('hands body data on as views of the input, without copying', () => {
    const raw = Buffer.from('HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello');
    const seen: Buffer[] = [];
    new ResponseParser(
      { onHead: () => undefined, onData: (chunk) => seen.push(chunk), onEnd: () => undefined },
      'GET',
    ).feed(raw);
    assert.equal(seen.length, 1);
    assert.equal(seen[0]!.buffer, raw.buffer);
  });
});
