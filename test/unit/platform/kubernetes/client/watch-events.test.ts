import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import {
  parseEventLine,
  WatchEventDecoder,
  WatchStreamError,
  type WatchEvent,
} from '../../../../../src/platform/kubernetes/client/watch-events.ts';

type Obj = { metadata: { name: string; resourceVersion: string }; data?: { text: string } };

const events: WatchEvent<Obj>[] = [
  { type: 'ADDED', object: { metadata: { name: 'a', resourceVersion: '10' }, data: { text: 'héllo ✓ 🚀' } } },
  { type: 'MODIFIED', object: { metadata: { name: 'a', resourceVersion: '11' } } },
  { type: 'BOOKMARK', object: { metadata: { resourceVersion: '15' } } },
  { type: 'DELETED', object: { metadata: { name: 'a', resourceVersion: '16' } } },
  {
    type: 'ERROR',
    object: { kind: 'Status', code: 410, reason: 'Expired', message: 'too old resource version: 1 (16)' },
  },
];
const stream = Buffer.from(events.map((event) => JSON.stringify(event) + '\n').join(''), 'utf8');

function decodeInPieces(bytes: Buffer, cuts: number[]): WatchEvent<Obj>[] {
  const decoder = new WatchEventDecoder<Obj>();
  const out: WatchEvent<Obj>[] = [];
  let start = 0;
  for (const cut of [...cuts].sort((a, b) => a - b)) {
    out.push(...decoder.push(bytes.subarray(start, cut)));
    start = cut;
  }
  out.push(...decoder.push(bytes.subarray(start)));
  out.push(...decoder.end());
  return out;
}

describe('WatchEventDecoder', () => {
  it('decodes a stream delivered in one chunk', () => {
    assert.deepEqual(decodeInPieces(stream, []), events);
  });

  it('decodes a stream cut at every single byte, through multi-byte characters', () => {
    const cuts = Array.from({ length: stream.length - 1 }, (_, i) => i + 1);
    assert.deepEqual(decodeInPieces(stream, cuts), events);
  });

  it('decodes the same events wherever the chunks are cut', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: stream.length }), { maxLength: 40 }), (cuts) => {
        assert.deepEqual(decodeInPieces(stream, cuts), events);
      }),
    );
  });

  it('holds back an unfinished line until its newline arrives', () => {
    const decoder = new WatchEventDecoder<Obj>();
    const line = JSON.stringify(events[1]);
    assert.deepEqual(decoder.push(line.slice(0, 10)), []);
    assert.equal(decoder.pendingLength, 10);
    assert.deepEqual(decoder.push(line.slice(10) + '\n'), [events[1]]);
    assert.equal(decoder.pendingLength, 0);
  });

  it('returns a last event not followed by a newline at the end', () => {
    const decoder = new WatchEventDecoder<Obj>();
    assert.deepEqual(decoder.push(JSON.stringify(events[0])), []);
    assert.deepEqual(decoder.end(), [events[0]]);
  });

  it('skips blank lines (keep-alive newlines)', () => {
    const decoder = new WatchEventDecoder<Obj>();
    assert.deepEqual(decoder.push('\n\r\n' + JSON.stringify(events[1]) + '\r\n\n'), [events[1]]);
  });
});

describe('parseEventLine', () => {
  const bad = [
    '{"type":"ADDED"',
    '[1,2]',
    '"text"',
    '{"type":"SOMETHING","object":{}}',
    '{"type":"ADDED","object":null}',
    '{"object":{}}',
  ];
  for (const line of bad) {
    it(`refuses ${line}`, () => {
      assert.throws(() => parseEventLine(line), WatchStreamError);
    });
  }
});
